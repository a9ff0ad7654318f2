/**
 * The main side of the API contract: every request is checked for its sender (our own window
 * only), its argument is validated from `unknown` with valibot, and the answer travels in an
 * envelope, because Electron keeps only `message` of a thrown error.
 */
import * as v from 'valibot';
import {
  CHANNELS,
  CancelRunSchema,
  LogSchema,
  PreferencesSchema,
  SaveBundleSchema,
  StartRunSchema,
  type ApiErrorCode,
  type AppInfo,
  type Envelope,
  type Preferences,
} from '../shared/api';
import type { Language } from '../shared/codes';
import { parsePortSpec } from '../shared/ports';
import type { Report } from '../shared/report';
import { SettingsError, validateSettings } from '../shared/validate';
import type { CommandResult } from './engine/host/runner';
import type { PlanPreflight } from './engine/plan';
import { logRun, nullLogger, type Logger } from './logging';
import { RunError, RunManager } from './run-manager';

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
  /** Pushes an event to the window. */
  send(channel: string, payload: unknown): void;
  appInfo(): AppInfo;
  loadPreferences(): Promise<Preferences | null>;
  savePreferences(preferences: Preferences): Promise<void>;
  /** Starts the pre-flight for a port list; resolves once owners and services are known. */
  preflight(ports: readonly number[], portSpec: string): Promise<PlanPreflight>;
  /** Asks where to save the bundle and writes it; null when the user cancelled. */
  saveBundle(report: Report, options: { redact: boolean; language: Language }): Promise<{ path: string } | null>;
  openLogFolder(): Promise<void>;
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
export const LOG_WINDOW_MS = 60_000;

/** One line of the window's text, safe for a line-based log: no control characters, bounded. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').slice(0, 1000);
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

/** Registers every handler; returns the manager that runs checks. */
export function registerIpc(deps: IpcDeps): RunManager {
  let language: Language = 'en';
  // The pre-flight the window last asked for, and its port spec: the run plan starts from it.
  let lastPreflight: { spec: string; run: PlanPreflight } | null = null;
  const logger = deps.logger ?? nullLogger;
  const now = deps.now ?? Date.now;
  const manager =
    deps.manager ??
    new RunManager({
      progress: (runId, progress) => deps.send(CHANNELS.runProgress, { ...progress, runId }),
      results: (runId, results) => deps.send(CHANNELS.runResults, { runId, results }),
      finished: (runId, report) => {
        logRun(logger, report, deps.preflightCommands?.() ?? []);
        deps.send(CHANNELS.runFinished, { runId, report });
      },
      failed: (runId, error) => {
        logger.error(`check ${runId} failed: INTERNAL ${error.message}`);
        deps.send(CHANNELS.runFinished, { runId, error: { code: 'INTERNAL', message: error.message } });
      },
    });
  const refuse = (channel: string, code: ApiErrorCode, message: string): Envelope<never> => {
    if (channel !== CHANNELS.log) logger.warn(`ipc ${channel}: ${code} ${oneLine(message)}`);
    return fail(code, message);
  };

  const handle = <S extends v.GenericSchema | null, T>(
    channel: string,
    schema: S,
    body: (input: S extends v.GenericSchema ? v.InferOutput<S> : undefined) => Promise<T> | T,
  ): void => {
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
        return ok(await body(input as S extends v.GenericSchema ? v.InferOutput<S> : undefined));
      } catch (error) {
        if (error instanceof SettingsError) return refuse(channel, 'BAD_ARGUMENT', error.message);
        if (error instanceof RunError) return refuse(channel, error.code, error.message);
        const coded = error as { code?: string; message?: string };
        if (typeof coded.code === 'string' && coded.code.startsWith('BUNDLE_'))
          return refuse(channel, 'BUNDLE_FAILED', coded.message ?? 'bundle failed');
        return refuse(channel, 'INTERNAL', (error as Error).message ?? String(error));
      }
    });
  };

  handle(CHANNELS.appInfo, null, () => deps.appInfo());
  handle(CHANNELS.loadPreferences, null, async () => {
    const stored = await deps.loadPreferences();
    const parsed = stored === null ? null : v.safeParse(PreferencesSchema, stored);
    return parsed?.success ? parsed.output : null; // a damaged file is ignored, never trusted
  });
  handle(CHANNELS.savePreferences, PreferencesSchema, async (preferences) => {
    await deps.savePreferences(preferences);
    return null;
  });
  const preflightFor = async (spec: string): Promise<PlanPreflight> => {
    let list: number[];
    try {
      list = parsePortSpec(spec);
    } catch (error) {
      throw new SettingsError('ports', (error as Error).message);
    }
    const run = await deps.preflight(list, spec);
    lastPreflight = { spec, run };
    return run;
  };
  handle(CHANNELS.preflight, v.strictObject({ ports: v.pipe(v.string(), v.maxLength(2000)) }), async ({ ports }) => {
    return (await preflightFor(ports)).complete;
  });
  handle(CHANNELS.startRun, StartRunSchema, async ({ settings, stopServices, language: lang }) => {
    language = lang;
    if (manager.running) throw new RunError('RUN_IN_PROGRESS', 'a check is already running');
    // The same plan as the CLI: from a pre-flight of exactly these ports, taken now if the
    // window's last one was for another list.
    const preflight =
      lastPreflight?.spec === settings.ports ? lastPreflight.run : await preflightFor(validateSettings(settings).ports);
    const runId = manager.start(settings, { preflight, stopServices });
    return { runId };
  });
  handle(CHANNELS.cancelRun, CancelRunSchema, async ({ runId }) => {
    await manager.cancel(runId);
    return null;
  });
  handle(CHANNELS.saveBundle, SaveBundleSchema, async ({ redact }) => {
    const report = manager.lastReport;
    if (!report) throw new RunError('NO_REPORT', 'there is no finished check to save yet');
    return deps.saveBundle(report, { redact, language });
  });
  handle(CHANNELS.openLogFolder, null, async () => {
    await deps.openLogFolder();
    return null;
  });
  let budgetStart = now();
  let budgetUsed = 0;
  let dropped = 0;
  handle(CHANNELS.log, LogSchema, ({ level, message }) => {
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
  });
  return manager;
}
