/**
 * The NAT lab: the real CLI inside a PBX namespace, behind a real Linux NAT, against Debian's
 * coturn (RFC 5780) and stund (RFC 3489). Each scenario builds a fresh lab (no flow state left
 * over) and tears it down. Needs root and the lab's packages: every test fails, none skips, when
 * the lab cannot be built (createLab checks first).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PortCode } from '../../shared/codes';
import type { Report } from '../../shared/report';
import { ADDR, STUN_NAME, createLab, type Lab, type LabOptions, type Range } from './nat-lab';

/** 51 ports: the SIP port and 50 media ports. */
const PORTS = '5060,9000-9049';
const PORT_LIST = [5060, ...Array.from({ length: 50 }, (_, i) => 9000 + i)];
const FAST = ['--rate', '2000', '--concurrency', '200'];

let lab: Lab | null = null;
afterEach(async () => {
  await lab?.destroy();
  lab = null;
});

/** Runs the CLI with --json in the current lab and parses its report; says what went wrong if none. */
async function runCli(args: readonly string[]): Promise<{ code: number | null; report: Report; stderr: string }> {
  if (!lab) throw new Error('no lab');
  const out = await lab.cli(['check', '--json', ...args]);
  try {
    return { code: out.code, report: JSON.parse(out.stdout) as Report, stderr: out.stderr };
  } catch {
    throw new Error(`no JSON report (exit ${out.code})\nstdout: ${out.stdout}\nstderr: ${out.stderr}`);
  }
}

/** Builds a lab for the scenario and checks PORTS against its primary address. */
async function check(options: LabOptions, args: readonly string[] = []) {
  lab = await createLab(options);
  return runCli(['--stun', `${ADDR.primary}:3478`, '--ports', PORTS, ...FAST, ...args]);
}

/** Port → code, for a readable diff when a verdict is wrong. */
const verdicts = (report: Report): Record<number, PortCode> =>
  Object.fromEntries(report.ports.map((p) => [p.port, p.code]));
const expected = (ports: readonly number[], code: (port: number) => PortCode): Record<number, PortCode> =>
  Object.fromEntries(ports.map((port) => [port, code(port)]));
const inRanges = (port: number, ranges: readonly Range[]) => ranges.some(([a, b]) => port >= a && port <= b);

describe.each(['coturn', 'stund'] as const)('behind a NAT, with %s', (server) => {
  it('passes every port that has a one-to-one forward', async () => {
    const { code, report } = await check({ server, forward: 'all' });
    expect(verdicts(report)).toEqual(expected(PORT_LIST, () => 'PASS'));
    expect(report.code).toBe('ALL_PASSED');
    expect(code).toBe(0);
    expect(report.schema).toBe('voip-fwcheck/report@1');
    expect(report.publicAddress).toBe(ADDR.publicIp);
    expect(report.summary).toEqual({ total: 51, passed: 51, failed: 0, notTested: 0 });
    expect(report.server).toMatchObject({
      primary: `${ADDR.primary}:3478`,
      alternate: `${ADDR.alternate}:3479`,
      alternateSource: server === 'coturn' ? 'OTHER-ADDRESS' : 'CHANGED-ADDRESS',
      changeRequestVerified: true,
      // stund pads SOFTWARE with a NUL ("Vovida.org 0.97\0"), which the report keeps as is.
      software: expect.stringMatching(server === 'coturn' ? /^Coturn-4/ : /^Vovida\.org 0\.97/),
    });
    for (const p of report.ports) {
      expect(p).toMatchObject({ protocol: 'udp', mapped: `${ADDR.publicIp}:${p.port}`, owner: null });
    }
  });

  it('finds no inbound forward when the router only masquerades', async () => {
    const { code, report } = await check({ server, forward: 'none' });
    expect(verdicts(report)).toEqual(expected(PORT_LIST, () => 'INBOUND_NO_RESPONSE'));
    expect(report.code).toBe('ALL_FAILED');
    expect(code).toBe(1);
    // The outbound test passed: the mapping kept each port.
    expect(report.ports.every((p) => p.mapped === `${ADDR.publicIp}:${p.port}`)).toBe(true);
  });

  it('sees the port translation of a NAT that rewrites source ports', async () => {
    const { code, report } = await check({ server, forward: 'all', translatePorts: true });
    expect(verdicts(report)).toEqual(expected(PORT_LIST, () => 'PORT_TRANSLATED'));
    expect(code).toBe(1);
    for (const p of report.ports) expect(p.mapped).toMatch(/^203\.0\.113\.2:4\d{4}$/);
  });

  it('tells the forwarded part of the range from the rest (shuffled order)', async () => {
    const forwarded: Range[] = [
      [5060, 5060],
      [9000, 9024],
    ];
    const { code, report } = await check({ server, forward: forwarded }, ['--order', 'shuffled']);
    expect(verdicts(report)).toEqual(
      expected(PORT_LIST, (port) => (inRanges(port, forwarded) ? 'PASS' : 'INBOUND_NO_RESPONSE')),
    );
    expect(report.code).toBe('SOME_FAILED');
    expect(code).toBe(1);
    expect(report.summary).toEqual({ total: 51, passed: 26, failed: 25, notTested: 0 });
  });

  it('reports outbound-blocked ports as OUTBOUND_NO_RESPONSE and the rest as passed', async () => {
    const blocked: Range[] = [[9040, 9049]];
    const { code, report } = await check({ server, forward: 'all', dropOutbound: blocked });
    expect(verdicts(report)).toEqual(
      expected(PORT_LIST, (port) => (inRanges(port, blocked) ? 'OUTBOUND_NO_RESPONSE' : 'PASS')),
    );
    expect(code).toBe(1);
    for (const p of report.ports) if (inRanges(p.port, blocked)) expect(p.mapped).toBeNull();
  });

  it('keeps every verdict right at 10 % loss in each direction', async () => {
    lab = await createLab({ server, forward: 'all', lossPercent: 10 });
    const { code, report } = await runCli(['--stun', ADDR.primary, '--ports', '9000-9199', ...FAST]);
    expect(report.summary).toEqual({ total: 200, passed: 200, failed: 0, notTested: 0 });
    expect(report.code).toBe('ALL_PASSED');
    expect(code).toBe(0);
    expect(report.stats.packetsSent).toBeGreaterThan(400); // retransmissions happened
  });

  it('stops with NO_SECOND_ADDRESS on a single-address server', async () => {
    const { code, report } = await check({ server: `${server}-single`, forward: 'all' });
    expect(report.code).toBe('NO_SECOND_ADDRESS');
    expect(code).toBe(3);
    expect(report.summary).toEqual({ total: 51, passed: 0, failed: 0, notTested: 51 });
    expect(report.ports.every((p) => p.code === 'NOT_TESTED')).toBe(true);
  });

  it('stops with CHANGE_REQUEST_IGNORED when the server answers CHANGE-REQUEST from its primary address', async () => {
    const { code, report } = await check({ server, forward: 'all', ignoreChangeRequest: true });
    expect(report.code).toBe('CHANGE_REQUEST_IGNORED');
    expect(code).toBe(3);
    expect(report.summary.notTested).toBe(51);
  });
});

describe('behind a NAT, with coturn', () => {
  it('stops with NO_SECOND_ADDRESS when RFC 5780 is switched off (two addresses, as coturn ≥ 4.7 ships)', async () => {
    const { code, report } = await check({ server: 'coturn-no5780', forward: 'all' });
    expect(report.code).toBe('NO_SECOND_ADDRESS');
    expect(code).toBe(3);
  });

  it('says STUN_UNREACHABLE when nothing listens (ICMP port unreachable)', async () => {
    const { code, report } = await check({ server: 'none', forward: 'all' }, ['--timeout', '1000']);
    expect(report.code).toBe('STUN_UNREACHABLE');
    expect(code).toBe(3);
    expect(report.servers[0]).toMatchObject({ code: 'STUN_UNREACHABLE' });
    expect(report.summary.notTested).toBe(51);
  });

  it('says STUN_UNREACHABLE when the server is silently dropped (no ICMP)', async () => {
    const { code, report } = await check({ server: 'coturn', forward: 'all', blackhole: true }, ['--timeout', '1000']);
    expect(report.code).toBe('STUN_UNREACHABLE');
    expect(code).toBe(3);
  });

  it('resolves the server by name, and says DNS_FAILED for a name that does not resolve', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all' });
    const byName = await runCli(['--stun', STUN_NAME, '--ports', '9000-9004']);
    expect(byName.report).toMatchObject({ code: 'ALL_PASSED', server: { name: `${STUN_NAME}:3478` } });
    expect(byName.code).toBe(0);
    await lab.resetFlows();
    const started = Date.now();
    const missing = await runCli(['--stun', 'no-such-server.invalid', '--ports', '9000']);
    expect(missing.report.code).toBe('DNS_FAILED');
    expect(missing.code).toBe(3);
    expect(missing.report.servers[0]?.detail).toMatch(/no-such-server\.invalid/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('falls back to the next server: from an unresolvable name, and from a dead port (repeated --stun)', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all' });
    const byComma = await runCli(['--stun', `no-such-server.invalid,${STUN_NAME}`, '--ports', '9000-9004']);
    expect(byComma.report.code).toBe('ALL_PASSED');
    expect(byComma.report.servers.map((s) => s.code)).toEqual(['DNS_FAILED', null]);
    await lab.resetFlows();
    const repeated = await runCli([
      '--stun',
      `${ADDR.primary}:3490`,
      '--stun',
      `${ADDR.primary}:3478`,
      '--ports',
      '9000-9004',
      '--timeout',
      '1000',
    ]);
    expect(repeated.report.code).toBe('ALL_PASSED');
    expect(repeated.report.servers.map((s) => s.code)).toEqual(['STUN_UNREACHABLE', null]);
    expect(repeated.report.server?.primary).toBe(`${ADDR.primary}:3478`);
  });

  it('marks a port held by another process as PORT_IN_USE and tests the rest', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all' });
    const holder = lab.spawn('python3', [
      '-c',
      'import socket,time; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("0.0.0.0", 9005)); time.sleep(600)',
    ]);
    // Wait until the socket is bound (ss inside the PBX namespace), not a fixed time.
    for (let i = 0; i < 100; i++) {
      const ss = await lab.exec('ss', ['-Hunl', 'sport = :9005']);
      if (ss.stdout.trim() !== '') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(holder.exitCode).toBeNull();
    const { code, report } = await runCli(['--stun', ADDR.primary, '--ports', PORTS, ...FAST]);
    expect(verdicts(report)).toEqual(expected(PORT_LIST, (port) => (port === 9005 ? 'PORT_IN_USE' : 'PASS')));
    expect(report.code).toBe('SOME_FAILED');
    expect(code).toBe(1);
    expect(report.ports.find((p) => p.port === 9005)).toMatchObject({
      code: 'PORT_IN_USE',
      owner: { pid: holder.pid, name: 'python3' },
    });
    expect(report.ports.filter((p) => p.owner !== null).map((p) => p.port)).toEqual([9005]);
    expect(report.preflight?.owners.owners.find((o) => o.port === 9005)).toMatchObject({
      protocol: 'udp',
      pid: holder.pid,
      user: 'root',
    });
    expect(report.summary).toEqual({ total: 51, passed: 50, failed: 1, notTested: 0 });
  });

  it('reads the PBX’s own nftables firewall, which blocks exactly the ports it says, and its fix command works', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all' });
    // The PBX's host firewall: inbound UDP only to 5060 and 9000–9029, anything else dropped.
    const rules = [
      'table inet hostfw {',
      '  chain input {',
      '    type filter hook input priority 0; policy drop;',
      '    ct state established,related accept',
      '    iifname "lo" accept',
      '    udp dport { 5060, 9000-9029 } accept',
      '  }',
      '}',
    ].join('\n');
    const loaded = await lab.exec('sh', ['-c', `printf '%s\\n' '${rules}' | nft -f -`]);
    expect(loaded.code, loaded.stderr).toBe(0);
    const first = await runCli(['--stun', ADDR.primary, '--ports', PORTS, ...FAST]);
    // Test 2's answers are unsolicited: the host firewall drops them for 9030–9049 only.
    expect(verdicts(first.report)).toEqual(
      expected(PORT_LIST, (port) => (port >= 9030 ? 'INBOUND_NO_RESPONSE' : 'PASS')),
    );
    const firewall = first.report.preflight?.firewall;
    expect(firewall).toMatchObject({ product: 'nftables', state: 'on' });
    expect(firewall?.findings.map((f) => [f.kind, f.detail])).toEqual([
      ['PORTS_NOT_ALLOWED', 'inet hostfw input drops UDP 9030-9049'],
      ['ALLOW_RULE_PRESENT', 'inet hostfw input lets UDP 5060,9000-9029 in'],
    ]);
    expect(firewall?.fixes.map((f) => f.command)).toEqual([
      'sudo nft insert rule inet hostfw input udp dport { 9030-9049 } accept',
    ]);
    // The command it gives, run as root (without sudo), lets every port in.
    const fix = firewall!.fixes[0]!.command.replace(/^sudo /, '').split(' ');
    const applied = await lab.exec(fix[0]!, fix.slice(1));
    expect(applied.code, applied.stderr).toBe(0);
    await lab.resetFlows();
    const second = await runCli(['--stun', ADDR.primary, '--ports', PORTS, ...FAST]);
    expect(verdicts(second.report)).toEqual(expected(PORT_LIST, () => 'PASS'));
    expect(second.report.preflight?.firewall.findings.map((f) => f.kind)).toEqual(['ALLOW_RULE_PRESENT']);
  });

  it('reads an iptables firewall on the PBX (nf_tables backend) from iptables -S, and its fix command works', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all' });
    for (const rule of [
      ['-P', 'INPUT', 'DROP'],
      ['-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'],
      ['-A', 'INPUT', '-i', 'lo', '-j', 'ACCEPT'],
      ['-A', 'INPUT', '-p', 'udp', '-m', 'multiport', '--dports', '5060,9000:9019', '-j', 'ACCEPT'],
    ]) {
      const added = await lab.exec('iptables', rule);
      expect(added.code, added.stderr).toBe(0);
    }
    const first = await runCli(['--stun', ADDR.primary, '--ports', PORTS, ...FAST]);
    expect(verdicts(first.report)).toEqual(
      expected(PORT_LIST, (port) => (port >= 9020 ? 'INBOUND_NO_RESPONSE' : 'PASS')),
    );
    const firewall = first.report.preflight?.firewall;
    expect(firewall?.product).toBe('iptables');
    expect(firewall?.findings.map((f) => [f.kind, f.detail])).toEqual([
      ['PORTS_NOT_ALLOWED', 'INPUT drops UDP 9020-9049'],
      ['ALLOW_RULE_PRESENT', 'INPUT lets UDP 5060,9000-9019 in'],
    ]);
    const fix = firewall!.fixes[0]!.command.replace(/^sudo /, '').split(' ');
    expect(fix.join(' ')).toBe('iptables -I INPUT -p udp -m multiport --dports 9020:9049 -j ACCEPT');
    const applied = await lab.exec(fix[0]!, fix.slice(1));
    expect(applied.code, applied.stderr).toBe(0);
    await lab.resetFlows();
    const second = await runCli(['--stun', ADDR.primary, '--ports', PORTS, ...FAST]);
    expect(verdicts(second.report)).toEqual(expected(PORT_LIST, () => 'PASS'));
  });

  it('checks the public address when one is expected', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all' });
    const right = await runCli(['--stun', ADDR.primary, '--ports', '9000-9004', '--public-ip', ADDR.publicIp]);
    expect(right.report.code).toBe('ALL_PASSED');
    expect(right.code).toBe(0);
    await lab.resetFlows();
    const wrong = await runCli(['--stun', ADDR.primary, '--ports', '9000-9004', '--public-ip', '203.0.113.99']);
    expect(verdicts(wrong.report)).toEqual(expected([9000, 9001, 9002, 9003, 9004], () => 'PUBLIC_IP_MISMATCH'));
    expect(wrong.report.code).toBe('ALL_FAILED');
    expect(wrong.code).toBe(1);
  });

  it('checks 10,000 ports under ulimit -n 1024, with more workers asked for than descriptors allowed', async () => {
    lab = await createLab({ server: 'coturn', forward: 'all' });
    const out = await lab.exec('sh', [
      '-c',
      `ulimit -n 1024 && exec "$0" "$@"`,
      'node_modules/.bin/tsx',
      'main/cli-entry.ts',
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
