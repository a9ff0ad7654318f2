/**
 * The one API contract between the window and the main process. The preload implements
 * `VfcApi` over these channels; the renderer types against it; the main side validates every
 * argument against the schemas below before use.
 *
 * Results cross IPC in an envelope, because Electron keeps only `message` of a thrown error.
 */
import * as v from 'valibot';
import { LANGUAGES } from './codes';
import type { Preflight } from './preflight';
import type { PortResult, Progress, Report, RunSettings } from './report';
import { LIMITS } from './settings';

/** Stable error codes that cross the boundary. */
export const API_ERROR_CODES = [
  'BAD_ARGUMENT', // an argument failed validation
  'FORBIDDEN_SENDER', // the message did not come from our own window
  'RUN_IN_PROGRESS', // a run is already going
  'NO_SUCH_RUN', // cancel for a run that is not running
  'NO_REPORT', // nothing to save yet
  'BUNDLE_FAILED', // the diagnostics bundle could not be written
  'INTERNAL', // anything else; the message says what
] as const;
/** One of API_ERROR_CODES. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The envelope every operation answers with. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: ApiErrorCode; message: string } };

/** IPC channel names, in one list. */
export const CHANNELS = {
  appInfo: 'vfc:app-info',
  loadPreferences: 'vfc:preferences-load',
  savePreferences: 'vfc:preferences-save',
  startRun: 'vfc:run-start',
  cancelRun: 'vfc:run-cancel',
  runProgress: 'vfc:run-progress',
  runResults: 'vfc:run-results',
  runFinished: 'vfc:run-finished',
  preflight: 'vfc:preflight',
  saveBundle: 'vfc:bundle-save',
  openLogFolder: 'vfc:log-folder-open',
  log: 'vfc:log',
} as const;

/** Version and platform, for the About line and support. */
export interface AppInfo {
  version: string;
  platform: 'win32' | 'linux' | 'darwin' | string;
  electron: string;
}

/** What the window remembers between launches. */
export interface Preferences {
  settings: RunSettings;
  pace: 'gentle' | 'normal' | 'fast' | 'custom';
  language: 'en' | 'fr' | 'system';
  theme: 'light' | 'dark' | 'system';
}

const ipv4 = v.pipe(v.string(), v.regex(/^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/));
const integer = (limits: { min: number; max: number }) =>
  v.pipe(v.number(), v.integer(), v.minValue(limits.min), v.maxValue(limits.max));

/** Schema of run settings as they arrive from the window (validated again by validateSettings). */
export const RunSettingsSchema = v.strictObject({
  stun: v.pipe(v.array(v.pipe(v.string(), v.maxLength(300))), v.minLength(1), v.maxLength(50)),
  ports: v.pipe(v.string(), v.maxLength(2000)),
  publicIp: v.nullable(ipv4),
  concurrency: integer(LIMITS.concurrency),
  rate: integer(LIMITS.rate),
  timeoutMs: integer(LIMITS.timeoutMs),
  order: v.picklist(['sequential', 'shuffled']),
});

/** Schema of a run request. */
export const StartRunSchema = v.strictObject({
  settings: RunSettingsSchema,
  /** The admin confirmed that the PBX services may be stopped (calls drop). */
  stopServices: v.boolean(),
  language: v.picklist(LANGUAGES),
});
/** A run request. */
export type StartRunRequest = v.InferOutput<typeof StartRunSchema>;

/** Schema of a cancel request. */
export const CancelRunSchema = v.strictObject({ runId: v.pipe(v.string(), v.maxLength(64)) });

/** Schema of stored preferences. */
export const PreferencesSchema = v.strictObject({
  settings: RunSettingsSchema,
  pace: v.picklist(['gentle', 'normal', 'fast', 'custom']),
  language: v.picklist(['en', 'fr', 'system']),
  theme: v.picklist(['light', 'dark', 'system']),
});

/** Schema of a line the window asks to log (errors, and what the user did). */
export const LogSchema = v.strictObject({
  level: v.picklist(['info', 'warn', 'error']),
  message: v.pipe(v.string(), v.maxLength(4000)),
});
/** A line from the window for the app's log. */
export type LogRequest = v.InferOutput<typeof LogSchema>;

/** Schema of a bundle request. */
export const SaveBundleSchema = v.strictObject({ redact: v.boolean() });

/** The run's end, pushed to the window: the report, or why there is none. */
export type RunFinished =
  { runId: string; report: Report } | { runId: string; error: { code: ApiErrorCode; message: string } };

/** What the preload exposes as `window.api`. */
export interface VfcApi {
  appInfo(): Promise<Envelope<AppInfo>>;
  loadPreferences(): Promise<Envelope<Preferences | null>>;
  savePreferences(preferences: Preferences): Promise<Envelope<null>>;
  startRun(request: StartRunRequest): Promise<Envelope<{ runId: string }>>;
  cancelRun(runId: string): Promise<Envelope<null>>;
  /** Subscribes to progress of the current run; returns the unsubscribe function. */
  onProgress(listener: (progress: Progress & { runId: string }) => void): () => void;
  /** Subscribes to port results as they come during a run; returns the unsubscribe function. */
  onResults(listener: (batch: { runId: string; results: PortResult[] }) => void): () => void;
  /** Subscribes to run completion; returns the unsubscribe function. */
  onRunFinished(listener: (finished: RunFinished) => void): () => void;
  /** Runs the pre-flight for a port list (owners, PBX services, host firewall). */
  preflight(ports: string): Promise<Envelope<Preflight>>;
  saveBundle(options: { redact: boolean }): Promise<Envelope<{ path: string } | null>>;
  openLogFolder(): Promise<Envelope<null>>;
  /** Writes a line to the app's log file (the same file and format as the main process). */
  log(level: LogRequest['level'], message: string): Promise<Envelope<null>>;
}
