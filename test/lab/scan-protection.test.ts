/**
 * Scan protection in the NAT lab (issue 10): the router runs, in nftables, psd's rule with its
 * quiet-gap reset, a rate-over block list with a timeout, or a block list that outlasts the run,
 * all against the STUN server's second address (scan-protection-rules.ts). The real CLI must
 * report no false failure under any of them, and real failures that start mid-range must stay
 * failures. A second two-address server (stund on other addresses) is where the check finishes
 * when the block outlasts its patience.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PortCode } from '../../shared/codes';
import type { Report } from '../../shared/report';
import { ADDR, createLab, type Lab, type LabOptions } from './nat-lab';

let lab: Lab | null = null;
afterEach(async () => {
  await lab?.destroy();
  lab = null;
});

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const portsWith = (report: Report, code: PortCode) => report.ports.filter((p) => p.code === code).map((p) => p.port);
const trip = (report: Report) => report.warnings.find((w) => w.code === 'SCAN_PROTECTION_TRIPPED');

/** Builds the lab and runs the CLI at its default pace (the point: no --rate to hide behind). */
async function check(options: LabOptions, ports: string, stun: string[] = [`${ADDR.primary}:3478`]) {
  lab = await createLab(options);
  const out = await lab.cli(['check', '--json', ...stun.flatMap((s) => ['--stun', s]), '--ports', ports], 175_000);
  let report: Report;
  try {
    report = JSON.parse(out.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${out.code})\nstdout: ${out.stdout}\nstderr: ${out.stderr}`);
  }
  return { report, counters: await lab.protectionCounters() };
}

describe('a router with scan protection against the server’s second address', () => {
  it('psd (drops new ports after 21, forgets after 3 s of quiet): every forwarded port passes, and the trip is reported', async () => {
    const { report, counters } = await check({ server: 'coturn', forward: 'all', protection: 'psd' }, '9000-9099');
    expect(counters.tripped).toBeGreaterThan(0); // the router did react
    expect(portsWith(report, 'PASS')).toEqual(range(9000, 9099));
    expect(report.code).toBe('ALL_PASSED');
    expect(trip(report)?.addresses).toEqual([ADDR.alternate]);
  });

  it('a rate-over block list (5 new flows/s after 20, 30 s): zero false failures', async () => {
    const { report, counters } = await check({ server: 'coturn', forward: 'all', protection: 'rate' }, '9000-9099');
    expect(counters.blocked).toBeGreaterThan(0);
    expect(report.code).toBe('ALL_PASSED');
    expect(trip(report)?.values?.how).toBe('paced');
    expect(report.durationMs).toBeLessThan(120_000);
  });

  it('a block that outlasts the run, with a second server: the rest goes through it, zero false failures', async () => {
    const { report, counters } = await check(
      { server: 'coturn', forward: 'all', protection: 'block-forever', secondServer: true },
      '9000-9059',
      [`${ADDR.primary}:3478`, `${ADDR.primary2}:3478`],
    );
    expect(counters.blocked).toBeGreaterThan(0);
    expect(report.code).toBe('ALL_PASSED');
    expect(trip(report)?.values).toMatchObject({ how: 'fallback', server: `${ADDR.primary2}:3478` });
  });

  it('a block that outlasts the run, one server: SCAN_BLOCKED (not tested), never a failure', async () => {
    const { report } = await check({ server: 'coturn', forward: 'all', protection: 'block-forever' }, '9000-9039');
    expect(portsWith(report, 'INBOUND_NO_RESPONSE')).toEqual([]);
    expect(portsWith(report, 'SCAN_BLOCKED').length).toBeGreaterThan(0);
    expect(report.summary.failed).toBe(0);
    expect(report.code).toBe('SOME_FAILED');
    expect(trip(report)?.values?.how).toBe('blocked');
  });
});

describe('real failures that start mid-range stay failures', () => {
  const partial = [[9000, 9059]] as const;
  it.each(['psd', 'rate', 'none'] as const)('forwards end at 9059 (protection: %s)', async (kind) => {
    const protection = kind === 'none' ? undefined : kind;
    const { report } = await check({ server: 'coturn', forward: partial, protection }, '9000-9099');
    expect(portsWith(report, 'PASS')).toEqual(range(9000, 9059));
    expect(portsWith(report, 'INBOUND_NO_RESPONSE')).toEqual(range(9060, 9099));
    expect(report.code).toBe('SOME_FAILED');
    if (!protection) expect(trip(report)).toBeUndefined();
  });
});
