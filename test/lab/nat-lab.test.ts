/**
 * The NAT lab: the real CLI inside a PBX namespace, behind a real Linux NAT, against Debian's
 * coturn (RFC 5780) and stund (RFC 3489). Each scenario builds a fresh lab (no flow state left
 * over) and tears it down. Needs root; fails loudly, never skips, when the lab cannot be built.
 */
import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report';
import { ADDR, STUN_NAME, assertLabPossible, createLab, type Lab, type LabOptions } from './nat-lab';

const root = resolve(__dirname, '../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');
const entry = resolve(root, 'main/cli-entry.ts');
const PORTS = '5060,9000-9049';
const FAST = ['--rate', '2000', '--concurrency', '200'];

let lab: Lab | null = null;
afterEach(async () => {
  await lab?.destroy();
  lab = null;
});
beforeAll(assertLabPossible);

async function check(
  options: LabOptions,
  args: string[] = [],
): Promise<{ code: number | null; report: Report; stderr: string }> {
  lab = await createLab(options);
  const out = await lab.exec(tsx, [
    entry,
    'check',
    '--stun',
    `${ADDR.primary}:3478`,
    '--ports',
    PORTS,
    ...FAST,
    '--json',
    ...args,
  ]);
  let report: Report;
  try {
    report = JSON.parse(out.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${out.code}): ${out.stderr}`);
  }
  return { code: out.code, report, stderr: out.stderr };
}

const codes = (report: Report) => {
  const map = new Map<string, number[]>();
  for (const p of report.ports) map.set(p.code, [...(map.get(p.code) ?? []), p.port]);
  return Object.fromEntries([...map].map(([code, ports]) => [code, ports.length]));
};

describe.each(['coturn', 'stund'] as const)('behind a NAT, with %s', (server) => {
  it('passes every port that has a one-to-one forward', async () => {
    const { code, report } = await check({ server, forward: 'all' });
    expect(report.code).toBe('ALL_PASSED');
    expect(code).toBe(0);
    expect(report.publicAddress).toBe(ADDR.publicIp);
    expect(report.server).toMatchObject({
      primary: `${ADDR.primary}:3478`,
      alternate: `${ADDR.alternate}:3479`,
      alternateSource: server === 'coturn' ? 'OTHER-ADDRESS' : 'CHANGED-ADDRESS',
      changeRequestVerified: true,
    });
    expect(report.ports.every((p) => p.mapped === `${ADDR.publicIp}:${p.port}`)).toBe(true);
  });

  it('finds no inbound forward when the router only masquerades', async () => {
    const { code, report } = await check({ server, forward: 'none' });
    expect(report.code).toBe('ALL_FAILED');
    expect(code).toBe(1);
    expect(codes(report)).toEqual({ INBOUND_NO_RESPONSE: 51 });
  });

  it('sees the port translation of a symmetric NAT', async () => {
    const { report } = await check({ server, forward: 'all', translatePorts: true });
    expect(codes(report)).toEqual({ PORT_TRANSLATED: 51 });
    expect(report.ports.every((p) => p.mapped !== `${ADDR.publicIp}:${p.port}`)).toBe(true);
  });

  it('stops with NO_SECOND_ADDRESS on a single-address server', async () => {
    const { code, report } = await check({ server: `${server}-single`, forward: 'all' });
    expect(report.code).toBe('NO_SECOND_ADDRESS');
    expect(code).toBe(3);
    expect(report.summary.notTested).toBe(51);
  });
});

describe('behind a NAT, with coturn', () => {
  it('tells the forwarded part of the range from the rest', async () => {
    const { code, report } = await check({
      server: 'coturn',
      forward: [
        [5060, 5060],
        [9000, 9024],
      ],
    });
    expect(report.code).toBe('SOME_FAILED');
    expect(code).toBe(1);
    for (const p of report.ports) expect(p.code).toBe(p.port <= 9024 ? 'PASS' : 'INBOUND_NO_RESPONSE');
  });

  it('reports outbound-blocked ports as OUTBOUND_NO_RESPONSE and the rest as passed', async () => {
    const { report } = await check({ server: 'coturn', forward: 'all', dropOutbound: [[9040, 9049]] });
    for (const p of report.ports) expect(p.code).toBe(p.port >= 9040 ? 'OUTBOUND_NO_RESPONSE' : 'PASS');
  });

  it('keeps every verdict right at 10 % loss in each direction', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all', lossPercent: 10 });
    const out = await lab.exec(tsx, [
      entry,
      'check',
      '--stun',
      ADDR.primary,
      '--ports',
      '9000-9199',
      ...FAST,
      '--json',
    ]);
    const report = JSON.parse(out.stdout) as Report;
    expect(report.code).toBe('ALL_PASSED');
    expect(report.summary.passed).toBe(200);
    expect(report.stats.packetsSent).toBeGreaterThan(400); // retransmissions happened
  });

  it('says STUN_UNREACHABLE when nothing answers', async () => {
    const { code, report } = await check({ server: 'none', forward: 'all' }, ['--timeout', '1000']);
    expect(report.code).toBe('STUN_UNREACHABLE');
    expect(code).toBe(3);
    expect(report.servers[0]).toMatchObject({ code: 'STUN_UNREACHABLE' });
  });

  it('resolves the server by name, and says DNS_FAILED for a name that does not resolve', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all' });
    const byName = await lab.exec(tsx, [entry, 'check', '--stun', STUN_NAME, '--ports', '9000-9004', '--json']);
    expect(JSON.parse(byName.stdout)).toMatchObject({ code: 'ALL_PASSED', server: { name: `${STUN_NAME}:3478` } });
    const missing = await lab.exec(tsx, [
      entry,
      'check',
      '--stun',
      'no-such-server.invalid',
      '--ports',
      '9000',
      '--json',
    ]);
    expect(missing.code).toBe(3);
    const report = JSON.parse(missing.stdout) as Report;
    expect(report.code).toBe('DNS_FAILED');
    expect(report.servers[0]?.detail).toMatch(/no-such-server\.invalid/);
  });

  it('falls back from an unresolvable name to the next server', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all' });
    const out = await lab.exec(tsx, [
      entry,
      'check',
      '--stun',
      `no-such-server.invalid,${STUN_NAME}`,
      '--ports',
      '9000-9004',
      '--json',
    ]);
    const report = JSON.parse(out.stdout) as Report;
    expect(report.code).toBe('ALL_PASSED');
    expect(report.servers.map((s) => s.code)).toEqual(['DNS_FAILED', null]);
  });

  it('marks a port held by another process as PORT_IN_USE and tests the rest', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all' });
    const holder = lab.spawn('python3', [
      '-c',
      'import socket,time; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("0.0.0.0", 9005)); print("ok", flush=True); time.sleep(600)',
    ]);
    await new Promise((r) => setTimeout(r, 500));
    expect(holder.exitCode).toBeNull();
    const out = await lab.exec(tsx, [entry, 'check', '--stun', ADDR.primary, '--ports', PORTS, ...FAST, '--json']);
    const report = JSON.parse(out.stdout) as Report;
    expect(report.code).toBe('SOME_FAILED');
    expect(report.ports.find((p) => p.port === 9005)).toMatchObject({
      code: 'PORT_IN_USE',
      owner: { pid: holder.pid, name: 'python3' },
    });
    expect(report.preflight?.owners.owners.find((o) => o.port === 9005)).toMatchObject({
      protocol: 'udp',
      pid: holder.pid,
      user: 'root',
    });
    expect(report.summary).toEqual({ total: 51, passed: 50, failed: 1, notTested: 0 });
  });

  it('checks the public address when one is expected', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all' });
    const right = await lab.exec(tsx, [
      entry,
      'check',
      '--stun',
      ADDR.primary,
      '--ports',
      '9000-9004',
      '--public-ip',
      ADDR.publicIp,
      '--json',
    ]);
    expect(JSON.parse(right.stdout).code).toBe('ALL_PASSED');
    const wrong = await lab.exec(tsx, [
      entry,
      'check',
      '--stun',
      ADDR.primary,
      '--ports',
      '9000-9004',
      '--public-ip',
      '203.0.113.99',
      '--json',
    ]);
    const report = JSON.parse(wrong.stdout) as Report;
    expect(report.code).toBe('ALL_FAILED');
    expect(report.ports.every((p) => p.code === 'PUBLIC_IP_MISMATCH')).toBe(true);
  });

  it('checks 10,000 ports under ulimit -n 1024, with more workers asked for than descriptors allowed', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all' });
    const out = await lab.exec('sh', [
      '-c',
      `ulimit -n 1024 && exec "$0" "$@"`,
      tsx,
      entry,
      'check',
      '--stun',
      ADDR.primary,
      '--ports',
      '20000-29999',
      '--rate',
      '5000',
      '--concurrency',
      '2000',
      '--json',
    ]);
    const report = JSON.parse(out.stdout) as Report;
    expect(report.summary).toEqual({ total: 10000, passed: 10000, failed: 0, notTested: 0 });
    expect(report.code).toBe('ALL_PASSED');
  });
});
