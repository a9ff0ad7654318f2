import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliMain } from '../../main/cli';
import { MARKER_FILE } from '../../main/engine/pbx-guard';
import { fakeRunner } from '../unit/host/fake-runner';

const child = resolve(__dirname, 'support/stop-and-hang.ts');
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the child, waits until it has stopped the services, then kills it with SIGKILL. */
async function killedWhileStopped(stateDir: string, callLog: string): Promise<void> {
  // One process (node with tsx's loader), so SIGKILL hits the very process that wrote the marker.
  const proc = spawn(process.execPath, ['--import', 'tsx', child, stateDir, callLog], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((done, fail) => {
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('STOPPED')) done();
    });
    proc.on('exit', (code) => fail(new Error(`child ended before stopping the services (exit ${code})`)));
  });
  const gone = new Promise((r) => proc.on('exit', r));
  proc.kill('SIGKILL');
  await gone;
}

async function cli(args: string[], stateDir: string, uid = 0) {
  const { runner, calls } = fakeRunner((line) => {
    if (line.startsWith('systemctl')) return { stdout: '' };
    // The liveness check asks the real ps when a process started.
    if (line.startsWith('ps ')) {
      try {
        return { stdout: execFileSync('ps', line.split(' ').slice(1), { encoding: 'utf8' }) };
      } catch {
        return { exitCode: 1, stdout: '' };
      }
    }
    return undefined;
  });
  let stderr = '';
  const code = await cliMain(
    args,
    { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env: {} },
    {},
    { platform: 'linux', runner, uid, stateDir },
  );
  return { code, stderr, calls: calls.map((c) => c.line) };
}

describe('the PBX always comes back', () => {
  it('restores the services a check killed with SIGKILL left stopped (restore-services)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vfc-restore-'));
    const callLog = join(dir, 'calls.txt');
    await killedWhileStopped(dir, callLog);
    // The child stopped both running services, wrote the marker, and never started them again.
    expect(readFileSync(callLog, 'utf8').trim().split('\n')).toEqual([
      'systemctl stop 3CXPhoneSystem01',
      'systemctl stop 3CXMediaServer',
    ]);
    const marker = JSON.parse(readFileSync(join(dir, MARKER_FILE), 'utf8')) as { services: string[] };
    expect(marker.services).toEqual(['3CXPhoneSystem01', '3CXMediaServer']);

    const { code, stderr, calls } = await cli(['restore-services', '--lang', 'en'], dir);
    expect(code).toBe(0);
    expect(calls.filter((c) => c.startsWith('systemctl start'))).toEqual([
      'systemctl start 3CXMediaServer',
      'systemctl start 3CXPhoneSystem01',
    ]);
    expect(stderr).toMatch(/3CXPhoneSystem01, 3CXMediaServer were stopped by an earlier check \(process \d+/);
    expect(stderr).toMatch(/Started again: 3CXMediaServer, 3CXPhoneSystem01/);
    expect(existsSync(join(dir, MARKER_FILE))).toBe(false);
    // Nothing left: a second call says so and starts nothing.
    const again = await cli(['restore-services'], dir);
    expect(again.code).toBe(0);
    expect(again.calls.some((c) => c.startsWith('systemctl start'))).toBe(false);
    expect(again.stderr).toMatch(/No PBX service was left stopped/);
  }, 30_000);

  it('leaves a marker alone while the process that wrote it still runs', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vfc-restore-'));
    writeFileSync(
      join(dir, MARKER_FILE),
      JSON.stringify({
        schema: 'voip-fwcheck/pbx-stopped@1',
        services: ['3CXPhoneSystem01'],
        platform: 'linux',
        pid: process.pid,
        by: 'app',
        stoppedAt: new Date().toISOString(),
      }),
    );
    const { code, stderr, calls } = await cli(['restore-services'], dir);
    expect(code).toBe(0);
    expect(calls.some((c) => c.startsWith('systemctl start'))).toBe(false);
    expect(stderr).toMatch(/still running \(process \d+\)/);
    expect(existsSync(join(dir, MARKER_FILE))).toBe(true);
  });

  it('restores the services when the PID now belongs to another process (it started after the marker’s writer)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vfc-restore-'));
    const ourStart = Date.now() - process.uptime() * 1000;
    const marker = (startedAt: number) =>
      JSON.stringify({
        schema: 'voip-fwcheck/pbx-stopped@1',
        services: ['3CXPhoneSystem01'],
        platform: 'linux',
        pid: process.pid,
        by: 'cli',
        stoppedAt: new Date(startedAt + 1000).toISOString(),
        processStartedAt: new Date(startedAt).toISOString(),
      });
    // Written by this very process: left alone.
    writeFileSync(join(dir, MARKER_FILE), marker(ourStart));
    const same = await cli(['restore-services'], dir);
    expect(same.stderr).toMatch(/still running \(process \d+\)/);
    expect(same.calls.some((c) => c.startsWith('systemctl start'))).toBe(false);
    // Written by a process that started an hour before this one took its PID: that one is gone.
    writeFileSync(join(dir, MARKER_FILE), marker(ourStart - 3_600_000));
    const reused = await cli(['restore-services', '--lang', 'en'], dir);
    expect(reused.code).toBe(0);
    expect(reused.calls).toContain(`ps -o etime= -p ${process.pid}`);
    expect(reused.calls.filter((c) => c.startsWith('systemctl start'))).toEqual(['systemctl start 3CXPhoneSystem01']);
    expect(existsSync(join(dir, MARKER_FILE))).toBe(false);
  });

  it('says what to run instead of trying without root, and keeps the marker', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vfc-restore-'));
    await killedWhileStopped(dir, join(dir, 'calls.txt'));
    const { code, stderr, calls } = await cli(['restore-services'], dir, 1000);
    expect(code).toBe(1);
    expect(calls.some((c) => c.startsWith('systemctl start'))).toBe(false);
    expect(stderr).toMatch(/sudo systemctl start .*3CXPhoneSystem01.*3CXMediaServer/);
    expect(existsSync(join(dir, MARKER_FILE))).toBe(true);
  }, 30_000);

  it.each([
    ['a marker naming a service that is not the PBX', { services: ['sshd'] }],
    ['a marker that is not ours', { schema: 'something-else' }],
  ])('trusts nothing from %s', async (_label, patch) => {
    dir = mkdtempSync(join(tmpdir(), 'vfc-restore-'));
    const marker = {
      schema: 'voip-fwcheck/pbx-stopped@1',
      services: ['3CXPhoneSystem01'],
      platform: 'linux',
      pid: 999_999_999,
      by: 'cli',
      stoppedAt: new Date().toISOString(),
      ...patch,
    };
    writeFileSync(join(dir, MARKER_FILE), JSON.stringify(marker));
    const { code, stderr, calls } = await cli(['restore-services'], dir);
    expect(code).toBe(1);
    expect(calls.some((c) => c.startsWith('systemctl start'))).toBe(false);
    expect(stderr).toMatch(/not trusted/);
  });

  it.each([
    ['a FIFO', (file: string) => execFileSync('mkfifo', [file])],
    ['a link to a real marker elsewhere', (file: string) => symlinkSync('/etc/hostname', file)],
    ['a file too large to be a marker', (file: string) => writeFileSync(file, ' '.repeat(100_000))],
  ])('never reads %s in place of the marker', async (_label, plant) => {
    dir = mkdtempSync(join(tmpdir(), 'vfc-restore-'));
    plant(join(dir, MARKER_FILE));
    const { code, stderr, calls } = await cli(['restore-services'], dir);
    expect(code).toBe(1);
    expect(calls).toEqual([]);
    expect(stderr).toMatch(/not trusted/);
  });

  it('a check restores first, saying so, before anything else', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vfc-restore-'));
    await killedWhileStopped(dir, join(dir, 'calls.txt'));
    // A usage error still comes first and touches nothing.
    const bad = await cli(['check', '--ports', 'abc'], dir);
    expect(bad.code).toBe(2);
    expect(bad.calls).toEqual([]);
    // --stun to a name that cannot resolve ends the check quickly (no network leaves the machine).
    const { stderr, calls } = await cli(
      ['check', '--no-preflight', '--stun', 'nothing.invalid', '--ports', '9000'],
      dir,
    );
    expect(calls.filter((c) => c.startsWith('systemctl start'))).toEqual([
      'systemctl start 3CXMediaServer',
      'systemctl start 3CXPhoneSystem01',
    ]);
    expect(stderr).toMatch(/Starting them again now/);
    expect(existsSync(join(dir, MARKER_FILE))).toBe(false);
  }, 30_000);
});
