import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliMain } from '../../../main/cli';
import type { FileAccess } from '../../../main/engine/host/runner';
import type { Report } from '../../../shared/report';
import { ManualClock } from '../../fakes/manual-clock';
import { SimNetwork } from '../../fakes/sim-network';
import { fakeRunner } from '../host/fake-runner';

const units = readFileSync(resolve(__dirname, '../../fixtures/os/systemctl-units.txt'), 'utf8');
const noFiles: FileAccess = { readFile: async () => null, readdir: async () => null, readlink: async () => null };

async function run(
  args: string[],
  uid: number,
  failStart = false,
  stateDir = mkdtempSync(join(tmpdir(), 'vfc-state-')),
) {
  const clock = new ManualClock();
  const net = new SimNetwork(clock, {
    nat: { mapping: 'independent-preserving', filtering: 'address-port', forwards: 'all' },
  });
  const { runner, calls } = fakeRunner((line) => {
    if (line.startsWith('systemctl list-units')) return { stdout: units };
    if (line.startsWith('systemctl start') && failStart)
      return { exitCode: 1, stderr: 'Job for 3CXMediaServer.service failed.' };
    if (line.startsWith('systemctl')) return { stdout: '' };
    return { stdout: '' };
  });
  let stdout = '';
  let stderr = '';
  const code = await clock.run(
    cliMain(
      ['check', '--stun', '203.0.113.100', '--ports', '9000-9009', '--timeout', '1000', '--json', ...args],
      { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {} },
      { transport: net, clock, resolve: async () => ['203.0.113.100'] },
      { platform: 'linux', runner, files: noFiles, uid, stateDir },
    ),
  );
  return { code, report: JSON.parse(stdout) as Report, stderr, calls: calls.map((c) => c.line), stateDir };
}

describe('voip-fwcheck check --stop-services', () => {
  it('stops the running PBX units before the check and starts them again after it', async () => {
    const { code, report, calls } = await run(['--stop-services'], 0);
    expect(code).toBe(0);
    const service = calls.filter((c) => /^systemctl (stop|start) /.test(c));
    expect(service).toEqual([
      'systemctl stop 3CXPhoneSystem01',
      'systemctl stop 3CXMediaServer',
      'systemctl start 3CXMediaServer',
      'systemctl start 3CXPhoneSystem01',
    ]);
    expect(report.preflight?.services).toMatchObject({
      stopRequested: true,
      stopped: ['3CXPhoneSystem01', '3CXMediaServer'],
      restarted: ['3CXMediaServer', '3CXPhoneSystem01'],
      manualRestart: null,
    });
  });

  it('leaves the services alone without the flag, and offers it', async () => {
    const { report, calls } = await run([], 0);
    expect(calls.some((c) => /^systemctl (stop|start) /.test(c))).toBe(false);
    expect(report.preflight?.services).toMatchObject({ stopRequested: false, stopped: [] });
  });

  it('explains that root is needed instead of trying', async () => {
    const { calls, stderr } = await run(['--stop-services'], 1000);
    expect(calls.some((c) => /^systemctl (stop|start) /.test(c))).toBe(false);
    expect(stderr).toMatch(/needs an elevated prompt .* or root/);
  });

  it('reports a failed restart with the command to run by hand', async () => {
    const { report } = await run(['--stop-services'], 0, true);
    expect(report.preflight?.services.failures.map((f) => `${f.action} ${f.service}`)).toEqual([
      'start 3CXMediaServer',
      'start 3CXPhoneSystem01',
    ]);
    expect(report.preflight?.services.manualRestart?.command).toBe(
      'sudo systemctl start -- 3CXMediaServer 3CXPhoneSystem01',
    );
  });
});

describe('the stop marker', () => {
  it('stops nothing when it cannot be written, and says why for each service', async () => {
    const blocker = join(mkdtempSync(join(tmpdir(), 'vfc-state-')), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const { report, calls } = await run(['--stop-services'], 0, false, join(blocker, 'state'));
    expect(calls.some((c) => /^systemctl (stop|start) /.test(c))).toBe(false);
    expect(report.preflight?.services.stopped).toEqual([]);
    expect(report.preflight?.services.failures).toEqual([
      expect.objectContaining({
        service: '3CXPhoneSystem01',
        action: 'stop',
        message: expect.stringMatching(/^not stopped: the stop marker could not be written in .*ENOTDIR/),
      }),
      expect.objectContaining({ service: '3CXMediaServer', action: 'stop' }),
    ]);
  });

  it('is written before the first service stops and gone once they run again', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'vfc-state-'));
    const { report } = await run(['--stop-services'], 0, false, stateDir);
    expect(report.preflight?.services.restarted).toEqual(['3CXMediaServer', '3CXPhoneSystem01']);
    expect(readdirSync(stateDir)).toEqual([]);
    // A failed restart keeps it, so the next start tries again.
    const failed = await run(['--stop-services'], 0, true, stateDir);
    expect(failed.report.preflight?.services.failures.length).toBe(2);
    expect(readdirSync(stateDir)).toEqual(['pbx-services-stopped.json']);
  });
});
