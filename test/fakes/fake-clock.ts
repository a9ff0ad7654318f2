/**
 * A Clock that only moves when the test says so. Timers fire in time order (ties in the order they
 * were set); after every timer the event loop gets a turn, so the promise continuations a timer
 * wakes up (and the timers they set in turn) run before time moves on, as with real timers.
 * Nothing ever sleeps: a 10,000-port run over three minutes of fake time takes well under a second.
 */
import type { Clock } from '../../main/engine/clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/** Options of a FakeClock. */
export interface FakeClockOptions {
  /** Fake time at creation, ms. */
  start?: number;
  /**
   * Smallest delay a timer gets. Node turns any delay below 1 ms (0 and fractions included) into
   * 1 ms; the default copies that. 0 makes the clock exact.
   */
  minDelayMs?: number;
}

/** Thrown when a run would go past its limit: a loop that never settles, or a deadlock. */
export class FakeClockLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FakeClockLimitError';
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** A manual Clock for unit tests. */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  /** A binary heap ordered by (at, id); cancelled timers stay in it until they reach the top. */
  private readonly heap: Timer[] = [];
  private readonly live = new Map<number, Timer>();
  private readonly minDelayMs: number;
  /** Bumped by every call into the clock, to tell a busy event loop from a quiet one. */
  private activity = 0;
  /** Timers fired since creation. */
  fired = 0;
  /** Greatest number of timers pending at once. */
  maxPending = 0;

  constructor(options: FakeClockOptions = {}) {
    this.time = options.start ?? 0;
    this.minDelayMs = options.minDelayMs ?? 1;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): number {
    this.activity++;
    const delay = Number.isFinite(ms) ? Math.max(this.minDelayMs, ms) : this.minDelayMs;
    const timer: Timer = { id: ++this.seq, at: this.time + delay, callback };
    this.live.set(timer.id, timer);
    this.push(timer);
    this.maxPending = Math.max(this.maxPending, this.live.size);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.activity++;
    if (typeof handle === 'number') this.live.delete(handle);
  }

  /** Number of timers set and neither fired nor cleared. */
  get pending(): number {
    return this.live.size;
  }

  /** When the next pending timer is due, or null. */
  nextTimerAt(): number | null {
    return this.peek()?.at ?? null;
  }

  /**
   * Lets promise continuations run without moving time: turns of the event loop (each drains every
   * microtask), at least `rounds` of them (two by default: a continuation that hops through
   * setImmediate once still runs before time moves), and more while a turn touched the clock.
   */
  async flush(rounds = 2): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const before = this.activity;
      await yieldToEventLoop();
      if (i + 1 >= rounds && this.activity === before) return;
    }
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`cannot advance by ${ms} ms`);
    const target = this.time + ms;
    await this.flush();
    for (let timer = this.peek(); timer && timer.at <= target; timer = this.peek()) {
      this.fire(timer);
      await this.flush();
    }
    this.time = target;
    await this.flush(3);
  }

  /** Advances to the absolute fake time `at`. */
  async advanceTo(at: number): Promise<void> {
    await this.advance(Math.max(0, at - this.time));
  }

  /**
   * Fires timers (jumping time to each) until none is left. Throws FakeClockLimitError if fake time
   * would pass `limitMs` from now: something keeps setting timers forever.
   */
  async runUntilIdle(limitMs = 3_600_000): Promise<void> {
    const end = this.time + limitMs;
    await this.flush();
    for (let timer = this.peek(); timer; timer = this.peek()) {
      if (timer.at > end) throw new FakeClockLimitError(`timers still pending after ${limitMs} ms of fake time`);
      this.fire(timer);
      await this.flush();
    }
    await this.flush(3);
  }

  /** Like runUntilIdle, but counts timers: throws FakeClockLimitError after `limit` of them. */
  async runAll(limit = 100_000): Promise<number> {
    let count = 0;
    await this.flush();
    for (let timer = this.peek(); timer; timer = this.peek()) {
      if (count >= limit) throw new FakeClockLimitError(`more than ${limit} timers fired; a timer loop?`);
      this.fire(timer);
      count++;
      await this.flush();
    }
    await this.flush(3);
    return count;
  }

  /**
   * Fires timers one by one until `promise` settles, and returns (or throws) what it settled with.
   * Throws FakeClockLimitError when it is still pending with no timer left (it waits on something
   * the clock cannot move) or after `limitMs` of fake time.
   */
  async run<T>(promise: Promise<T>, limitMs = 3_600_000): Promise<T> {
    let settled = false;
    const tracked = promise.then(
      (value) => {
        settled = true;
        return value;
      },
      (error: unknown) => {
        settled = true;
        throw error;
      },
    );
    tracked.catch(() => undefined); // observed below; avoid an unhandled-rejection report meanwhile
    const end = this.time + limitMs;
    await this.flush();
    while (!settled) {
      const timer = this.peek();
      if (!timer) {
        throw new FakeClockLimitError('the promise is still pending and no timer is left: it waits on something else');
      }
      if (timer.at > end) throw new FakeClockLimitError(`still pending after ${limitMs} ms of fake time`);
      this.fire(timer);
      await this.flush();
    }
    return tracked;
  }

  private fire(timer: Timer): void {
    this.pop();
    this.live.delete(timer.id);
    this.time = Math.max(this.time, timer.at);
    this.fired++;
    timer.callback();
  }

  /** The earliest live timer; cancelled ones found on top are discarded. */
  private peek(): Timer | undefined {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.live.get(top.id) === top) return top;
      this.pop();
    }
    return undefined;
  }

  private before(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.id < b.id);
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (heap.length === 0 || !last) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < heap.length && this.before(heap[left]!, heap[best]!)) best = left;
      if (right < heap.length && this.before(heap[right]!, heap[best]!)) best = right;
      if (best === i) return;
      [heap[i], heap[best]] = [heap[best]!, heap[i]!];
      i = best;
    }
  }
}
