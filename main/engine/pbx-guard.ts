/**
 * The PBX always comes back. Before any PBX service is stopped, a durable marker says which ones,
 * when and by which process; it is removed once they run again. A marker whose process is gone
 * (killed, crashed, power cut) means the services may still be down: the next start of the app
 * or the CLI offers to start them, and `voip-fwcheck restore-services` does it by hand.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import type { ServicesReport } from '../../shared/preflight';
import type { Platform } from './host/runner';
import { changeServices, manualStartCommand, withServicesStopped, type ServiceDeps } from './host/services';

/** File name of the marker inside the state folder. */
export const MARKER_FILE = 'pbx-services-stopped.json';
const MARKER_SCHEMA = 'voip-fwcheck/pbx-stopped@1';
/** A marker larger than this is not ours. */
const MARKER_MAX_BYTES = 64 * 1024;

/**
 * Only names of PBX services are ever started from a marker: the folder may be writable by
 * others (Windows' ProgramData), and a planted marker must not start anything else.
 */
const PBX_SERVICE_NAME = /^3cx[A-Za-z0-9_.@-]{0,200}$/i;

const MarkerSchema = v.strictObject({
  schema: v.literal(MARKER_SCHEMA),
  services: v.pipe(v.array(v.pipe(v.string(), v.regex(PBX_SERVICE_NAME))), v.minLength(1), v.maxLength(100)),
  platform: v.picklist(['win32', 'linux', 'darwin']),
  pid: v.pipe(v.number(), v.integer(), v.minValue(1)),
  by: v.picklist(['cli', 'app']),
  stoppedAt: v.pipe(v.string(), v.isoTimestamp()),
  /**
   * When the writing process started: a PID alone may belong to another process by the time the
   * marker is read (Windows reuses them quickly). Absent in markers of earlier versions.
   */
  processStartedAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
});
/** What a marker records. */
export type StopMarker = v.InferOutput<typeof MarkerSchema>;

/**
 * The machine-wide folder for the marker: stopping services needs administrator or root, so any
 * elevated instance (the CLI under sudo, the app run as administrator) must find it.
 */
export function defaultStateDir(platform: Platform, env: Record<string, string | undefined>): string {
  if (env.VOIP_FWCHECK_STATE_DIR) return env.VOIP_FWCHECK_STATE_DIR;
  if (platform === 'win32') return join(env.ProgramData ?? 'C:\\ProgramData', 'VoIP Firewall Checker');
  if (platform === 'darwin') return '/Library/Application Support/VoIP Firewall Checker';
  return '/var/lib/voip-fwcheck';
}

/**
 * Whether the process that wrote a marker still runs: its PID, and when it started if the marker
 * says (see process-identity.ts). May answer at once or after asking the OS.
 */
export type Liveness = (pid: number, startedAt?: string) => boolean | Promise<boolean>;

/** True when process `pid` exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes the marker durably: exclusive create of a temporary file, fsync, rename. */
async function writeMarker(dir: string, marker: StopMarker): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const temp = join(dir, `.${MARKER_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    await handle.writeFile(`${JSON.stringify(marker, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, join(dir, MARKER_FILE));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** What is in the state folder: nothing, a marker, or a file that is not a valid marker. */
export type MarkerState =
  { kind: 'none' } | { kind: 'marker'; marker: StopMarker; alive: boolean } | { kind: 'invalid'; reason: string };

/** Reads the marker, if any; `alive` says whether the process that wrote it still runs. */
export async function readMarker(dir: string, alive: Liveness = processAlive): Promise<MarkerState> {
  const file = join(dir, MARKER_FILE);
  const info = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!info) return { kind: 'none' };
  if (!info.isFile()) return { kind: 'invalid', reason: `${file} is not a regular file` };
  if (info.size > MARKER_MAX_BYTES) return { kind: 'invalid', reason: `${file} is too large to be a marker` };
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return { kind: 'invalid', reason: `${file} is not JSON` };
  }
  const parsed = v.safeParse(MarkerSchema, data);
  if (!parsed.success) return { kind: 'invalid', reason: `${file} is not a marker this program wrote` };
  const marker = parsed.output;
  return { kind: 'marker', marker, alive: await alive(marker.pid, marker.processStartedAt) };
}

/** Removes the marker (no error when it is already gone). */
async function removeMarker(dir: string): Promise<void> {
  await unlink(join(dir, MARKER_FILE)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Who is stopping the services, for the marker. */
export interface GuardIdentity {
  dir: string;
  pid: number;
  by: StopMarker['by'];
  now?: () => Date;
  /** When this process started (default: from its uptime). */
  processStartedAt?: Date;
}

/**
 * `withServicesStopped` with the marker: written before anything is stopped (no marker, no stop:
 * the error propagates and nothing was touched), removed once every stopped service runs again.
 * A failed restart keeps the marker, so the next start tries again.
 */
export async function guardedServicesStopped<T>(
  deps: ServiceDeps,
  report: ServicesReport,
  identity: GuardIdentity,
  work: () => Promise<T>,
): Promise<T> {
  const running = report.pbx.filter((s) => s.running && PBX_SERVICE_NAME.test(s.name)).map((s) => s.name);
  if (running.length === 0) return withServicesStopped(deps, report, work);
  try {
    await writeMarker(identity.dir, {
      schema: MARKER_SCHEMA,
      services: running,
      platform: deps.platform,
      pid: identity.pid,
      by: identity.by,
      stoppedAt: (identity.now ?? (() => new Date()))().toISOString(),
      processStartedAt: (identity.processStartedAt ?? new Date(Date.now() - process.uptime() * 1000)).toISOString(),
    });
  } catch (error) {
    // No marker, no stop: nothing could bring the services back if this process died.
    const why = `not stopped: the stop marker could not be written in ${identity.dir} (${(error as Error).message})`;
    for (const service of running) report.failures.push({ service, action: 'stop', message: why });
    return work();
  }
  let result: T;
  try {
    result = await withServicesStopped(deps, report, work);
  } finally {
    const stillDown = report.stopped.filter((name) => !report.restarted.includes(name));
    if (stillDown.length === 0) await removeMarker(identity.dir).catch(() => undefined);
  }
  return result;
}

/** What a restore did. */
export interface RestoreOutcome {
  /** 'nothing': no marker; 'running': its process still runs (it will restart them itself). */
  state: 'nothing' | 'running' | 'restored' | 'failed' | 'invalid';
  marker: StopMarker | null;
  started: string[];
  failures: { service: string; message: string }[];
  /** The command to run by hand when something could not be started. */
  manual: string | null;
  reason?: string;
}

/**
 * Starts the services a dead process left stopped, then removes its marker. A marker whose
 * process still runs is left alone: that process restarts them itself.
 */
export async function restoreServices(
  deps: ServiceDeps,
  dir: string,
  alive: Liveness = processAlive,
): Promise<RestoreOutcome> {
  const state = await readMarker(dir, alive);
  if (state.kind === 'none') return { state: 'nothing', marker: null, started: [], failures: [], manual: null };
  if (state.kind === 'invalid')
    return { state: 'invalid', marker: null, started: [], failures: [], manual: null, reason: state.reason };
  if (state.alive) return { state: 'running', marker: state.marker, started: [], failures: [], manual: null };
  const results = await changeServices(deps, 'start', [...state.marker.services].reverse());
  const started = results.filter((r) => r.ok).map((r) => r.name);
  const failures = results.filter((r) => !r.ok).map((r) => ({ service: r.name, message: r.message }));
  if (failures.length === 0) {
    await removeMarker(dir);
    return { state: 'restored', marker: state.marker, started, failures, manual: null };
  }
  const manual = manualStartCommand(
    deps.platform,
    failures.map((f) => f.service),
  ).command;
  return { state: 'failed', marker: state.marker, started, failures, manual };
}
