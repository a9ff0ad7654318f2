/**
 * The window's state, with Svelte 5 runes: preferences (persisted), pre-flight, the run and its
 * report. Components read it and call its methods; only this file and lib/api talk to main.
 */
import type { Preferences, RelaunchResult, RunFinished } from '../../../shared/api';
import type { Language } from '../../../shared/codes';
import type { Preflight } from '../../../shared/preflight';
import type { PortResult, Progress, Report } from '../../../shared/report';
import { defaultSettings, PACES } from '../../../shared/settings';
import { api, describeError, log, unwrap } from './api';

/** Where the window is. */
export type Phase = 'idle' | 'running' | 'done' | 'failed';

/** The language the window shows, with "system" resolved from the browser. */
export function resolveLanguage(choice: Preferences['language'], navigatorLanguage: string): Language {
  if (choice !== 'system') return choice;
  return navigatorLanguage.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Default preferences. */
export function defaultPreferences(): Preferences {
  return { settings: defaultSettings(), pace: 'normal', language: 'system', theme: 'system' };
}

/** The one state object of the window. */
export class AppState {
  preferences = $state<Preferences>(defaultPreferences());
  preflight = $state<Preflight | null>(null);
  preflightBusy = $state(false);
  phase = $state<Phase>('idle');
  progress = $state<Progress | null>(null);
  /** When the last progress event came (performance.now()), to count the time left down between events. */
  progressAt = $state(0);
  /**
   * The report shown: the last one stays during a new run until that run's replaces it. Raw
   * state: a 10,000-port report is read, never edited, and deep proxies would cost the main thread.
   */
  report = $state.raw<Report | null>(null);
  /** Port results received so far during a run (shown folded, live). */
  live = $state.raw<PortResult[]>([]);
  error = $state<string | null>(null);
  runId = $state<string | null>(null);
  stopServices = $state(false);
  version = $state('');
  language = $derived(
    resolveLanguage(this.preferences.language, typeof navigator === 'undefined' ? 'en' : navigator.language),
  );
  private unsubscribe: (() => void)[] = [];

  /** Loads preferences and app info, subscribes to run events, runs the pre-flight. */
  async start(): Promise<void> {
    const [stored, info] = await Promise.all([
      unwrap(api.loadPreferences()).catch(() => null),
      unwrap(api.appInfo()).catch(() => null),
    ]);
    if (stored) this.preferences = stored;
    this.version = info?.version ?? '';
    log('info', `window opened: language ${this.language}, theme ${this.preferences.theme}`);
    this.unsubscribe.push(
      api.onProgress((p) => {
        if (p.runId !== this.runId) return;
        this.progress = p;
        this.progressAt = performance.now();
      }),
      api.onResults((batch) => {
        if (batch.runId === this.runId) this.live = this.live.concat(batch.results);
      }),
      api.onRunFinished((finished: RunFinished) => this.finish(finished)),
    );
    void this.refreshPreflight();
  }

  /** Stops listening (component teardown). */
  stop(): void {
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
  }

  /** Saves the preferences (after any change). */
  async save(): Promise<void> {
    await unwrap(api.savePreferences($state.snapshot(this.preferences))).catch((e: Error) => {
      this.error = e.message;
      log('error', `preferences not saved: ${describeError(e)}`);
    });
  }

  /** Applies a pace preset. */
  setPace(pace: Preferences['pace']): void {
    this.preferences.pace = pace;
    if (pace !== 'custom') {
      this.preferences.settings.rate = PACES[pace].rate;
      this.preferences.settings.concurrency = PACES[pace].concurrency;
    }
    void this.save();
  }

  /** Looks at the machine again (owners, services, firewall). */
  async refreshPreflight(): Promise<void> {
    this.preflightBusy = true;
    try {
      this.preflight = await unwrap(api.preflight({ ports: this.preferences.settings.ports }));
    } catch (error) {
      this.preflight = null;
      log('warn', `pre-flight not shown: ${describeError(error)}`);
    } finally {
      this.preflightBusy = false;
    }
  }

  /**
   * Starts the app again as administrator (Windows' prompt), so it may stop the PBX services;
   * this window closes when the new one is on its way. Throws what main refused (a run going).
   */
  async restartAsAdministrator(): Promise<RelaunchResult> {
    log('info', 'restart as administrator asked');
    return unwrap(api.relaunchElevated());
  }

  /** Starts a check with the current settings. */
  async run(): Promise<void> {
    // The last report stays on screen until this run's replaces it.
    this.error = null;
    this.progress = null;
    this.live = [];
    try {
      const { runId } = await unwrap(
        api.startRun({
          settings: $state.snapshot(this.preferences.settings),
          stopServices: this.stopServices,
          language: this.language,
        }),
      );
      this.runId = runId;
      this.phase = 'running';
      log('info', `user started check ${runId}${this.stopServices ? ' with the PBX services stopped' : ''}`);
    } catch (error) {
      this.error = (error as Error).message;
      this.phase = 'failed';
      log('error', `check not started: ${describeError(error)}`);
    }
  }

  /** Cancels the running check. */
  async cancel(): Promise<void> {
    if (!this.runId) return;
    log('info', `user cancelled check ${this.runId}`);
    await unwrap(api.cancelRun({ runId: this.runId })).catch((e: unknown) =>
      log('warn', `cancel refused: ${describeError(e)}`),
    );
  }

  private finish(finished: RunFinished): void {
    if (finished.runId !== this.runId) return;
    if ('report' in finished) {
      // The task that received the report only keeps it: laying it out comes in a task of its own,
      // so receiving 10,000 ports and drawing them never add up to one long task.
      const { report } = finished;
      setTimeout(() => {
        this.report = report;
        this.phase = 'done';
      }, 0);
    } else {
      this.error = finished.error.message;
      this.phase = 'failed';
      log('error', `check ${finished.runId} shown as failed: ${finished.error.code} ${finished.error.message}`);
    }
  }
}
