/**
 * The window's run history: the list of earlier runs (window and command line, newest first),
 * opening one in place of the latest, and the run the comparison is made with. The list is read
 * again whenever a run finishes, which the main process has recorded by then.
 */
import type { RunHistoryEntry } from '../../../shared/api';
import type { Language, RunCode } from '../../../shared/codes';
import type { Report } from '../../../shared/report';
import { api, describeError, log, unwrap } from './api';
import type { AppState } from './app.svelte';

/** Reports kept loaded (two compared, one shown, one spare): a report of 65,535 ports is megabytes. */
const CACHE_SIZE = 4;

/** A start time as the window shows it, in the reader's local time. */
export function formatWhen(iso: string, language: Language): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'medium',
  }).format(time);
}

/** The start time in a history id (`20261201T211132123Z-…`), for a run whose file cannot be read. */
export function whenOfId(id: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z` : id;
}

/** ✓ for a run where every port passed, – for one stopped, ✗ otherwise; the tone class with it. */
export function runSign(code: RunCode): { sign: string; tone: 'ok' | 'bad' | 'muted' } {
  if (code === 'ALL_PASSED') return { sign: '✓', tone: 'ok' };
  if (code === 'CANCELLED') return { sign: '–', tone: 'muted' };
  return { sign: '✗', tone: 'bad' };
}

/** The history's state; one per window. */
export class HistoryState {
  entries = $state<RunHistoryEntry[]>([]);
  error = $state<string | null>(null);
  /** The earlier run the window shows instead of its latest, or null. */
  viewing = $state<string | null>(null);
  /** The run the comparison is made with, when the user picked one (else the one before). */
  compareWith = $state<string | null>(null);
  private latest: Report | null = null;
  // A cache, never read by the markup: no reactivity wanted.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private cache = new Map<string, Report>();
  private unsubscribe: (() => void) | null = null;

  /** `app` gives the window's state (a getter: the component's prop). */
  constructor(private readonly appOf: () => AppState) {}

  private get app(): AppState {
    return this.appOf();
  }

  /**
   * Reads the list, and again after every run and whenever the window gets the focus back (the
   * command line may have added runs meanwhile).
   */
  start(): void {
    const off = api.onRunFinished(() => {
      this.viewing = null;
      this.latest = null;
      this.compareWith = null;
      void this.refresh();
    });
    const onFocus = () => void this.refresh();
    window.addEventListener('focus', onFocus);
    this.unsubscribe = () => {
      off();
      window.removeEventListener('focus', onFocus);
    };
    void this.refresh();
  }

  /** Stops listening (component teardown). */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Reads the list of earlier runs again. */
  async refresh(): Promise<void> {
    try {
      this.entries = await unwrap(api.historyList());
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
      log('warn', `run history not listed: ${describeError(error)}`);
    }
  }

  /** The report of run `id` (from memory when it was loaded lately). */
  async load(id: string): Promise<Report> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const report = await unwrap(api.historyLoad({ id }));
    this.cache.set(id, report);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return report;
  }

  /** Shows run `id` in place of the latest; false (and the reason in `error`) when it cannot be read. */
  async open(id: string): Promise<boolean> {
    try {
      // historyOpen, not historyLoad: the main process then saves the bundle of this run.
      const report = await unwrap(api.historyOpen({ id }));
      if (!report) return false;
      this.cache.set(id, report);
      if (this.viewing === null) this.latest = this.app.report;
      this.app.report = report;
      this.viewing = id;
      this.error = null;
      log('info', `user opened run ${id} from the history`);
      return true;
    } catch (error) {
      this.error = (error as Error).message;
      log('warn', `run ${id} not opened: ${describeError(error)}`);
      return false;
    }
  }

  /** Shows the latest run again. */
  back(): void {
    if (this.viewing === null) return;
    void unwrap(api.historyOpen({ id: null })).catch((e: unknown) => log('warn', `history: ${describeError(e)}`));
    this.app.report = this.latest;
    this.viewing = null;
    this.latest = null;
  }

  /** The history id of `report`: the run opened, else the entry that started at the same time. */
  idOf(report: Report): string | null {
    if (this.viewing) return this.viewing;
    return this.entries.find((e) => e.ok && e.startedAt === report.startedAt)?.id ?? null;
  }
}
