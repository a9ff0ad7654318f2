/**
 * The scan guard over the simulated network (issue 10): a router whose port-scan protection
 * follows xt_psd exactly, one that block-lists on a rate, one whose block outlasts the run, and
 * real partial forwards, with and without protection. Zero false failures, and a real failure
 * always stays a failure.
 */
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../main/engine/run-check';
import { isUntested, type PortCode } from '../../../shared/codes';
import type { Report, RunSettings } from '../../../shared/report';
import { defaultSettings } from '../../../shared/settings';
import { buildReportView } from '../../../shared/view';
import { providerSummary } from '../../../shared/summary';
import { makeStyle, renderText } from '../../../main/cli/text-report';
import { renderReportHtml } from '../../../main/bundle/report-html';
import { FakeClock } from '../../fakes/fake-clock';
import type { Protection } from '../../fakes/scan-protection';
import { ALTERNATE, PRIMARY, seeded, SimNetwork, type NatConfig, type SimOptions } from '../../fakes/sim-network';

const SECOND = {
  primary: { address: '198.51.100.20', port: 3478 },
  alternate: { address: '198.51.100.21', port: 3479 },
};
const base = (overrides: Partial<RunSettings>): RunSettings => ({
  ...defaultSettings(),
  stun: [`${PRIMARY.address}:${PRIMARY.port}`],
  ...overrides,
});
const forwarding = (forwards: NatConfig['forwards']): NatConfig => ({
  mapping: 'independent-preserving',
  filtering: 'address-port',
  forwards,
});
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** xt_psd's defaults, watching the server's second address. */
const PSD_DROP: Protection = { kind: 'psd', source: ALTERNATE.address };
const PSD_BLOCK_30S: Protection = { kind: 'psd', source: ALTERNATE.address, blockMs: 30_000 };
const RATE_BLOCK_30S: Protection = {
  kind: 'rate',
  source: ALTERNATE.address,
  perSecond: 5,
  burst: 20,
  blockMs: 30_000,
};
const BLOCK_10_MIN: Protection = { kind: 'psd', source: ALTERNATE.address, blockMs: 600_000 };

async function check(sim: SimOptions, overrides: Partial<RunSettings>) {
  const clock = new FakeClock();
  const net = new SimNetwork(clock, { servers: [{ ...PRIMARY_SERVER }, SECOND], ...sim });
  const report = await clock.run(
    runCheck(base(overrides), { transport: net, clock, resolve: net.resolve, random: seeded(3) }),
    3_600_000,
  );
  return { report, net, clock };
}
const PRIMARY_SERVER = { primary: PRIMARY, alternate: ALTERNATE };

const portsWith = (report: Report, code: PortCode) => report.ports.filter((p) => p.code === code).map((p) => p.port);
const trip = (report: Report) => report.warnings.find((w) => w.code === 'SCAN_PROTECTION_TRIPPED');

describe('the simulated psd follows xt_psd', () => {
  it('trips at the 21st new high port, counts low ports 3, and resets after more than 3 s of quiet', async () => {
    const { ScanProtection } = await import('../../fakes/scan-protection');
    const psd = new ScanProtection([{ kind: 'psd' }]);
    const admitted = (ports: number[], at: number) => ports.map((p) => psd.admit('a', p, false, at));
    expect(admitted(range(9000, 9019), 0).every(Boolean)).toBe(true);
    expect(admitted([9000], 100)).toEqual([true]); // a port already seen: nothing changes
    expect(admitted([9020, 9021], 200)).toEqual([false, false]);
    expect(admitted([9022], 3200)).toEqual([false]); // 3 s after the last new port: still fresh
    expect(admitted([9023], 6300)).toEqual([true]); // more than 3 s of quiet: forgotten
    const low = new ScanProtection([{ kind: 'psd' }]);
    expect(range(100, 106).map((p) => low.admit('a', p, false, 0))).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(low.admit('b', 107, false, 0)).toBe(true); // per source
    expect(low.admit('a', 9999, true, 0)).toBe(true); // a reply is not new
  });
});

describe('a psd that drops new ports (no block list)', () => {
  it('ports 9000–9199: every forwarded port passes, the trip is reported with its onset', async () => {
    const { report, net } = await check({ nat: forwarding('all'), protection: [PSD_DROP] }, { ports: '9000-9199' });
    expect(net.protection.drops.psd).toBeGreaterThan(0); // the router did react
    expect(report.code).toBe('ALL_PASSED');
    expect(report.summary.passed).toBe(200);
    const warning = trip(report)!;
    expect(warning.addresses).toEqual([ALTERNATE.address]);
    expect(Number(warning.values?.onsetPort)).toBeGreaterThanOrEqual(9020);
    expect(warning.values?.how).toBe('paced');
    expect(warning.text).toContain(ALTERNATE.address);
    expect(report.warnings[0]?.code).toBe('SCAN_PROTECTION_TRIPPED');
  });

  it('after the trip: bursts of at most 15 new ports and quiet gaps longer than 3 s, so psd never trips again', async () => {
    const { net } = await check({ nat: forwarding('all'), protection: [PSD_DROP] }, { ports: '9000-9199' });
    const seen = net.protection.seen;
    const drops = seen.filter((p) => p.matched).map((p) => p.at);
    expect(drops.length).toBeGreaterThan(0);
    // Every drop belongs to the first trip: nothing once the guard has paused.
    expect(Math.max(...drops) - Math.min(...drops)).toBeLessThan(3000);
    // Replaying the packets after the trip: new ports per group between quiet gaps > 3 s.
    const after = seen.filter((p) => p.at > Math.max(...drops) + 3000);
    const groups: Set<number>[] = [];
    let last = -Infinity;
    for (const packet of after) {
      if (packet.at - last > 3000 || groups.length === 0) groups.push(new Set());
      groups.at(-1)!.add(packet.port);
      last = packet.at;
    }
    expect(groups.length).toBeGreaterThan(5);
    expect(Math.max(...groups.map((g) => g.size))).toBeLessThanOrEqual(17); // 15 new ports and the canaries
  });
});

describe('a stricter router: psd that trips at the 9th new port', () => {
  it('bursts never exceed what passed before the trip, and nothing is a false failure', async () => {
    const strict: Protection = { kind: 'psd', source: ALTERNATE.address, threshold: 9 };
    const { report, net } = await check({ nat: forwarding('all'), protection: [strict] }, { ports: '9000-9099' });
    expect(report.code).toBe('ALL_PASSED');
    expect(Number(trip(report)?.values?.burst)).toBeLessThanOrEqual(8);
    const drops = net.protection.seen.filter((p) => p.matched).map((p) => p.at);
    expect(Math.max(...drops) - Math.min(...drops)).toBeLessThan(3000); // one trip, never again
  });
});

describe('a psd that block-lists the source for 30 s', () => {
  it('300 ports: zero false failures, in less than 3 minutes', async () => {
    const { report, net } = await check(
      { nat: forwarding('all'), protection: [PSD_BLOCK_30S] },
      { ports: '9000-9299' },
    );
    expect(net.protection.blockedAt.length).toBeGreaterThan(0);
    expect(report.code).toBe('ALL_PASSED');
    expect(portsWith(report, 'INBOUND_NO_RESPONSE')).toEqual([]);
    expect(report.durationMs).toBeLessThanOrEqual(180_000);
    expect(trip(report)?.values?.how).toBe('paced');
    expect(net.protection.blockedAt).toHaveLength(1); // tripped once, never again
  });

  it('gentle pace trips it too (psd has no safe steady rate), and still no false failure', async () => {
    const { report, net } = await check(
      { nat: forwarding('all'), protection: [PSD_BLOCK_30S] },
      { ports: '9000-9199', rate: 12, concurrency: 16 },
    );
    expect(net.protection.blockedAt.length).toBeGreaterThan(0);
    expect(report.code).toBe('ALL_PASSED');
  });
});

describe('a rate-over block list (5 new flows/s after 20, 30 s)', () => {
  it('zero false failures and a warning', async () => {
    const { report, net } = await check(
      { nat: forwarding('all'), protection: [RATE_BLOCK_30S] },
      { ports: '9000-9199' },
    );
    expect(net.protection.blockedAt.length).toBeGreaterThan(0);
    expect(report.code).toBe('ALL_PASSED');
    expect(trip(report)).toBeDefined();
  });
});

describe('a block that outlasts the run (10 minutes)', () => {
  it('one server: the ports it kept from the test are SCAN_BLOCKED, never failures; never ALL_PASSED', async () => {
    const { report } = await check({ nat: forwarding('all'), protection: [BLOCK_10_MIN] }, { ports: '9000-9099' });
    expect(portsWith(report, 'INBOUND_NO_RESPONSE')).toEqual([]);
    const blocked = portsWith(report, 'SCAN_BLOCKED');
    expect(blocked.length).toBeGreaterThan(0);
    expect(report.summary.failed).toBe(0);
    expect(report.summary.notTested).toBe(blocked.length);
    expect(report.code).toBe('SOME_FAILED');
    const warning = trip(report)!;
    expect(warning.values?.how).toBe('blocked');
    expect(warning.ports).toBe(blocked.length);
    expect(report.durationMs).toBeLessThan(150_000); // gave up after about 90 s
  });

  it('two servers with different second addresses: the rest goes through the second, all pass', async () => {
    const { report, net } = await check(
      { nat: forwarding('all'), protection: [BLOCK_10_MIN] },
      { ports: '9000-9099', stun: [`${PRIMARY.address}:3478`, `${SECOND.primary.address}:3478`] },
    );
    expect(report.code).toBe('ALL_PASSED');
    const warning = trip(report)!;
    expect(warning.values?.how).toBe('fallback');
    expect(warning.values?.server).toBe(`${SECOND.primary.address}:3478`);
    expect(net.sent.some((s) => s.to.address === SECOND.primary.address && s.change)).toBe(true);
    expect(report.servers.map((s) => s.name)).toEqual([`${PRIMARY.address}:3478`, `${SECOND.primary.address}:3478`]);
  });
});

describe('real failures stay failures', () => {
  const partial = forwarding(range(9000, 9099));
  it.each([
    ['no protection, sequential', [], 'sequential'],
    ['no protection, shuffled', [], 'shuffled'],
    ['psd dropping, sequential', [PSD_DROP], 'sequential'],
    ['psd block list, shuffled', [PSD_BLOCK_30S], 'shuffled'],
    ['rate block list, sequential', [RATE_BLOCK_30S], 'sequential'],
  ] as const)('forwards stop at 9099 (%s): 9000–9099 pass, 9100–9199 fail', async (_, protection, order) => {
    const { report } = await check({ nat: partial, protection: [...protection] }, { ports: '9000-9199', order });
    expect(portsWith(report, 'PASS')).toEqual(range(9000, 9099));
    expect(portsWith(report, 'INBOUND_NO_RESPONSE')).toEqual(range(9100, 9199));
    expect(report.code).toBe('SOME_FAILED');
    if (protection.length === 0) expect(trip(report)).toBeUndefined(); // no protection, no alarm
  });

  it('a gap in the middle (9050–9079 not forwarded) under psd: exactly those fail', async () => {
    const forwards = range(9000, 9199).filter((p) => p < 9050 || p > 9079);
    const { report } = await check({ nat: forwarding(forwards), protection: [PSD_BLOCK_30S] }, { ports: '9000-9199' });
    expect(portsWith(report, 'INBOUND_NO_RESPONSE')).toEqual(range(9050, 9079));
    expect(portsWith(report, 'SCAN_BLOCKED')).toEqual([]);
  });

  it('nothing forwarded: ALL_FAILED, no canary, no warning', async () => {
    const { report } = await check({ nat: forwarding([]), protection: [PSD_BLOCK_30S] }, { ports: '9000-9099' });
    expect(report.code).toBe('ALL_FAILED');
    expect(trip(report)).toBeUndefined();
    expect(report.ports.every((p) => !isUntested(p.code))).toBe(true);
  });
});

describe('saying so', () => {
  it('the warning, with its onset and source, reaches the CLI text, report.html, the window view and the provider summary, in English and French', async () => {
    const { report } = await check({ nat: forwarding('all'), protection: [PSD_BLOCK_30S] }, { ports: '9000-9099' });
    const onset = trip(report)!.values!.onsetPort!;
    const text = renderText(report, 'en', makeStyle(false));
    expect(text).toContain('SCAN_PROTECTION_TRIPPED');
    expect(text).toContain(`from port ${onset}`);
    expect(text).toContain(ALTERNATE.address);
    const html = renderReportHtml(report, 'fr', null);
    expect(html).toContain(`à partir du port ${onset}`);
    const view = buildReportView(report, 'fr');
    expect(view.warnings[0]?.text).toContain('par petits groupes');
    expect(view.warnings[0]?.text).not.toMatch(/\{\w+\}/);
    expect(providerSummary(report, 'en')).toContain(`[SCAN_PROTECTION_TRIPPED]`);
  });
});
