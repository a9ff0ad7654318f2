/**
 * The time-left estimate (issue 14): what the scan guard will do with the rest of the run, rule by
 * rule (progress.ts). How close it comes to real runs: `npx tsx test/bench/eta.ts` and the e2e
 * test in window-words-time.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../../main/engine/progress';
import { QUIET_GAP_MS, type GuardOutlook } from '../../../main/engine/scan-guard-policy';
import { FakeClock } from '../../fakes/fake-clock';

const CANARY_MS = 300;

/** A tracker over `total` ports, with a guard outlook (normal mode, 50 at once, re-test 1.5 s). */
function tracker(total: number, outlook: Partial<GuardOutlook> = {}) {
  const clock = new FakeClock();
  const progress = new ProgressTracker(clock, total, undefined, 100, 3000, 50);
  let current: GuardOutlook = {
    mode: 'normal',
    burst: 15,
    concurrency: 50,
    streakNeeded: 3,
    looks: 0,
    confirmGiveUpMs: 1500,
    confirmingSince: null,
    confirming: 0,
    ...outlook,
  };
  progress.setOutlook(current);
  progress.phase('testing');
  const guard = (change: Partial<GuardOutlook>) => {
    current = { ...current, ...change };
    progress.setOutlook(current);
  };
  /** `count` ports, `everyMs` apart, outcome by index. */
  const finish = async (
    count: number,
    everyMs: number,
    outcome: (i: number) => 'passed' | 'failed' = () => 'passed',
    provisional = true,
  ) => {
    for (let i = 0; i < count; i++) {
      await clock.advance(everyMs);
      const o = outcome(i);
      progress.record(o, o === 'failed' && provisional);
    }
  };
  return { clock, progress, guard, finish, eta: () => progress.snapshot('testing') };
}

describe('time left (issue 14)', () => {
  it('is one figure while every port passes: the ports left at the pace of the last second (or 100 ports, if more)', async () => {
    const { finish, eta } = tracker(1000);
    await finish(200, 40); // slow at first…
    await finish(400, 10); // …then faster: the last second (100 ports) sets the pace
    expect(eta()).toMatchObject({ etaMs: 400 * 10 });
    expect(eta().etaRangeMs).toBeUndefined();
  });

  it('counts on the pacer ramping up towards the cap (1.5 times a second) while it is below', async () => {
    const { progress, finish, eta } = tracker(1000);
    const pacer = { rate: 100 };
    progress.setPacer(pacer, 400);
    await finish(100, 20); // 50 ports a second at 100 datagrams a second
    // 900 left: 1 s at 100/s (50 ports), 1 s at 150/s (75), 1 s at 225/s (112.5), 1 s at 337.5/s
    // (168.75), then 400/s (200 a second) for the remaining 493.75.
    expect(eta().etaMs).toBe(Math.round(4000 + (493.75 / 200) * 1000));
    pacer.rate = 400; // at the cap: no more ramp, the pace scales with the rate it went at
    expect(eta().etaMs).toBe(Math.round(900 * 5));
  });

  it('adds the re-test round of the failures: those waiting and those to come, `concurrency` at a time', async () => {
    const { finish, eta } = tracker(200, { streakNeeded: 1000 });
    // Every 10th fails: 10 waiting, 10 more to come, one batch of 1.5 s and a canary (and no look:
    // the guard would need 1,000 failures in a row).
    await finish(100, 10, (i) => (i % 10 === 0 ? 'failed' : 'passed'));
    expect(eta()).toMatchObject({ etaMs: 100 * 10 + 1500 + CANARY_MS });
    expect(eta().etaRangeMs).toBeUndefined();
  });

  it('re-tests in bursts with a quiet gap each after a trip, and the new ports too', async () => {
    const { finish, guard, eta } = tracker(100, { burst: 10 });
    await finish(20, 10, (i) => (i < 10 ? 'passed' : 'failed'));
    guard({ mode: 'safe' });
    // 80 left at 10 ms: 8 bursts with a quiet gap and a canary each; 10 failures waiting and 40 to
    // come (half of the last 20 failed): 5 bursts of 1.5 s, a gap each, and a canary.
    const gap = QUIET_GAP_MS + CANARY_MS;
    expect(eta().etaMs).toBe(80 * 10 + 8 * gap + 5 * (1500 + gap) + CANARY_MS);
  });

  it('foresees the guard looking again while failures keep coming between passes (each look needs twice the streak)', async () => {
    const { clock, progress, finish, guard, eta } = tracker(400, { streakNeeded: 3 });
    await finish(50, 10);
    await finish(10, 10, () => 'failed');
    guard({ looks: 1, streakNeeded: 6 });
    await clock.advance(6000); // the look: a 6 s pause
    progress.record('passed');
    await finish(39, 10, (i) => (i % 4 === 0 ? 'failed' : 'passed'));
    const snap = eta();
    // 300 left at the pace of all 100 so far (98 gaps of 10 ms over 99, the pause left out). 20 of
    // the last 100 failed: 60 to come. Looks at 6, 12 and 24 more failures (then 48 > the 18
    // left; and 20 waiting + 18 are not enough for one more at the end): three looks of 6 s
    // foreseen. Re-test: 20 waiting + 60, two batches of 1.5 s and a canary.
    const low = Math.round(300 * (980 / 99) + 2 * 1500 + CANARY_MS);
    expect(snap.etaRangeMs).toEqual([low, low + 3 * 6000]);
    expect(snap.etaMs).toBe(low + 3 * 6000);
  });

  it('foresees no further look while the failures come alone (a range left unforwarded): the guard looks only after a pass', async () => {
    const { clock, progress, finish, guard, eta } = tracker(400, { streakNeeded: 3 });
    await finish(200, 10);
    await finish(3, 10, () => 'failed');
    guard({ looks: 1, streakNeeded: 6 });
    await clock.advance(6000);
    progress.record('failed', true);
    await finish(96, 10, () => 'failed');
    const snap = eta();
    expect(snap.etaRangeMs).toBeUndefined();
    // 100 left at the pace of the last 100 (99 gaps of 10 ms and the pause's 0, over 100); 100
    // waiting + 100 to come: 4 batches of 1.5 s and a canary.
    expect(snap.etaMs).toBe(100 * 9.9 + 4 * 1500 + CANARY_MS);
  });

  it('scattered failures without a look yet: one look when only the failures are still running at the end', async () => {
    const { finish, eta } = tracker(100);
    await finish(100, 10, (i) => (i % 10 === 0 ? 'failed' : 'passed'));
    // Every port has a first answer; 10 failures wait, ports passed since the last look: the guard
    // will look (a quiet gap, a canary and the give-up time of a first test) before the re-test.
    const look = QUIET_GAP_MS + CANARY_MS + 3000;
    expect(eta().etaRangeMs).toEqual([1500 + CANARY_MS, 1500 + CANARY_MS + look]);
    expect(eta().etaMs).toBe(1500 + CANARY_MS + look);
  });

  it('counts the re-test round down once it started, and says 0 when done', async () => {
    const { clock, finish, guard, eta, progress } = tracker(60, { looks: 1, streakNeeded: 200 });
    await finish(60, 10, (i) => (i < 55 ? 'passed' : 'failed'));
    guard({ confirmingSince: clock.now(), confirming: 5 });
    expect(eta().etaMs).toBe(1500 + CANARY_MS);
    await clock.advance(1000);
    expect(eta().etaMs).toBe(500 + CANARY_MS);
    await clock.advance(60_000);
    expect(eta().etaMs).toBe(0);
    expect(progress.snapshot('done').etaMs).toBe(0);
  });

  it('a provisional failure that passes on its re-test leaves the failures waiting', async () => {
    const { finish, progress, eta } = tracker(100, { streakNeeded: 1000 });
    await finish(50, 10, (i) => (i === 0 ? 'failed' : 'passed'));
    const before = eta().etaMs!;
    progress.settle('passed');
    expect(progress.snapshot('testing').failed).toBe(0);
    // The failure is not waiting any more, but it still counts among the last 100 ports' outcomes.
    expect(eta().etaMs).toBe(before);
  });
});

describe('time left after a trip (issue 14)', () => {
  it('leaves a block waited out of the gaps it foresees: only the quiet gaps between bursts count', async () => {
    const { clock, progress, finish, guard, eta } = tracker(200, { burst: 10, streakNeeded: 1000 });
    await finish(20, 10);
    guard({ mode: 'safe' });
    await clock.advance(30_000); // a 30 s block list waited out
    progress.record('passed');
    await finish(9, 10);
    await clock.advance(3800); // then bursts of 10 after quiet gaps of 3.8 s
    progress.record('passed');
    await finish(9, 10);
    // 160 left: 16 bursts, each after a 3.8 s gap; the 30 s block is not one of them.
    const pace = (380 - 10) / 39; // 40 ports so far (finished at 10 to 380 ms outside the two pauses)
    expect(eta().etaMs).toBe(Math.round(160 * pace + 16 * 3800));
  });
});

describe('the pace, when ports finish in waves', () => {
  it('takes the last second when more than 100 ports finished in it, so one wave does not set it', async () => {
    const { clock, progress, eta } = tracker(1000);
    // Waves: 50 ports at once, then 250 ms without any (a round trip at this concurrency).
    for (let wave = 0; wave < 8; wave++) {
      await clock.advance(250);
      for (let i = 0; i < 50; i++) progress.record('passed');
    }
    // 400 so far; in the last second, 4 waves after the one that opens it: 250 ms per 50 ports.
    expect(eta().etaMs).toBe(Math.round(600 * (1000 / 200)));
    // Counting the 50 that finished at the very start of that second would say 600 × 1000 / 249.
  });
});
