import { describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../../main/engine/progress';
import type { Progress } from '../../../shared/report';
import { FakeClock } from '../../fakes/fake-clock';

function tracker(total: number, intervalMs?: number) {
  const clock = new FakeClock();
  const events: Progress[] = [];
  const progress = new ProgressTracker(clock, total, (p) => events.push(p), intervalMs);
  return { clock, events, progress };
}

describe('progress', () => {
  it('always announces a phase change', () => {
    const { events, progress } = tracker(10);
    progress.phase('selecting');
    progress.phase('testing');
    expect(events.map((e) => e.phase)).toEqual(['selecting', 'testing']);
    expect(events[0]).toEqual({
      phase: 'selecting',
      done: 0,
      total: 10,
      passed: 0,
      failed: 0,
      etaMs: null,
      elapsedMs: 0,
    });
  });

  it('emits at most one event per 100 ms while testing, and always the last port', async () => {
    const { clock, events, progress } = tracker(1000);
    progress.phase('testing');
    for (let i = 0; i < 1000; i++) {
      progress.record('passed');
      if (i % 10 === 9) await clock.advance(7); // 1000 ports over 700 ms
    }
    const testing = events.filter((e) => e.phase === 'testing');
    expect(testing.length).toBeLessThanOrEqual(1 + Math.ceil(700 / 100) + 1);
    expect(testing.at(-1)).toMatchObject({ done: 1000, total: 1000, passed: 1000 });
    for (let i = 1; i < testing.length - 1; i++) {
      expect(testing[i]!.elapsedMs - testing[i - 1]!.elapsedMs).toBeGreaterThanOrEqual(100);
    }
  });

  it('counts passed, failed and not tested ports apart', () => {
    const { events, progress } = tracker(3);
    progress.phase('testing');
    progress.record('passed');
    progress.record('notTested');
    progress.record('failed');
    expect(events.at(-1)).toMatchObject({ done: 3, passed: 1, failed: 1 });
  });

  it('estimates the time left from the pace so far, once testing started', async () => {
    const { clock, progress } = tracker(100);
    progress.phase('selecting');
    await clock.advance(5000); // selection time does not count
    expect(progress.snapshot('selecting').etaMs).toBeNull();
    progress.phase('testing');
    expect(progress.snapshot('testing').etaMs).toBeNull(); // nothing to go on yet
    for (let i = 0; i < 25; i++) {
      await clock.advance(40);
      progress.record('passed');
    }
    expect(progress.snapshot('testing')).toMatchObject({ done: 25, etaMs: 75 * 40, elapsedMs: 6000 });
    expect(progress.snapshot('done').etaMs).toBe(0);
  });

  it('works without a listener', () => {
    const clock = new FakeClock();
    const progress = new ProgressTracker(clock, 1, undefined);
    progress.phase('testing');
    progress.record('passed');
    expect(progress.snapshot('done')).toMatchObject({ done: 1, passed: 1 });
  });

  it('revises a provisional failure that its re-test turned into a pass, without counting the port twice', () => {
    const { events, progress } = tracker(2, 0);
    progress.phase('testing');
    progress.record('failed');
    progress.record('passed');
    progress.revise('failed', 'passed');
    expect(events.at(-1)).toMatchObject({ done: 2, passed: 2, failed: 0 });
    progress.revise('passed', 'notTested');
    expect(events.at(-1)).toMatchObject({ done: 2, passed: 1, failed: 0 });
  });
});
