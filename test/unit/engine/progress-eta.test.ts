import { describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../../main/engine/progress';
import { QUIET_GAP_MS } from '../../../main/engine/scan-guard-policy';
import { FakeClock } from '../../fakes/fake-clock';

/** A tracker over `total` ports whose tests give up after `giveUpMs`. */
function tracker(total: number, giveUpMs = 800) {
  const clock = new FakeClock();
  const progress = new ProgressTracker(clock, total, undefined, 100, giveUpMs);
  progress.phase('testing');
  return { clock, progress };
}

describe('time left with failing ports (issue 14)', () => {
  it('stays a single figure while every port passes', async () => {
    const { clock, progress } = tracker(100);
    for (let i = 0; i < 50; i++) {
      await clock.advance(20);
      progress.record('passed');
    }
    expect(progress.snapshot('testing')).toMatchObject({ etaMs: 1000 });
    expect(progress.snapshot('testing').etaRangeMs).toBeUndefined();
  });

  it('adds the failures’ re-test round (a quiet gap and the give-up time) once a port failed', async () => {
    const { clock, progress } = tracker(100, 800);
    for (let i = 0; i < 50; i++) {
      await clock.advance(20);
      progress.record(i === 10 ? 'failed' : 'passed');
    }
    // 50 more ports at 20 ms, then the re-test round; no pause seen yet, so no further one expected.
    expect(progress.snapshot('testing').etaMs).toBe(1000 + QUIET_GAP_MS + 1600);
  });

  it('gives a range when the scan guard pauses after failures, and the pauses push its high end', async () => {
    const { clock, progress } = tracker(400, 800);
    const snapshots: [number, number][] = [];
    for (let i = 0; i < 200; i++) {
      // Every 50th port fails and the guard pauses 5 s before going on.
      await clock.advance(i % 50 === 49 ? 5000 : 10);
      progress.record(i % 50 === 48 ? 'failed' : 'passed');
      if (i % 50 === 49) snapshots.push(progress.snapshot('testing').etaRangeMs ?? [0, 0]);
    }
    const [low, high] = progress.snapshot('testing').etaRangeMs!;
    // 200 ports left at the moving pace (196 gaps of 10 ms over 200 ports), a 5 s final round;
    // 4 pauses in 200 ports so far: 4 more of 5 s at the high end.
    expect(low).toBe(200 * 9.8 + 5000);
    expect(high).toBe(low + 4 * 5000);
    expect(progress.snapshot('testing').etaMs).toBe(Math.round((low + high) / 2));
    expect(snapshots.every(([l, h]) => h > l)).toBe(true);
  });

  it('counts down the re-test round once every port has a first answer, and says 0 when done', async () => {
    const { clock, progress } = tracker(2, 800);
    await clock.advance(10);
    progress.record('failed');
    await clock.advance(10);
    progress.record('passed');
    const round = QUIET_GAP_MS + 1600;
    expect(progress.snapshot('testing').etaMs).toBe(round);
    await clock.advance(1000);
    expect(progress.snapshot('testing').etaMs).toBe(round - 1000);
    await clock.advance(60_000);
    expect(progress.snapshot('testing').etaMs).toBe(0);
    expect(progress.snapshot('done').etaMs).toBe(0);
  });
});
