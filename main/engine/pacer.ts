/**
 * A rate limit in datagrams per second, shared by every socket of a run (retransmissions count).
 * Virtual scheduling (GCRA): each send reserves the next free slot, so the long-run rate is exact
 * even when the timer fires late, and a short burst of `burst` datagrams is allowed.
 */
import { AbortedError, sleep, type Clock } from './clock';

/** Hands out send slots at a fixed rate. */
export interface Pacer {
  /** Resolves when the caller may send one datagram; rejects with AbortedError on abort. */
  acquire(signal?: AbortSignal): Promise<void>;
}

/** Creates a pacer for `rate` datagrams per second on `clock`. */
export function createPacer(clock: Clock, rate: number, burst = Math.max(1, Math.floor(rate / 50))): Pacer {
  if (!(rate > 0)) throw new RangeError('rate must be positive');
  const interval = 1000 / rate;
  let nextSlot = -Infinity;
  return {
    async acquire(signal) {
      if (signal?.aborted) throw new AbortedError();
      const now = clock.now();
      const earliest = now - (burst - 1) * interval;
      const slot = Math.max(nextSlot, earliest);
      nextSlot = slot + interval;
      if (slot > now) await sleep(clock, slot - now, signal);
    },
  };
}

/** A pacer that never waits. */
export const unlimitedPacer: Pacer = { acquire: async () => undefined };
