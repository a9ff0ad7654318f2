/**
 * A rate limit in datagrams per second, shared by every socket of a run (retransmissions count).
 * A token bucket with a FIFO of waiters: tokens accrue with elapsed time (so a late timer costs
 * nothing over the long run), a burst of `burst` datagrams is allowed, and a waiter that is
 * cancelled leaves the queue without using up a slot.
 */
import { AbortedError, type Clock, type TimerHandle } from './clock';

/** Hands out send slots at a fixed rate. */
export interface Pacer {
  /** Resolves when the caller may send one datagram; rejects with AbortedError on abort. */
  acquire(signal?: AbortSignal): Promise<void>;
}

/** A pacer whose rate can change during a run (the scan guard speeds up and backs off). */
export interface AdaptivePacer extends Pacer {
  /** Datagrams per second now. */
  readonly rate: number;
  /** Changes the rate from now on; tokens already earned are kept (up to the new burst). */
  setRate(rate: number): void;
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * Creates a pacer for `rate` datagrams per second on `clock`. The burst is `burst`, or a 50th of
 * the rate (at least 1) when not given, following the rate when it changes.
 */
export function createPacer(clock: Clock, rate: number, fixedBurst?: number): AdaptivePacer {
  if (!(rate > 0)) throw new RangeError('rate must be positive');
  const burstFor = (r: number): number => fixedBurst ?? Math.max(1, Math.floor(r / 50));
  let burst = burstFor(rate);
  let tokens = burst;
  let last = clock.now();
  const queue: Waiter[] = [];
  let timer: TimerHandle | null = null;
  // Refills are floating point: 0.9999999 of a token is a whole one, or a timer could fire again
  // and again without time moving.
  const EPSILON = 1e-9;

  const refill = (): void => {
    const now = clock.now();
    tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000);
    last = now;
  };
  const release = (waiter: Waiter): void => {
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    waiter.resolve();
  };
  const schedule = (): void => {
    if (timer !== null || queue.length === 0) return;
    refill();
    const wait = tokens >= 1 - EPSILON ? 0 : ((1 - tokens) * 1000) / rate;
    timer = clock.setTimeout(() => {
      timer = null;
      refill();
      while (queue.length > 0 && tokens >= 1 - EPSILON) {
        tokens -= 1;
        release(queue.shift()!);
      }
      schedule();
    }, wait);
  };

  return {
    get rate() {
      return rate;
    },
    setRate(next) {
      if (!(next > 0)) throw new RangeError('rate must be positive');
      refill();
      rate = next;
      burst = burstFor(rate);
      tokens = Math.min(tokens, burst);
      // A waiter scheduled at the old rate would wait too long (or too little): reschedule.
      if (timer !== null) {
        clock.clearTimeout(timer);
        timer = null;
      }
      schedule();
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(new AbortedError());
      refill();
      if (queue.length === 0 && tokens >= 1 - EPSILON) {
        tokens -= 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { resolve, reject, signal };
        if (signal) {
          waiter.onAbort = () => {
            const index = queue.indexOf(waiter);
            if (index >= 0) queue.splice(index, 1);
            if (queue.length === 0 && timer !== null) {
              clock.clearTimeout(timer);
              timer = null;
            }
            reject(new AbortedError());
          };
          signal.addEventListener('abort', waiter.onAbort, { once: true });
        }
        queue.push(waiter);
        schedule();
      });
    },
  };
}

/** A pacer that never waits. */
export const unlimitedPacer: Pacer = { acquire: async () => undefined };
