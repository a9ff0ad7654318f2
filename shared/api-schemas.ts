/**
 * The valibot schemas of everything that crosses IPC: the argument of every request (checked by
 * the main process from `unknown`) and the payload of every pushed event (checked by the preload
 * before the page sees it). shared/api.ts binds them to channels; types are inferred from them.
 */
import * as v from 'valibot';
import { isIpv4 } from './address';
import { LANGUAGES } from './codes';
import { MAX_PORT_ITEMS, MAX_PORT_SPEC_LENGTH } from './ports';
import type { Progress, RunSettings } from './report';
import { ReportSchema } from './report-schema';
import { LIMITS } from './settings';

/** Stable error codes that cross the boundary. */
export const API_ERROR_CODES = [
  'BAD_ARGUMENT', // an argument failed validation
  'FORBIDDEN_SENDER', // the message did not come from our own window
  'RUN_IN_PROGRESS', // a run is already going
  'NO_SUCH_RUN', // cancel for a run that is not running
  'NO_REPORT', // nothing to save yet
  'BUNDLE_FAILED', // the diagnostics bundle could not be written
  'HISTORY_UNREADABLE', // a run of the history is gone, damaged or not a regular file
  'INTERNAL', // anything else; the message says what
] as const;

const integer = (limits: { min: number; max: number }) =>
  v.pipe(v.number(), v.integer(), v.minValue(limits.min), v.maxValue(limits.max));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const runId = v.pipe(v.string(), v.maxLength(64));

/**
 * A port list as typed. Its rules (items, ranges, 1–65535) are checked once, by validateSettings
 * or parsePortRanges; the schema bounds the work that check may cost.
 */
const PortSpecSchema = v.pipe(
  v.string(),
  v.maxLength(MAX_PORT_SPEC_LENGTH),
  v.description(`At most ${MAX_PORT_SPEC_LENGTH} characters and ${MAX_PORT_ITEMS} ports or ranges.`),
);

/** Schema of run settings as they arrive from the window (then checked by validateSettings). */
export const RunSettingsSchema = v.strictObject({
  stun: v.pipe(v.array(v.pipe(v.string(), v.maxLength(300))), v.minLength(1), v.maxLength(50)),
  ports: PortSpecSchema,
  publicIp: v.nullable(v.pipe(v.string(), v.maxLength(15), v.check(isIpv4, 'not a dotted-decimal IPv4 address'))),
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

/** Schema of a cancel request. */
export const CancelRunSchema = v.strictObject({ runId });

/** Schema of a pre-flight request: the port list to look at. */
export const PreflightRequestSchema = v.strictObject({ ports: PortSpecSchema });

/** Schema of stored preferences (then checked by validateSettings, on save and on load). */
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

/** Schema of a bundle request. */
export const SaveBundleSchema = v.strictObject({ redact: v.boolean() });

/** Pushed: progress of the current run. */
export const ProgressEventSchema = v.strictObject({
  runId,
  phase: v.picklist(['resolving', 'selecting', 'testing', 'done']),
  done: count,
  total: count,
  passed: count,
  failed: count,
  etaMs: v.nullable(count),
  etaRangeMs: v.optional(v.tuple([count, count])),
  elapsedMs: count,
});

/** Pushed: port results of the current run, in batches. */
export const ResultsEventSchema = v.strictObject({
  runId,
  results: v.array(ReportSchema.pipe[0].entries.ports.item),
});

/** Pushed: the run's end, with the report or the reason there is none. */
export const RunFinishedSchema = v.union([
  v.strictObject({ runId, report: ReportSchema }),
  v.strictObject({
    runId,
    error: v.strictObject({ code: v.picklist(API_ERROR_CODES), message: v.string() }),
  }),
]);

/** Pushed: the app is restarting PBX services it stopped (on quit, window close, crash), or is done. */
export const PbxStateSchema = v.strictObject({ state: v.picklist(['restarting', 'idle']) });

// Compile-time guard: the schemas and the interfaces of shared/report.ts describe the same data.
type Flat<T> = { [K in keyof T]: T[K] };
type Same<A, B> = (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;
const settingsMatch: Same<v.InferOutput<typeof RunSettingsSchema>, RunSettings> = true;
const progressMatches: Same<Omit<v.InferOutput<typeof ProgressEventSchema>, 'runId'>, Progress> = true;
void settingsMatch;
void progressMatches;
