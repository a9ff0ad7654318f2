/**
 * Child process for the "PBX always comes back" test: stops the PBX services through the real
 * guarded path (marker included) with a fake runner that logs each call to a file, says STOPPED,
 * then hangs until it is killed.
 */
import { appendFileSync } from 'node:fs';
import type { ServicesReport } from '../../../shared/preflight';
import { guardedServicesStopped } from '../../../main/engine/pbx-guard';
import type { CommandRunner } from '../../../main/engine/host/runner';

const [stateDir, callLog] = process.argv.slice(2) as [string, string];
const runner: CommandRunner = {
  async run(command, args) {
    appendFileSync(callLog, `${[command, ...args].join(' ')}\n`);
    return { command, args: [...args], exitCode: 0, stdout: '', stderr: '', durationMs: 1, timedOut: false };
  },
};
const report: ServicesReport = {
  pbx: [
    { name: '3CXPhoneSystem01', displayName: '3CX PhoneSystem', running: true },
    { name: '3CXMediaServer', displayName: '3CX Media Server', running: true },
    { name: '3CXWebServer', displayName: '3CX Web Server', running: false },
  ],
  elevated: true,
  stopRequested: true,
  stopped: [],
  restarted: [],
  failures: [],
  manualRestart: null,
};
void guardedServicesStopped(
  { platform: 'linux', runner, uid: 0, commands: [] },
  report,
  { dir: stateDir, pid: process.pid, by: 'cli' },
  () => {
    process.stdout.write('STOPPED\n');
    return new Promise<never>(() => setInterval(() => undefined, 60_000));
  },
);
