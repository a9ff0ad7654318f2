/**
 * The one API contract between the window and the main process, as one table: every request
 * (channel, argument schema, answer type) and every pushed event (channel, payload schema) is
 * declared here once. `VfcApi`, what the preload exposes, is derived from the table; so are the
 * preload itself (shared/api-client.ts) and the main process's handlers (main/ipc.ts), whose
 * handler map must have one entry per request or it does not compile.
 *
 * Requests are checked by the main process (sender, then the schema, from `unknown`) and answer
 * in an envelope, because Electron keeps only `message` of a thrown error. Pushed events are
 * checked by the preload before the page sees them.
 */
import * as v from 'valibot';
import {
  API_ERROR_CODES,
  CancelRunSchema,
  LogSchema,
  PbxStateSchema,
  PreferencesSchema,
  PreflightRequestSchema,
  ProgressEventSchema,
  ResultsEventSchema,
  RunFinishedSchema,
  SaveBundleSchema,
  StartRunSchema,
} from './api-schemas';
import type { RunCode } from './codes';
import type { Preflight } from './preflight';
import type { Report, Summary } from './report';

export {
  API_ERROR_CODES,
  CancelRunSchema,
  LogSchema,
  PreferencesSchema,
  RunSettingsSchema,
  SaveBundleSchema,
  StartRunSchema,
} from './api-schemas';

/** One of API_ERROR_CODES. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The envelope every request answers with. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: ApiErrorCode; message: string } };

/** Version and platform, for the About line and support. */
export interface AppInfo {
  version: string;
  platform: 'win32' | 'linux' | 'darwin' | string;
  electron: string;
}

/**
 * What "restart as administrator" did: `started` (this window closes, the elevated copy opens),
 * `declined` (the user said no to the prompt), `failed` (with why), `unsupported` (not Windows:
 * the window shows the command to run instead).
 */
export interface RelaunchResult {
  outcome: 'started' | 'declined' | 'failed' | 'unsupported';
  message?: string;
}

/** PBX services a check stopped and did not restart (it crashed or was killed): its durable marker. */
export interface PbxPending {
  services: string[];
  pid: number;
  stoppedAt: string;
}

/** What restoring the PBX services left behind by a dead check did. */
export interface PbxRestoreResult {
  state: 'nothing' | 'running' | 'restored' | 'failed' | 'invalid';
  started: string[];
  failures: { service: string; message: string }[];
  /** The command to run by hand when the app could not restart them, else null. */
  manual: string | null;
}

/**
 * A run of the history: its start time (UTC, to the millisecond) and a random tag,
 * `20261201T211132123Z-9f3ac2d1` (main/history names its files so).
 */
export const HISTORY_ID_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;

/** The argument of historyLoad: a history id, and nothing that could name another file. */
export const HistoryLoadSchema = v.strictObject({ id: v.pipe(v.string(), v.regex(HISTORY_ID_PATTERN)) });

/** The argument of historyOpen: a history id, or null for the latest run again. */
export const HistoryOpenSchema = v.strictObject({ id: v.nullable(v.pipe(v.string(), v.regex(HISTORY_ID_PATTERN))) });

/** One earlier run as the window's history lists it; a file that cannot be read is listed with why. */
export type RunHistoryEntry =
  | {
      ok: true;
      id: string;
      startedAt: string;
      code: RunCode;
      summary: Summary;
      publicAddress: string | null;
      /** The port list as checked (`5060,5090,9000-10999`). */
      ports: string;
      bytes: number;
    }
  | { ok: false; id: string; bytes: number; problem: 'NOT_FOUND' | 'DAMAGED' | 'NOT_A_FILE' | 'TOO_LARGE' };

/** A request channel: its name, the schema of its one argument (null: none), its answer type. */
export interface RequestSpec<C extends string, I extends v.GenericSchema | null, O> {
  readonly channel: C;
  readonly input: I;
  /** Type only: what the request answers with (inside the envelope). Absent at run time. */
  readonly output?: O;
}

/** A pushed event: its channel and the schema of its payload. */
export interface EventSpec<C extends string, S extends v.GenericSchema> {
  readonly channel: C;
  readonly payload: S;
}

const request =
  <O>() =>
  <C extends string, I extends v.GenericSchema | null>(channel: C, input: I): RequestSpec<C, I, O> => ({
    channel,
    input,
  });
const event = <C extends string, S extends v.GenericSchema>(channel: C, payload: S): EventSpec<C, S> => ({
  channel,
  payload,
});

/** Every request, by the name of its `VfcApi` method. */
export const REQUESTS = {
  appInfo: request<AppInfo>()('vfc:app-info', null),
  loadPreferences: request<Preferences | null>()('vfc:preferences-load', null),
  savePreferences: request<null>()('vfc:preferences-save', PreferencesSchema),
  /** Runs the pre-flight for a port list (owners, PBX services, host firewall). */
  preflight: request<Preflight>()('vfc:preflight', PreflightRequestSchema),
  startRun: request<{ runId: string }>()('vfc:run-start', StartRunSchema),
  cancelRun: request<null>()('vfc:run-cancel', CancelRunSchema),
  /** Asks where to save the diagnostics bundle and writes it; null when the user cancelled. */
  saveBundle: request<{ path: string } | null>()('vfc:bundle-save', SaveBundleSchema),
  openLogFolder: request<null>()('vfc:log-folder-open', null),
  /** Shows the bundle this window saved last in the file manager (no path crosses: main keeps it). */
  openBundleFolder: request<null>()('vfc:bundle-folder-open', null),
  /** Writes a line to the app's log file (the same file and format as the main process). */
  log: request<null>()('vfc:log', LogSchema),
  /** PBX services a dead check left stopped, or null. */
  pbxPending: request<PbxPending | null>()('vfc:pbx-pending', null),
  /** Restarts the PBX services a dead check left stopped. */
  pbxRestore: request<PbxRestoreResult>()('vfc:pbx-restore', null),
  /** Starts the app again as administrator (Windows: the consent prompt), then quits. Refused during a run. */
  relaunchElevated: request<RelaunchResult>()('vfc:relaunch-elevated', null),
  /** The earlier runs (window and command line), newest first. */
  historyList: request<RunHistoryEntry[]>()('vfc:history-list', null),
  /** One earlier run's report, by its history id. */
  historyLoad: request<Report>()('vfc:history-load', HistoryLoadSchema),
  /**
   * The window shows run `id` in place of the latest (its report is the answer), so the
   * diagnostics bundle is of that run; null: the latest run again. A new check ends it.
   */
  historyOpen: request<Report | null>()('vfc:history-open', HistoryOpenSchema),
} as const;

/** Every pushed event, by name; the API's subscriber is `on` + the name (`progress` → `onProgress`). */
export const EVENTS = {
  /** Progress of the current run. */
  progress: event('vfc:run-progress', ProgressEventSchema),
  /** Port results as they come during a run. */
  results: event('vfc:run-results', ResultsEventSchema),
  /** The run's end: the report, or why there is none. */
  runFinished: event('vfc:run-finished', RunFinishedSchema),
  /** PBX services are being restarted (the app waits before it exits), or that is over. */
  pbxState: event('vfc:pbx-state', PbxStateSchema),
} as const;

/** A request's name. */
export type RequestName = keyof typeof REQUESTS;
/** An event's name. */
export type EventName = keyof typeof EVENTS;
/** What a request's handler receives (its schema's output; undefined when it takes none). */
export type RequestInput<K extends RequestName> = (typeof REQUESTS)[K]['input'] extends infer S extends v.GenericSchema
  ? v.InferOutput<S>
  : undefined;
/** What a request answers with, inside the envelope. */
export type RequestOutput<K extends RequestName> =
  (typeof REQUESTS)[K] extends RequestSpec<string, v.GenericSchema | null, infer O> ? O : never;
/** An event's payload. */
export type EventPayload<K extends EventName> = v.InferOutput<(typeof EVENTS)[K]['payload']>;
/** The API method that subscribes to event K. */
export type EventMethod<K extends EventName> = `on${Capitalize<K>}`;

/** The subscriber's name for an event (`runFinished` → `onRunFinished`). */
export function eventMethod<K extends EventName>(name: K): EventMethod<K> {
  return `on${name[0]!.toUpperCase()}${name.slice(1)}` as EventMethod<K>;
}

/** Every channel by name, requests and events alike. */
export const CHANNELS = Object.freeze(
  Object.fromEntries(Object.entries({ ...REQUESTS, ...EVENTS }).map(([name, spec]) => [name, spec.channel])),
) as { readonly [K in RequestName | EventName]: (typeof REQUESTS & typeof EVENTS)[K]['channel'] };

/**
 * What the preload exposes as `window.api`: one method per request, taking its argument as the
 * schema describes it; one subscriber per event, returning its unsubscribe function.
 */
export type VfcApi = {
  readonly [K in RequestName]: (
    ...input: (typeof REQUESTS)[K]['input'] extends infer S extends v.GenericSchema ? [input: v.InferInput<S>] : []
  ) => Promise<Envelope<RequestOutput<K>>>;
} & {
  readonly [K in EventName as EventMethod<K>]: (listener: (payload: EventPayload<K>) => void) => () => void;
};

/** What the window remembers between launches. */
export type Preferences = v.InferOutput<typeof PreferencesSchema>;
/** A run request. */
export type StartRunRequest = v.InferOutput<typeof StartRunSchema>;
/** A line from the window for the app's log. */
export type LogRequest = v.InferOutput<typeof LogSchema>;
/** The run's end, pushed to the window: the report, or why there is none. */
export type RunFinished = EventPayload<'runFinished'>;
