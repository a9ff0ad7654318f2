import { describe, expect, it } from 'vitest';
import { FakeClock, FakeClockLimitError } from '../../fakes/fake-clock';

describe('the fake clock', () => {
  it('fires timers in time order, ties in the order they were set, each at its own time', async () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 20);
    await clock.advance(15);
    expect(fired).toEqual(['a@10']);
    expect(clock.now()).toBe(15);
    await clock.advance(100);
    expect(fired).toEqual(['a@10', 'b@20', 'c@20']);
    expect(clock.now()).toBe(115);
  });

  it('forgets a cleared timer, and ignores unknown handles', async () => {
    const clock = new FakeClock();
    let fired = false;
    const handle = clock.setTimeout(() => (fired = true), 10);
    clock.clearTimeout(handle);
    clock.clearTimeout(undefined);
    clock.clearTimeout('nonsense');
    expect(clock.pending).toBe(0);
    await clock.advance(100);
    expect(fired).toBe(false);
  });

  it('runs promise continuations between timers, so timers they set fire in the same advance', async () => {
    const clock = new FakeClock();
    const wait = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    const log: number[] = [];
    void (async () => {
      for (let i = 0; i < 5; i++) {
        await wait(100);
        await Promise.resolve(); // a few hops of microtasks
        await new Promise((r) => setImmediate(r)); // and a macrotask turn
        log.push(clock.now());
      }
    })();
    await clock.advance(500);
    expect(log).toEqual([100, 200, 300, 400, 500]);
  });

  it('gives a continuation’s earlier timer its turn before a later one already set', async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    clock.setTimeout(
      () => void Promise.resolve().then(() => clock.setTimeout(() => order.push('from continuation@15'), 5)),
      10,
    );
    clock.setTimeout(() => order.push('late@50'), 50);
    await clock.advance(100);
    expect(order).toEqual(['from continuation@15', 'late@50']);
  });

  it('treats delays under 1 ms as 1 ms, like Node, unless made exact', async () => {
    const node = new FakeClock();
    node.setTimeout(() => undefined, 0);
    node.setTimeout(() => undefined, 0.25);
    expect(node.nextTimerAt()).toBe(1);
    const exact = new FakeClock({ minDelayMs: 0, start: 1000 });
    exact.setTimeout(() => undefined, 0.25);
    expect(exact.nextTimerAt()).toBe(1000.25);
  });

  it('runs a promise to completion, jumping from timer to timer', async () => {
    const clock = new FakeClock();
    const slow = new Promise<string>((resolve) => clock.setTimeout(() => resolve('done'), 3_600_000 - 1));
    await expect(clock.run(slow)).resolves.toBe('done');
    expect(clock.fired).toBe(1);
    await expect(clock.run(Promise.reject(new Error('no')))).rejects.toThrow('no');
  });

  it('says so when a promise waits on something no timer will bring', async () => {
    const clock = new FakeClock();
    await expect(clock.run(new Promise(() => undefined))).rejects.toBeInstanceOf(FakeClockLimitError);
  });

  it('stops a timer loop: runAll by count, runUntilIdle and run by fake time', async () => {
    const clock = new FakeClock();
    const loop = () => clock.setTimeout(loop, 10);
    loop();
    await expect(clock.runAll(50)).rejects.toThrow(/more than 50 timers/);
    await expect(clock.runUntilIdle(1000)).rejects.toThrow(/after 1000 ms/);
    await expect(clock.run(new Promise(() => undefined), 500)).rejects.toThrow(/after 500 ms/);
  });

  it('runs every timer to the end when asked', async () => {
    const clock = new FakeClock();
    let count = 0;
    const chain = (n: number) => clock.setTimeout(() => (count++, n > 1 && chain(n - 1)), 7);
    chain(10);
    expect(await clock.runAll()).toBe(10);
    expect(count).toBe(10);
    expect(clock.now()).toBe(70);
    expect(clock.pending).toBe(0);
  });

  it('refuses to go backwards', async () => {
    await expect(new FakeClock().advance(-1)).rejects.toThrow(RangeError);
  });
});
