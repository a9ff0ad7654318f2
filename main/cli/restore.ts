/**
 * The CLI's side of "the PBX always comes back": at the start of every check, and by hand with
 * `voip-fwcheck restore-services`, services that a killed or crashed check left stopped are
 * started again, saying what is done.
 */
import type { Language } from '../../shared/codes';
import { messages } from '../../shared/messages';
import { createProcessRunner } from '../engine/host/runner';
import { detectElevation, manualStartCommand } from '../engine/host/services';
import { defaultStateDir, readMarker, restoreServices, type Liveness, type StopMarker } from '../engine/pbx-guard';
import { processLiveness } from '../engine/process-identity';
import { currentPlatform, type PreflightDeps } from '../engine/preflight';

/** Where the restore writes, and how it sees the machine; tests pass fakes. */
export interface RestoreIo {
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
  /** Whether a process runs (default: signal 0). */
  alive?: Liveness;
}

const fill = (text: string, marker: StopMarker): string =>
  text
    .replaceAll('{services}', marker.services.join(', '))
    .replaceAll('{pid}', String(marker.pid))
    .replaceAll('{time}', marker.stoppedAt);

/**
 * Looks for services a dead check left stopped and starts them when this process may.
 * `explicit`: the user asked (`restore-services`), so "nothing to do" is said too.
 * Resolves true when nothing is left down (or nothing was), false otherwise.
 */
export async function restorePending(
  io: RestoreIo,
  language: Language,
  deps: PreflightDeps,
  explicit: boolean,
): Promise<boolean> {
  const text = messages(language).restore;
  const platform = deps.platform ?? currentPlatform();
  const runner = deps.runner ?? createProcessRunner();
  const dir = deps.stateDir ?? defaultStateDir(platform, io.env);
  const alive = io.alive ?? processLiveness({ platform, runner });
  let state;
  try {
    state = await readMarker(dir, alive);
  } catch (error) {
    io.stderr.write(`voip-fwcheck: ${text.invalid.replace('{reason}', (error as Error).message)}\n`);
    return false;
  }
  if (state.kind === 'none') {
    if (explicit) io.stderr.write(`${text.nothing}\n`);
    return true;
  }
  if (state.kind === 'invalid') {
    io.stderr.write(`voip-fwcheck: ${text.invalid.replace('{reason}', state.reason)}\n`);
    return false;
  }
  const { marker } = state;
  if (state.alive) {
    io.stderr.write(`${fill(text.running, marker)}\n`);
    return true;
  }
  io.stderr.write(`voip-fwcheck: ${fill(text.pending, marker)}\n`);
  const serviceDeps = {
    platform,
    runner,
    uid: deps.uid === undefined ? (process.getuid?.() ?? null) : deps.uid,
    commands: [],
  };
  if ((await detectElevation(serviceDeps)) === false) {
    io.stderr.write(`${text.needsElevation}\n  ${manualStartCommand(platform, marker.services).command}\n`);
    return false;
  }
  io.stderr.write(`${text.starting}\n`);
  const outcome = await restoreServices(serviceDeps, dir, alive);
  if (outcome.started.length) io.stderr.write(`${text.done.replace('{services}', outcome.started.join(', '))}\n`);
  if (outcome.state === 'failed') {
    const names = outcome.failures.map((f) => `${f.service} (${f.message})`).join(', ');
    io.stderr.write(`voip-fwcheck: ${text.failed.replace('{services}', names)}\n  ${outcome.manual ?? ''}\n`);
    return false;
  }
  return outcome.state === 'restored' || outcome.state === 'nothing' || outcome.state === 'running';
}
