import { describe, expect, it } from 'vitest';
import { AbortedError, sleep } from '../../../main/engine/clock';
import { FakeClock } from '../../fakes/fake-clock';

describe('sleep', () => {
  it('resolves after the given time on the clock, not before', async () => {
    const clock = new FakeClock();
    let woke = -1;
    void sleep(clock, 250).then(() => (woke = clock.now()));
    await clock.advance(249);
    expect(woke).toBe(-1);
    await clock.advance(1);
    expect(woke).toBe(250);
    expect(clock.pending).toBe(0);
  });

  it('rejects with AbortedError as soon as the signal aborts, and clears its timer', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const waiting = sleep(clock, 10_000, controller.signal);
    await clock.advance(100);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(clock.now()).toBe(100);
    expect(clock.pending).toBe(0);
  });

  it('rejects at once, setting no timer, when the signal is already aborted', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    controller.abort();
    await expect(sleep(clock, 10, controller.signal)).rejects.toThrow('cancelled');
    expect(clock.pending).toBe(0);
  });

  it('stops listening to the signal once it has woken up', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    let listeners = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      listeners++;
      add(...args);
    }) as AbortSignal['addEventListener'];
    signal.removeEventListener = ((...args: Parameters<AbortSignal['removeEventListener']>) => {
      listeners--;
      remove(...args);
    }) as AbortSignal['removeEventListener'];
    const waiting = sleep(clock, 10, signal);
    expect(listeners).toBe(1);
    await clock.advance(10);
    await expect(waiting).resolves.toBeUndefined();
    expect(listeners).toBe(0);
  });
});
