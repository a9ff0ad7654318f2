import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileAccess } from '../../main/engine/host/runner';
import { MARKER_FILE } from '../../main/engine/pbx-guard';
import { startPreflight } from '../../main/engine/preflight';
import { createShutdownGuard } from '../../main/lifecycle';
import { nullLogger } from '../../main/logging';
import { RunManager } from '../../main/run-manager';
import type { Report } from '../../shared/report';
import { defaultSettings } from '../../shared/settings';
import { ManualClock } from '../fakes/manual-clock';
import { SimNetwork } from '../fakes/sim-network';
import { fakeRunner } from './host/fake-runner';

const units = readFileSync(resolve(__dirname, '../fixtures/os/systemctl-units.txt'), 'utf8');
const noFiles: FileAccess = { readFile: async () => null, readdir: async () => null, readlink: async () => null };
let stateDir: string;
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

/** A window run with the PBX stopped, as the app starts it; `events` records the order of things. */
async function runningWithPbxStopped() {
  stateDir = mkdtempSync(join(tmpdir(), 'vfc-life-'));
  const events: string[] = [];
  const clock = new ManualClock();
  const net = new SimNetwork(clock, {
    nat: { mapping: 'independent-preserving', filtering: 'address-port', forwards: 'all' },
  });
  const { runner } = fakeRunner((line) => {
    if (line.startsWith('systemctl list-units')) return { stdout: units };
    if (/^systemctl (stop|start) /.test(line)) events.push(line);
    return { stdout: '' };
  });
  const finished: Report[] = [];
  const manager = new RunManager(
    { progress: () => undefined, finished: (_id, r) => finished.push(r), failed: () => undefined },
    { transport: net, clock, resolve: async () => ['203.0.113.100'] },
  );
  const preflight = await startPreflight([9000, 9001], {
    platform: 'linux',
    runner,
    files: noFiles,
    uid: 0,
    stateDir,
    by: 'app',
  });
  const settings = { ...defaultSettings(), stun: ['203.0.113.100'], ports: '9000-9999', timeoutMs: 1000 };
  manager.start(settings, { preflight, stopServices: true });
  // Let the run write its marker (real file I/O), stop the services and get going.
  // Bounded by real time, not by a count of turns: under load the file system may lag.
  const deadline = Date.now() + 10_000;
  while (!events.includes('systemctl stop 3CXMediaServer') && Date.now() < deadline) {
    // Real file I/O only: the fake clock stays put, so the run cannot end meanwhile.
    await new Promise((r) => setImmediate(r));
  }
  expect(events).toContain('systemctl stop 3CXMediaServer');
  await clock.advance(200);
  const guard = createShutdownGuard({
    manager,
    notify: (state) => events.push(`notify ${state}`),
    quit: () => events.push('quit'),
    exit: (code) => events.push(`exit ${code}`),
    logger: nullLogger,
  });
  return { events, clock, manager, guard, finished };
}

describe('leaving the app during a check', () => {
  it.each([
    ['closing the window', 'windowClose'],
    ['quitting the app', 'beforeQuit'],
  ] as const)('%s holds the close, restarts the PBX services, then quits', async (_label, how) => {
    const { events, clock, manager, guard, finished } = await runningWithPbxStopped();
    expect(manager.running).toBe(true);
    const marker = JSON.parse(readFileSync(join(stateDir, MARKER_FILE), 'utf8')) as Record<string, unknown>;
    expect(marker).toMatchObject({ services: ['3CXPhoneSystem01', '3CXMediaServer'], pid: process.pid });
    // When this process started, so a later process holding the same PID is not taken for it.
    const started = Date.parse(String(marker.processStartedAt));
    expect(Math.abs(started - (Date.now() - process.uptime() * 1000))).toBeLessThan(2000);
    let prevented = false;
    guard[how]({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await clock.run(guard.settled());
    await clock.advance(10);
    expect(events).toEqual([
      'systemctl stop 3CXPhoneSystem01',
      'systemctl stop 3CXMediaServer',
      'notify restarting',
      'systemctl start 3CXMediaServer',
      'systemctl start 3CXPhoneSystem01',
      'notify idle',
      'quit',
    ]);
    expect(finished[0]?.code).toBe('CANCELLED');
    expect(() => readFileSync(join(stateDir, MARKER_FILE))).toThrow(/ENOENT/);
    // The quit that follows goes through.
    let preventedAgain = false;
    guard.beforeQuit({ preventDefault: () => (preventedAgain = true) });
    expect(preventedAgain).toBe(false);
  });

  it('a crashed renderer cancels the run and restarts the services, without quitting', async () => {
    const { events, clock, guard } = await runningWithPbxStopped();
    guard.rendererGone('crashed');
    await clock.run(guard.settled());
    expect(events.slice(2)).toEqual([
      'notify restarting',
      'systemctl start 3CXMediaServer',
      'systemctl start 3CXPhoneSystem01',
      'notify idle',
    ]);
  });

  it('an uncaught error in main restarts the services, then exits 1', async () => {
    const { events, clock, guard } = await runningWithPbxStopped();
    guard.fatal(new Error('boom'));
    await clock.run(guard.settled());
    await clock.advance(10);
    expect(events.slice(-4)).toEqual([
      'systemctl start 3CXMediaServer',
      'systemctl start 3CXPhoneSystem01',
      'notify idle',
      'exit 1',
    ]);
  });

  it('lets a close through at once when no check runs', () => {
    const events: string[] = [];
    const guard = createShutdownGuard({
      manager: { running: false, dispose: async () => undefined },
      notify: (s) => events.push(s),
      quit: () => events.push('quit'),
      exit: () => undefined,
      logger: nullLogger,
    });
    let prevented = false;
    guard.windowClose({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
    expect(events).toEqual([]);
  });
});
