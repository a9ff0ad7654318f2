import { describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../../main/engine/progress';
import { QUIET_GAP_MS } from '../../../main/engine/scan-guard-policy';
import { FakeClock } from '../../fakes/fake-clock';

/** A tracker over `total` ports whose tests give up after `giveUpMs`, `concurrency` at once. */
function tracker(total: number, giveUpMs = 800, concurrency = 50) {
  const clock = new FakeClock();
  const progress = new ProgressTracker(clock, total, undefined, 100, giveUpMs, concurrency);
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

  it('adds the failures’ re-test round once a port failed: half the give-up time, up to a quiet gap and all of it', async () => {
    const { clock, progress } = tracker(100, 800);
    for (let i = 0; i < 50; i++) {
      await clock.advance(20);
      progress.record(i === 10 ? 'failed' : 'passed');
    }
    // 50 more ports at 20 ms, then the re-test of the one failure; no pause seen yet.
    expect(progress.snapshot('testing').etaRangeMs).toEqual([1000 + 400, 1000 + QUIET_GAP_MS + 800]);
  });

  it('re-tests the failures `concurrency` at a time, each batch up to the give-up time', async () => {
    const { clock, progress } = tracker(120, 3000, 5);
    for (let i = 0; i < 60; i++) {
      await clock.advance(i % 5 === 0 ? 1000 : 0); // 5 at a time, each failing after 1 s: not a pause
      progress.record('failed');
    }
    const [low, high] = progress.snapshot('testing').etaRangeMs!;
    const moving = (12_000 / 60) * 60; // 12 batches of 1 s so far for 60 ports; 60 to go
    expect([low, high]).toEqual([moving + (12 * 3000) / 2, moving + QUIET_GAP_MS + 12 * 3000]);
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
    // 200 ports left at the moving pace (196 gaps of 10 ms over 200 ports); the re-test round
    // (4 failures, one batch: half to all of 800 ms), after a 5 s pause at the high end, with 4
    // more pauses on the way (4 in 200 ports so far).
    expect(low).toBe(200 * 9.8 + 400);
    expect(high).toBe(200 * 9.8 + 5000 + 800 + 4 * 5000);
    expect(progress.snapshot('testing').etaMs).toBe(Math.round((low + high) / 2));
    expect(snapshots.every(([l, h]) => h > l)).toBe(true);
  });

  it('counts down the re-test round once every port has a first answer, and says 0 when done', async () => {
    const { clock, progress } = tracker(2, 800);
    await clock.advance(10);
    progress.record('failed');
    await clock.advance(10);
    progress.record('passed');
    expect(progress.snapshot('testing').etaRangeMs).toEqual([400, QUIET_GAP_MS + 800]);
    await clock.advance(1000);
    expect(progress.snapshot('testing').etaRangeMs).toEqual([0, QUIET_GAP_MS - 200]);
    await clock.advance(60_000);
    expect(progress.snapshot('testing').etaMs).toBe(0);
    expect(progress.snapshot('done').etaMs).toBe(0);
  });
});
