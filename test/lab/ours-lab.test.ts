/**
 * Issue 11 in the lab, through the real CLI with `--json`: our server behind a real Linux NAT,
 * the kernel's own SIP ALG (nf_nat_sip through an nftables ct helper) present and absent, and
 * TCP forwards present and absent per port.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report';
import { cleanupOursLab, createOursLab, UDP_PORTS, OURS_PRIMARY, type OursLab } from './ours-lab';

let lab: OursLab | null = null;
afterEach(async () => {
  await lab?.destroy();
  lab = null;
});
afterAll(cleanupOursLab);

async function check(extra: string[] = []): Promise<Report> {
  const out = await lab!.check(['--stun', OURS_PRIMARY, '--ports', UDP_PORTS, '--json', '--no-history', ...extra]);
  try {
    return JSON.parse(out.stdout) as Report;
  } catch {
    throw new Error(`no JSON (exit ${out.code})\n${out.stderr}\n${lab!.serverLog()}`);
  }
}

const tcpCodes = (report: Report) => report.ports.filter((p) => p.protocol === 'tcp').map((p) => `${p.port} ${p.code}`);

describe('our server behind a Linux NAT', () => {
  it('finds the kernel’s SIP ALG (nf_nat_sip) and what it rewrote; TCP forwards per port', async () => {
    lab = await createOursLab({ sipAlg: { udp: true, tcp: true }, tcpForwards: [5060, 5061] });
    const report = await check();
    const udp = report.sip?.find((s) => s.transport === 'udp');
    expect(udp?.code, JSON.stringify(report.sip)).toBe('SIP_ALG_DETECTED');
    // What nf_nat_sip rewrites in an INVITE with SDP (and the length that follows from it).
    expect(udp?.changed).toEqual(['Via', 'From', 'Contact', 'Content-Length', 'SDP o=', 'SDP c=']);
    expect(udp?.differences?.find((d) => d.field === 'Via')).toMatchObject({
      sent: expect.stringContaining('192.0.2.10'),
      received: expect.stringContaining('203.0.113.2'),
    });
    const tcp = report.sip?.find((s) => s.transport === 'tcp');
    expect(tcp).toMatchObject({ code: 'SIP_ALG_DETECTED', changed: ['Via', 'From', 'Contact'] });
    expect(tcpCodes(report)).toEqual(['5060 PASS', '5061 PASS', '5090 INBOUND_NO_RESPONSE']);
    expect(report.code).toBe('SOME_FAILED');
  }, 120_000);

  it('sees SIP arrive unchanged without the helper; every TCP port forwarded passes', async () => {
    lab = await createOursLab({ sipAlg: { udp: false, tcp: false }, tcpForwards: [5060, 5061, 5090] });
    const report = await check();
    expect(report.sip?.map((s) => `${s.transport} ${s.code}`)).toEqual(['udp SIP_UNCHANGED', 'tcp SIP_UNCHANGED']);
    expect(report.sip?.[0]?.source).toBe('203.0.113.2:5060');
    expect(tcpCodes(report)).toEqual(['5060 PASS', '5061 PASS', '5090 PASS']);
    expect(report.code).toBe('ALL_PASSED');
  }, 120_000);

  it('still finds the ALG when another program holds UDP 5060: the SIP test runs from another port', async () => {
    lab = await createOursLab({ sipAlg: { udp: true, tcp: true }, tcpForwards: [5060, 5061, 5090] });
    await lab.holdUdp(5060);
    const report = await check();
    expect(report.ports.find((p) => p.protocol === 'udp' && p.port === 5060)?.code).toBe('PORT_IN_USE');
    const udp = report.sip?.find((s) => s.transport === 'udp');
    expect(udp?.code).toBe('SIP_ALG_DETECTED');
    expect(udp?.local).toMatch(/^192\.0\.2\.10:\d+$/);
    expect(udp?.local).not.toBe('192.0.2.10:5060');
    expect(udp?.changed).toContain('Via');
  }, 120_000);

  it('fails every TCP port with no TCP forward, and skips what --no-sip and --tcp-ports say', async () => {
    lab = await createOursLab({ sipAlg: { udp: true, tcp: false }, tcpForwards: [] });
    const report = await check(['--no-sip', '--tcp-ports', '5060,5090']);
    expect(report.sip).toBeUndefined();
    expect(tcpCodes(report)).toEqual(['5060 INBOUND_NO_RESPONSE', '5090 INBOUND_NO_RESPONSE']);
    expect(report.ports.filter((p) => p.protocol === 'udp').every((p) => p.code === 'PASS')).toBe(true);
  }, 120_000);
});
