import { describe, expect, it } from 'vitest';
import { AbortedError } from '../../../main/engine/clock';
import { createPacer, unlimitedPacer } from '../../../main/engine/pacer';
import { FakeClock } from '../../fakes/fake-clock';

/** Starts `count` acquires at once and records when each was granted. */
function queue(clock: FakeClock, rate: number, count: number, burst?: number) {
  const pacer = createPacer(clock, rate, burst);
  const grants: number[] = [];
  const order: number[] = [];
  for (let i = 0; i < count; i++) {
    void pacer.acquire().then(() => {
      grants.push(clock.now());
      order.push(i);
    });
  }
  return { pacer, grants, order };
}

/** Most grants in any window of `windowMs` (sliding, starting at each grant). */
function busiestWindow(grants: readonly number[], windowMs: number): number {
  let most = 0;
  let from = 0;
  for (let to = 0; to < grants.length; to++) {
    while (grants[to]! - grants[from]! >= windowMs) from++;
    most = Math.max(most, to - from + 1);
  }
  return most;
}

describe('the pacer', () => {
  it('keeps the long-run rate: 1,000 datagrams at 100/s take about 10 s of fake time', async () => {
    const clock = new FakeClock();
    const { grants } = queue(clock, 100, 1000);
    await clock.runUntilIdle();
    expect(grants).toHaveLength(1000);
    expect(grants.at(-1)!).toBeGreaterThanOrEqual(9_950);
    expect(grants.at(-1)!).toBeLessThanOrEqual(10_050);
    expect(busiestWindow(grants, 1000)).toBeLessThanOrEqual(100 + 2); // the rate plus the burst
    expect(busiestWindow(grants, 1000)).toBeGreaterThanOrEqual(99);
  });

  it('is halfway after half the time', async () => {
    const clock = new FakeClock();
    const { grants } = queue(clock, 100, 1000);
    await clock.advance(5_000);
    expect(grants.length).toBeGreaterThanOrEqual(495);
    expect(grants.length).toBeLessThanOrEqual(505);
  });

  it('grants in the order asked (FIFO)', async () => {
    const clock = new FakeClock();
    const { order } = queue(clock, 50, 100);
    await clock.runUntilIdle();
    expect(order).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('allows a burst of rate/50 at once, then one slot per 1/rate', async () => {
    const clock = new FakeClock();
    const { grants } = queue(clock, 1000, 40);
    await clock.flush();
    expect(grants).toEqual(Array(20).fill(0));
    await clock.runUntilIdle();
    expect(grants.slice(20)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('takes an explicit burst size', async () => {
    const clock = new FakeClock();
    const { grants } = queue(clock, 10, 8, 5);
    await clock.runUntilIdle();
    expect(grants).toEqual([0, 0, 0, 0, 0, 100, 200, 300]);
  });

  it('saves up idle time only up to the burst', async () => {
    const clock = new FakeClock();
    const pacer = createPacer(clock, 100); // burst 2
    await pacer.acquire();
    await pacer.acquire();
    await clock.advance(10_000); // a long pause is worth 2 slots, not 1,000
    const grants: number[] = [];
    for (let i = 0; i < 5; i++) void pacer.acquire().then(() => grants.push(clock.now()));
    await clock.runUntilIdle();
    expect(grants).toEqual([10_000, 10_000, 10_010, 10_020, 10_030]);
  });

  it('rejects a waiting caller with AbortedError on abort, at once', async () => {
    const clock = new FakeClock();
    const pacer = createPacer(clock, 1, 1);
    await pacer.acquire();
    const controller = new AbortController();
    const waiting = pacer.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(clock.now()).toBe(0);
  });

  it('rejects at once when the signal is already aborted, without taking a slot', async () => {
    const clock = new FakeClock();
    const pacer = createPacer(clock, 1, 1);
    const controller = new AbortController();
    controller.abort();
    await expect(pacer.acquire(controller.signal)).rejects.toThrow('cancelled');
    let granted = false;
    void pacer.acquire().then(() => (granted = true));
    await clock.flush();
    expect(granted).toBe(true);
  });

  it('gives the slot of a cancelled waiter to the next one', async () => {
    const clock = new FakeClock();
    const pacer = createPacer(clock, 10, 1); // one slot every 100 ms
    await pacer.acquire();
    const controller = new AbortController();
    const cancelled = pacer.acquire(controller.signal);
    let at = -1;
    void pacer.acquire().then(() => (at = clock.now()));
    controller.abort();
    await expect(cancelled).rejects.toThrow('cancelled');
    await clock.advance(1000);
    expect(at).toBe(100);
  });

  it('leaves no timer once every waiter is cancelled', async () => {
    const clock = new FakeClock();
    const pacer = createPacer(clock, 1, 1);
    await pacer.acquire();
    const controller = new AbortController();
    const waiting = [pacer.acquire(controller.signal), pacer.acquire(controller.signal)];
    await clock.flush();
    expect(clock.pending).toBe(1);
    controller.abort();
    await Promise.allSettled(waiting);
    expect(clock.pending).toBe(0);
  });

  it('does not reject a granted caller whose signal aborts afterwards', async () => {
    const clock = new FakeClock();
    const pacer = createPacer(clock, 10, 1);
    await pacer.acquire();
    const controller = new AbortController();
    const granted = pacer.acquire(controller.signal);
    await clock.advance(100);
    controller.abort();
    await expect(granted).resolves.toBeUndefined();
  });

  it.each([0, -5, Number.NaN])('refuses a rate of %s', (rate) => {
    expect(() => createPacer(new FakeClock(), rate)).toThrow(RangeError);
  });

  it('keeps its rate on a clock that honours fractional delays exactly (no 1 ms floor)', async () => {
    for (const rate of [3, 333]) {
      const clock = new FakeClock({ minDelayMs: 0 });
      const { grants } = queue(clock, rate, 40);
      await clock.runAll(20_000); // throws if the pacer loops on timers without time moving
      expect(grants).toHaveLength(40);
    }
  });
});

describe('the unlimited pacer', () => {
  it('never waits', async () => {
    const clock = new FakeClock();
    let granted = 0;
    for (let i = 0; i < 1000; i++) void unlimitedPacer.acquire().then(() => granted++);
    await clock.flush();
    expect(granted).toBe(1000);
    expect(clock.pending).toBe(0);
  });

  it('changes rate mid-run: waiters already queued follow the new rate (issue 10 adapts it)', async () => {
    const clock = new FakeClock();
    const { pacer, grants } = queue(clock, 10, 60);
    await clock.advance(1000);
    const atTen = grants.length;
    expect(atTen).toBeLessThanOrEqual(11);
    pacer.setRate(100);
    expect(pacer.rate).toBe(100);
    await clock.advance(500);
    expect(grants.length - atTen).toBeGreaterThanOrEqual(48);
    expect(grants.length - atTen).toBeLessThanOrEqual(52);
    pacer.setRate(10);
    const atSlow = grants.length;
    await clock.advance(1000);
    expect(grants.length - atSlow).toBeLessThanOrEqual(11);
    expect(() => pacer.setRate(0)).toThrow(RangeError);
  });
});
