/**
 * The window and the command line run one check: the same pre-flight fixtures through the CLI
 * path (cliMain) and through the window's IPC path (registerIpc: pre-flight request, then start
 * run) give identical reports, field for field, time fields aside.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliMain } from '../../main/cli';
import type { FileAccess } from '../../main/engine/host/runner';
import { startPreflight, type PreflightDeps } from '../../main/engine/preflight';
import { registerIpc } from '../../main/ipc';
import { RunManager } from '../../main/run-manager';
import { CHANNELS, type Envelope } from '../../shared/api';
import type { Report } from '../../shared/report';
import { validateSettings } from '../../shared/validate';
import { ManualClock } from '../fakes/manual-clock';
import { SimNetwork } from '../fakes/sim-network';
import { fakeRunner, type Canned } from './host/fake-runner';

const fixture = (name: string) => readFileSync(resolve(__dirname, '../fixtures/os', name), 'utf8');
const noFiles: FileAccess = { readFile: async () => null, readdir: async () => null, readlink: async () => null };
const STUN = '203.0.113.100';
const NOW = new Date('2026-12-01T12:00:00Z');

/** A Windows Server with 3CX holding UDP 5060 and an excluded range over 50000–50059. */
function windows(line: string, script: string | null): Canned | undefined {
  if (script?.includes('Get-NetUDPEndpoint')) return { stdout: fixture('ps-owners.json') };
  if (script?.includes('Get-Service'))
    return {
      stdout: '{"services":[{"Name":"3CXPhoneSystem01","DisplayName":"3CX PhoneSystem 01","Status":"Running"}]}',
    };
  if (script?.includes('Get-NetFirewallProfile')) return { stdout: fixture('ps-firewall-profiles.json') };
  if (script?.includes('Get-NetFirewallRule')) return { stdout: fixture('ps-firewall-rules.json') };
  if (line.includes('excludedportrange protocol=udp')) return { stdout: fixture('excludedportrange.txt') };
  if (line.includes('excludedportrange')) return { stdout: '' };
  if (line.startsWith('whoami')) return { stdout: fixture('whoami-groups-high.txt') };
  if (script) return { stdout: '{"results":[]}' };
  return { stdout: '' };
}

/** A Linux PBX: 3CX holds 5060, 5090 and 9012 (ss as root), systemd units, no firewall tools. */
function linux(line: string): Canned | undefined {
  if (line.startsWith('ss ')) return { stdout: fixture('ss-root.txt') };
  if (line.startsWith('systemctl list-units')) return { stdout: fixture('systemctl-units.txt') };
  if (line.startsWith('systemctl')) return { stdout: '' };
  return undefined;
}

let stateDir: string;
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

interface Scenario {
  platform: 'win32' | 'linux';
  answer: (line: string, script: string | null) => Canned | undefined;
  ports: string;
  stopServices: boolean;
  uid: number | null;
}

const network = (clock: ManualClock) =>
  new SimNetwork(clock, { nat: { mapping: 'independent-preserving', filtering: 'address-port', forwards: 'all' } });

function preflightDeps(scenario: Scenario) {
  const { runner, calls } = fakeRunner(scenario.answer);
  const deps: PreflightDeps = {
    platform: scenario.platform,
    runner,
    files: noFiles,
    uid: scenario.uid,
    programPath: scenario.platform === 'win32' ? 'C:\\Program Files\\VoIP Firewall Checker\\vfc.exe' : '/usr/bin/vfc',
    stateDir,
  };
  return { deps, calls };
}

async function throughCli(scenario: Scenario) {
  const clock = new ManualClock();
  const { deps, calls } = preflightDeps(scenario);
  let stdout = '';
  const args = ['check', '--stun', STUN, '--ports', scenario.ports, '--timeout', '1000', '--json', '--lang', 'fr'];
  if (scenario.stopServices) args.push('--stop-services');
  const code = await clock.run(
    cliMain(
      args,
      {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: () => true },
        env: {},
        pathProbe: true, // on the fake runner and the simulated network only
      },
      { transport: network(clock), clock, resolve: async () => [STUN], now: () => NOW },
      deps,
    ),
  );
  return { code, report: JSON.parse(stdout) as Report, calls: calls.map((c) => c.line) };
}

async function throughWindow(scenario: Scenario) {
  const clock = new ManualClock();
  const { deps, calls } = preflightDeps(scenario);
  const handlers = new Map<string, (event: { sender: unknown }, ...args: unknown[]) => unknown>();
  const own = {};
  let finished: Report | null = null;
  const manager = new RunManager(
    { progress: () => undefined, finished: (_id, report) => (finished = report), failed: () => undefined },
    { transport: network(clock), clock, resolve: async () => [STUN], now: () => NOW },
  );
  registerIpc({
    ipcMain: { handle: (channel, listener) => handlers.set(channel, listener) },
    isOwnSender: (sender) => sender === own,
    send: () => undefined,
    appInfo: () => ({ version: '0', platform: scenario.platform, electron: '0' }),
    loadPreferences: async () => null,
    savePreferences: async () => undefined,
    preflight: (ports) => startPreflight(ports, deps),
    pathOptions: () => ({ platform: scenario.platform, runner: deps.runner! }),
    saveBundle: async () => null,
    openLogFolder: async () => undefined,
    manager,
  });
  const call = async <T>(channel: string, arg: unknown) =>
    (await clock.run(Promise.resolve(handlers.get(channel)!({ sender: own }, arg)))) as Envelope<T>;
  // What the window does: a pre-flight when the port list is set, then Run with its settings.
  expect((await call(CHANNELS.preflight, { ports: scenario.ports })).ok).toBe(true);
  const settings = validateSettings({ stun: [STUN], ports: scenario.ports, timeoutMs: 1000 });
  const started = await call(CHANNELS.startRun, { settings, stopServices: scenario.stopServices, language: 'fr' });
  expect(started.ok).toBe(true);
  await clock.run(
    (async () => {
      while (!finished) await clock.advance(50);
    })(),
  );
  return { report: finished as unknown as Report, calls: calls.map((c) => c.line) };
}

/** The report without what differs from one run to the next by nature. */
function timeless(report: Report): unknown {
  const { durationMs: _duration, startedAt: _started, preflight, ...rest } = structuredClone(report);
  if (!preflight) return rest;
  const { durationMs: _preflightDuration, ...preflightRest } = preflight;
  return { ...rest, preflight: preflightRest };
}

describe('the window and the command line run the same check', () => {
  it.each<[string, Scenario]>([
    [
      'Windows: 3CX holds 5060, an excluded range, administrator',
      { platform: 'win32', answer: windows, ports: '5060,9000-9009,50000-50003', stopServices: false, uid: null },
    ],
    [
      'Windows: the same, PBX services stopped for the run',
      { platform: 'win32', answer: windows, ports: '5060,9000-9009,50000-50003', stopServices: true, uid: null },
    ],
    [
      'Linux: 3CX holds 5060, 5090 and 9012, as root',
      { platform: 'linux', answer: linux, ports: '5060,5090,9000-9019', stopServices: false, uid: 0 },
    ],
    [
      'Linux: the PBX stopped for the run',
      { platform: 'linux', answer: linux, ports: '5060,5090,9000-9019', stopServices: true, uid: 0 },
    ],
    [
      'Linux: stopping asked without root',
      { platform: 'linux', answer: linux, ports: '5060,5090,9000-9019', stopServices: true, uid: 1000 },
    ],
  ])('%s', async (_label, scenario) => {
    stateDir = mkdtempSync(join(tmpdir(), 'vfc-parity-'));
    const cli = await throughCli(scenario);
    const window = await throughWindow(scenario);
    expect(timeless(window.report)).toEqual(timeless(cli.report));
    // The same OS commands, in the same order (services stopped and started alike).
    expect(window.calls).toEqual(cli.calls);
    // The path step ran on both (tracer through the runner, the mapping test on the network).
    expect(cli.report.path?.mapping).toBe('endpoint-independent');
    expect(cli.calls.some((c) => /tracert|traceroute/.test(c))).toBe(true);
    // And the fixtures did shape the result: held ports are PORT_IN_USE with their owner.
    const inUse = cli.report.ports.filter((p) => p.code === 'PORT_IN_USE').map((p) => p.port);
    if (scenario.stopServices && scenario.uid !== 1000) expect(inUse.filter((p) => p < 50000)).toEqual([]);
    else expect(inUse.length).toBeGreaterThan(0);
    if (scenario.platform === 'win32') expect(inUse).toEqual(expect.arrayContaining([50000, 50001, 50002, 50003]));
  });
});
