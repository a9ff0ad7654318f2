/**
 * The main side of the API contract (shared/api.ts): one handler per request of the table,
 * each checked for its sender (our own window only), its argument validated from `unknown`
 * with the table's schema, the answer in an envelope, because Electron keeps only `message` of
 * a thrown error. Events go out through `emit`, typed by the same table.
 */
import * as v from 'valibot';
import {
  EVENTS,
  PreferencesSchema,
  REQUESTS,
  type ApiErrorCode,
  type AppInfo,
  type Envelope,
  type EventName,
  type EventPayload,
  type PbxPending,
  type PbxRestoreResult,
  type Preferences,
  type RelaunchResult,
  type RunHistoryEntry,
  type RequestInput,
  type RequestName,
  type RequestOutput,
} from '../shared/api';
import type { Language } from '../shared/codes';
import { expandRanges, formatPortSpec, parsePortRanges, PortSpecError, type PortRange } from '../shared/ports';
import type { Report, RunSettings } from '../shared/report';
import { SettingsError, validateSettings } from '../shared/validate';
import type { CommandResult } from './engine/host/runner';
import type { PathOptions, PlanPreflight } from './engine/plan';
import { HistoryError } from './history/read';
import { logRun, nullLogger, type Logger } from './logging';
import { RunError, RunManager, type RunEvents } from './run-manager';

/** The parts of Electron's ipcMain the handlers use. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { sender: unknown; senderFrame?: { url?: string } | null }, ...args: unknown[]) => unknown,
  ): void;
}

/** What the handlers need from the rest of the app; Electron-specific pieces are injected. */
export interface IpcDeps {
  ipcMain: IpcMainLike;
  /** True when `sender` is the webContents of one of our own windows. */
  isOwnSender(sender: unknown): boolean;
  /** Pushes an event to the window (use `emit` for a payload typed by the contract). */
  send(channel: string, payload: unknown): void;
  appInfo(): AppInfo;
  loadPreferences(): Promise<Preferences | null>;
  savePreferences(preferences: Preferences): Promise<void>;
  /** The path step's machine for a run (issue 12); absent or null: no path step (tests). */
  pathOptions?(): PathOptions | null;
  /** Starts the pre-flight for a port list; resolves once owners and services are known. */
  preflight(ports: readonly number[]): Promise<PlanPreflight>;
  /** Asks where to save the bundle and writes it; null when the user cancelled. */
  saveBundle(report: Report, options: { redact: boolean; language: Language }): Promise<{ path: string } | null>;
  openLogFolder(): Promise<void>;
  /** Shows a file in the file manager (the bundle just saved). Absent: nothing to show. */
  showInFolder?(path: string): Promise<void>;
  /** PBX services a dead check left stopped (its marker), or null. Absent: none ever are. */
  pbxPending?(): Promise<PbxPending | null> | PbxPending | null;
  /** Restarts the PBX services a dead check left stopped. Absent: there is nothing to restore. */
  pbxRestore?(): Promise<PbxRestoreResult>;
  /** Starts the app again as administrator (main/elevate.ts). Absent: unsupported. */
  relaunchElevated?(): Promise<RelaunchResult>;
  /** Adds a finished run (not cancelled) to the run history, before the window hears of it. Absent: no history. */
  recordRun?(report: Report): Promise<unknown>;
  /** The earlier runs, newest first. Absent: an empty history. */
  historyList?(): Promise<RunHistoryEntry[]>;
  /** One earlier run's report by its (checked) id; throws HistoryError. */
  historyLoad?(id: string): Promise<Report>;
  /** The run manager (tests pass one with a fake engine). */
  manager?: RunManager;
  /** The app's log; runs, failures with their codes and the window's own lines go there. */
  logger?: Logger;
  /** The OS commands the last pre-flight ran, for the log. */
  preflightCommands?(): readonly CommandResult[];
  /** Clock for the window's log budget (tests pass a fake one). */
  now?(): number;
}

/** The window may log this many lines per LOG_WINDOW_MS; the rest are counted, not written. */
export const LOG_BUDGET = 200;
/** The length of the window's log budget, in milliseconds. */
export const LOG_WINDOW_MS = 60_000;

/**
 * One line of the window's text, safe for a line-based log, bounded: every control character
 * (Cc: C0, DEL, C1 incl. U+0085 NEL), line and paragraph separator (U+2028, U+2029) and format
 * character (Cf: bidi embeddings, overrides and isolates such as U+202E, zero-width characters,
 * soft hyphen, BOM) becomes one space, so a line can neither be split nor be made to read as
 * something else.
 */
export function oneLine(text: string): string {
  const line = text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ');
  // Never cut a surrogate pair in two.
  const end = /[\uD800-\uDBFF]/.test(line.charAt(999)) ? 999 : 1000;
  return line.slice(0, end);
}

/** Pushes event `name` to the window, its payload typed by the contract. */
export function emit<K extends EventName>(send: IpcDeps['send'], name: K, payload: EventPayload<K>): void {
  send(EVENTS[name].channel, payload);
}

const ok = <T>(value: T): Envelope<T> => ({ ok: true, value });
const fail = (code: ApiErrorCode, message: string): Envelope<never> => ({ ok: false, error: { code, message } });

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Settings checked like a run's (validateSettings); a SettingsError names the field. */
function checkSettings(settings: RunSettings): RunSettings {
  try {
    return validateSettings(settings);
  } catch (error) {
    if (error instanceof SettingsError) throw new ArgumentError(`settings.${error.field}: ${error.message}`);
    throw error;
  }
}

class ArgumentError extends Error {}

/**
 * What a run tells the window (progress, results, the end), as contract events; the end is
 * also logged with the pre-flight's commands and, unless cancelled, recorded in the run history
 * by `record` before the window hears of it (so its history list already holds it).
 */
export function runEvents(
  send: IpcDeps['send'],
  logger: Logger,
  preflightCommands: IpcDeps['preflightCommands'],
  record?: IpcDeps['recordRun'],
): RunEvents {
  return {
    progress: (runId, progress) => emit(send, 'progress', { ...progress, runId }),
    results: (runId, results) => emit(send, 'results', { runId, results }),
    finished: (runId, report) => {
      logRun(logger, report, preflightCommands?.() ?? []);
      if (!record || report.code === 'CANCELLED') return emit(send, 'runFinished', { runId, report });
      void record(report)
        .catch((error: unknown) =>
          logger.warn(`check ${runId} not added to the run history: ${(error as Error).message}`),
        )
        .finally(() => emit(send, 'runFinished', { runId, report }));
    },
    failed: (runId, error) => {
      logger.error(`check ${runId} failed: INTERNAL ${error.message}`);
      emit(send, 'runFinished', { runId, error: { code: 'INTERNAL', message: error.message } });
    },
  };
}

type Handlers = { [K in RequestName]: (input: RequestInput<K>) => Promise<RequestOutput<K>> | RequestOutput<K> };

/** Registers one handler per request of the contract; returns the manager that runs checks. */
export function registerIpc(deps: IpcDeps): RunManager {
  let language: Language = 'en';
  // The pre-flight the window last asked for, by canonical port list: the run plan starts from it.
  let lastPreflight: { spec: string; run: PlanPreflight } | null = null;
  // An earlier run the window shows in place of the latest (historyOpen): the bundle is of it.
  let opened: Report | null = null;
  // The bundle the window saved last: 'open folder' shows it, no path comes from the page.
  let lastBundle: string | null = null;
  const logger = deps.logger ?? nullLogger;
  const now = deps.now ?? Date.now;
  const manager = deps.manager ?? new RunManager(runEvents(deps.send, logger, deps.preflightCommands, deps.recordRun));

  // A port list is read as ranges (bounded, sub-millisecond) and expanded port by port only
  // for the pre-flight it needs, once per request; the run expands it once more in runCheck.
  const rangesOf = (spec: string): PortRange[] => {
    try {
      return parsePortRanges(spec);
    } catch (error) {
      if (error instanceof PortSpecError) throw new ArgumentError(`ports: ${error.message}`);
      throw error;
    }
  };
  const preflightFor = async (ranges: PortRange[]): Promise<PlanPreflight> => {
    const spec = formatPortSpec(ranges);
    const run = await deps.preflight(expandRanges(ranges));
    lastPreflight = { spec, run };
    return run;
  };

  let budgetStart = now();
  let budgetUsed = 0;
  let dropped = 0;
  const handlers: Handlers = {
    appInfo: () => deps.appInfo(),
    loadPreferences: async () => {
      const stored = await deps.loadPreferences();
      if (stored === null) return null;
      // A damaged file, or one a run would refuse, is ignored (the window starts from defaults).
      const parsed = v.safeParse(PreferencesSchema, stored);
      if (!parsed.success) {
        logger.warn(`stored preferences ignored: ${oneLine(describeIssues(parsed.issues))}`);
        return null;
      }
      try {
        checkSettings(parsed.output.settings);
      } catch (error) {
        logger.warn(`stored preferences ignored: ${oneLine((error as Error).message)}`);
        return null;
      }
      return parsed.output;
    },
    savePreferences: async (preferences) => {
      checkSettings(preferences.settings);
      await deps.savePreferences(preferences);
      return null;
    },
    preflight: async ({ ports }) => (await preflightFor(rangesOf(ports))).complete,
    startRun: async ({ settings, stopServices, language: lang }) => {
      language = lang;
      if (manager.running) throw new RunError('RUN_IN_PROGRESS', 'a check is already running');
      const ranges = rangesOf(checkSettings(settings).ports);
      // The same plan as the CLI: from a pre-flight of exactly these ports, taken now if the
      // window's last one was for another list.
      const preflight = lastPreflight?.spec === formatPortSpec(ranges) ? lastPreflight.run : await preflightFor(ranges);
      const runId = manager.start(settings, { preflight, stopServices, path: deps.pathOptions?.() ?? null });
      opened = null;
      return { runId };
    },
    cancelRun: async ({ runId }) => {
      await manager.cancel(runId);
      return null;
    },
    saveBundle: async ({ redact }) => {
      const report = opened ?? manager.lastReport;
      if (!report) throw new RunError('NO_REPORT', 'there is no finished check to save yet');
      const saved = await deps.saveBundle(report, { redact, language });
      if (saved) lastBundle = saved.path;
      return saved;
    },
    openBundleFolder: async () => {
      if (!lastBundle) throw new RunError('NO_REPORT', 'no diagnostics bundle was saved yet');
      await deps.showInFolder?.(lastBundle);
      return null;
    },
    openLogFolder: async () => {
      await deps.openLogFolder();
      return null;
    },
    log: ({ level, message }) => {
      if (now() - budgetStart >= LOG_WINDOW_MS) {
        if (dropped > 0) logger.warn(`window: ${dropped} more line(s) were not logged (over ${LOG_BUDGET} a minute)`);
        budgetStart = now();
        budgetUsed = 0;
        dropped = 0;
      }
      if (budgetUsed >= LOG_BUDGET) {
        dropped++;
        return null;
      }
      budgetUsed++;
      logger[level](`window: ${oneLine(message)}`);
      return null;
    },
    pbxPending: async () => (await deps.pbxPending?.()) ?? null,
    pbxRestore: async () =>
      (await deps.pbxRestore?.()) ?? { state: 'nothing', started: [], failures: [], manual: null },
    relaunchElevated: async () => {
      // A run may have stopped the PBX: never walk away from it.
      if (manager.running)
        throw new RunError('RUN_IN_PROGRESS', 'a check is running: cancel it or let it finish first');
      const result = (await deps.relaunchElevated?.()) ?? { outcome: 'unsupported' as const };
      logger[result.outcome === 'failed' ? 'error' : 'info'](
        `restart as administrator: ${result.outcome}${result.message ? ` (${result.message})` : ''}`,
      );
      return result;
    },
    historyList: async () => (await deps.historyList?.()) ?? [],
    historyLoad: async ({ id }) => {
      if (!deps.historyLoad) throw new HistoryError('NOT_FOUND', `no run ${id}: there is no run history`);
      return deps.historyLoad(id);
    },
    historyOpen: async ({ id }) => {
      if (id === null) return (opened = null);
      if (!deps.historyLoad) throw new HistoryError('NOT_FOUND', `no run ${id}: there is no run history`);
      opened = await deps.historyLoad(id);
      return opened;
    },
  };

  const refuse = (channel: string, code: ApiErrorCode, message: string): Envelope<never> => {
    if (channel !== REQUESTS.log.channel) logger.warn(`ipc ${channel}: ${code} ${oneLine(message)}`);
    return fail(code, message);
  };
  for (const name of Object.keys(REQUESTS) as RequestName[]) {
    const { channel, input: schema } = REQUESTS[name];
    const body = handlers[name] as (input: unknown) => unknown;
    deps.ipcMain.handle(channel, async (event, ...args) => {
      if (!deps.isOwnSender(event.sender))
        return refuse(channel, 'FORBIDDEN_SENDER', 'this request did not come from the app window');
      let input: unknown;
      if (schema) {
        const parsed = v.safeParse(schema, args[0]);
        if (!parsed.success) return refuse(channel, 'BAD_ARGUMENT', describeIssues(parsed.issues));
        input = parsed.output;
      }
      try {
        return ok(await body(input));
      } catch (error) {
        if (error instanceof ArgumentError) return refuse(channel, 'BAD_ARGUMENT', error.message);
        if (error instanceof SettingsError)
          return refuse(channel, 'BAD_ARGUMENT', `settings.${error.field}: ${error.message}`);
        if (error instanceof RunError) return refuse(channel, error.code, error.message);
        if (error instanceof HistoryError)
          return refuse(channel, error.code === 'BAD_ID' ? 'BAD_ARGUMENT' : 'HISTORY_UNREADABLE', error.message);
        const coded = error as { code?: string; message?: string };
        if (typeof coded.code === 'string' && coded.code.startsWith('BUNDLE_'))
          return refuse(channel, 'BUNDLE_FAILED', coded.message ?? 'bundle failed');
        return refuse(channel, 'INTERNAL', (error as Error).message ?? String(error));
      }
    });
  }
  return manager;
}
