/**
 * The Linux owner lookup for real: a process holding a UDP and a TCP port is found with its PID
 * and name as root, and with its user (the PID hidden) as an unprivileged user.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPortOwners } from '../../main/engine/host/owners';
import { createProcessRunner, nodeFiles } from '../../main/engine/host/runner';
import type { OwnersReport } from '../../shared/preflight';

const UDP = 21950;
const TCP = 21951;
const root = resolve(__dirname, '../..');
let holder: ChildProcess;

beforeAll(async () => {
  holder = spawn(
    process.execPath,
    [
      '-e',
      `require('dgram').createSocket('udp4').bind(${UDP}, () => require('net').createServer().listen(${TCP}, () => console.log('ready')))`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // Fail at once (not after the hook's timeout) when the holder cannot bind its ports.
  await new Promise<void>((ready, fail) => {
    holder.stdout!.once('data', () => ready());
    holder.once('exit', (code) => fail(new Error(`the port holder exited (${code}): are ports ${UDP}/${TCP} in use?`)));
  });
});
afterAll(() => {
  holder.kill();
});

describe('the port owners of this Linux machine', () => {
  it('finds a UDP and a TCP port held by another process, with PID, name and user (as root)', async () => {
    expect(process.getuid?.()).toBe(0);
    const result = await findPortOwners({
      platform: 'linux',
      runner: createProcessRunner(),
      files: nodeFiles,
      ports: [UDP, TCP, UDP + 10],
      commands: [],
    });
    expect(result.complete).toBe(true);
    const udp = result.owners.find((o) => o.protocol === 'udp' && o.port === UDP);
    const tcp = result.owners.find((o) => o.protocol === 'tcp' && o.port === TCP);
    expect(udp).toMatchObject({ pid: holder.pid, name: 'node', user: 'root', pbx: false });
    expect(tcp).toMatchObject({ pid: holder.pid, name: 'node', user: 'root' });
    expect(result.owners.some((o) => o.port === UDP + 10)).toBe(false);
  });

  it('still names the owning user as an unprivileged user, and says it could not see everything', async () => {
    const { stdout } = await promisify(execFile)(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        resolve(root, 'node_modules/.bin/tsx'),
        resolve(__dirname, 'support/owners-cli.ts'),
        String(UDP),
        String(TCP),
      ],
      { cwd: '/tmp', env: { ...process.env, HOME: '/tmp' } },
    );
    const result = JSON.parse(stdout) as OwnersReport;
    const udp = result.owners.find((o) => o.protocol === 'udp' && o.port === UDP);
    expect(udp).toMatchObject({ user: 'root', pid: null });
    expect(result.owners.find((o) => o.protocol === 'tcp' && o.port === TCP)).toMatchObject({ user: 'root' });
    expect(result.complete).toBe(false);
  });
});
