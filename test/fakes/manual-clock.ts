/**
 * A clock that only moves when the test says so. Timers fire in time order; between timers the
 * event loop runs, so promise continuations (and the timers they set) happen as in real life.
 */
import type { Clock } from '../../main/engine/clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/** Lets pending promise continuations and setImmediate callbacks run. */
export async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A manual Clock for unit tests. */
export class ManualClock implements Clock {
  private time = 0;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = ++this.seq;
    this.timers.set(id, { id, at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Number of timers not yet fired. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flush();
      const next = this.nextDue(target);
      if (!next) break;
      this.timers.delete(next.id);
      this.time = next.at;
      next.callback();
    }
    this.time = target;
    await flush();
  }

  /** Advances in steps until `promise` settles; throws if it takes more than `limitMs` of fake time. */
  async run<T>(promise: Promise<T>, limitMs = 600_000, stepMs = 50): Promise<T> {
    let settled = false;
    const tracked = promise.finally(() => {
      settled = true;
    });
    for (let elapsed = 0; !settled; elapsed += stepMs) {
      if (elapsed > limitMs) throw new Error(`still pending after ${limitMs} ms of fake time`);
      await this.advance(stepMs);
    }
    return tracked;
  }

  private nextDue(target: number): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.at <= target && (!best || timer.at < best.at || (timer.at === best.at && timer.id < best.id)))
        best = timer;
    }
    return best;
  }
}
