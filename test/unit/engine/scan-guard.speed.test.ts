/**
 * Speed without tripping anything (issue 10, item 4), on the simulated network and the fake clock:
 * the default profile's targets, fewer Test 2 datagrams when Test 1 showed no loss, the rate that
 * starts at 100/s and grows to the user's cap, never past it.
 */
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../main/engine/run-check';
import type { RunSettings } from '../../../shared/report';
import { defaultSettings, PACES } from '../../../shared/settings';
import { FakeClock } from '../../fakes/fake-clock';
import { PRIMARY, seeded, SimNetwork, type NatConfig, type SimOptions } from '../../fakes/sim-network';

const nat = (forwards: NatConfig['forwards']): NatConfig => ({
  mapping: 'independent-preserving',
  filtering: 'address-port',
  forwards,
});

async function check(sim: SimOptions, overrides: Partial<RunSettings> = {}) {
  const clock = new FakeClock();
  const net = new SimNetwork(clock, sim);
  const settings = { ...defaultSettings(), stun: [`${PRIMARY.address}:${PRIMARY.port}`], ...overrides };
  const report = await clock.run(
    runCheck(settings, { transport: net, clock, resolve: net.resolve, random: seeded(5) }),
    3_600_000,
  );
  return { report, net };
}

/** The most datagrams sent in any window of `ms`. */
function busiest(times: readonly number[], ms: number): number {
  let most = 0;
  for (let from = 0, to = 0; to < times.length; to++) {
    while (times[to]! - times[from]! >= ms) from++;
    most = Math.max(most, to - from + 1);
  }
  return most;
}

describe('the default profile (2,002 ports) at default settings', () => {
  it('all pass in 30 s or less, two datagrams a port', async () => {
    const { report } = await check({ nat: nat('all') });
    expect(report.code).toBe('ALL_PASSED');
    expect(report.summary.total).toBe(2002);
    expect(report.durationMs).toBeLessThanOrEqual(30_000);
    expect(report.stats.packetsSent).toBeLessThan(2002 * 2 + 20);
  });

  it('all fail in 120 s or less: Test 1 once, Test 2 twice, and one final pass of three', async () => {
    const { report, net } = await check({ nat: nat([]) });
    expect(report.code).toBe('ALL_FAILED');
    expect(report.durationMs).toBeLessThanOrEqual(120_000);
    expect(net.sentFrom(9500).map((s) => s.change)).toEqual([false, true, true, true, true, true]);
    expect(report.ports.find((p) => p.port === 9500)?.sent).toBe(6);
  });

  it('with 10 % loss each way: Test 2 gets its full schedule once loss is seen, and nothing is blamed on the router', async () => {
    const { report } = await check({ nat: nat('all'), lossIn: 0.1, lossOut: 0.1 });
    expect(report.code).toBe('ALL_PASSED');
    expect(report.warnings).toEqual([]);
  });
});

describe('the rate', () => {
  it('starts at 100 datagrams/s and speeds up to the cap, never past it', async () => {
    const { net } = await check({ nat: nat('all') }, { ports: '9000-10999' });
    const times = net.sent.map((s) => s.at);
    const start = times[0]!;
    const first = times.filter((t) => t < start + 1000);
    expect(first.length).toBeLessThanOrEqual(100 + 2);
    const most = busiest(times, 1000);
    expect(most).toBeGreaterThan(250);
    expect(most).toBeLessThanOrEqual(PACES.normal.rate + 8);
  });

  it('starts at the cap when asked for more than the normal pace (--pace fast)', async () => {
    const { net, report } = await check({ nat: nat('all') }, { ports: '9000-10999', ...PACES.fast });
    expect(
      busiest(
        net.sent.map((s) => s.at),
        1000,
      ),
    ).toBeGreaterThan(3000);
    expect(report.durationMs).toBeLessThan(3000);
  });

  it('--rate stays a cap: 50/s is never exceeded, even with nothing going wrong', async () => {
    const { net } = await check({ nat: nat('all') }, { ports: '9000-9299', rate: 50 });
    expect(
      busiest(
        net.sent.map((s) => s.at),
        1000,
      ),
    ).toBeLessThanOrEqual(51);
  });

  it('--concurrency stays a cap', async () => {
    const { net } = await check({ nat: nat([]) }, { ports: '9000-9299', concurrency: 7 });
    expect(net.maxOpenExplicit).toBeLessThanOrEqual(7);
  });
});
