/**
 * Token buckets for the server: one per source address and one for the whole server. The map of
 * per-source buckets is bounded: past `maxSources` the least recently seen source is evicted
 * (a Map keeps insertion order; touching a source moves it to the end), so a flood from many
 * forged addresses costs at most `maxSources` small entries, and the global bucket still caps it.
 * Time is injected: tests drive it by hand.
 */

/** Limits of a limiter: rates in tokens per second, bursts in tokens. */
export interface RateLimits {
  ratePerSource: number;
  burstPerSource: number;
  rateGlobal: number;
  burstGlobal: number;
  /** Most per-source buckets kept at once. */
  maxSources: number;
}

/**
 * Defaults for STUN and SIP datagrams. A "fast" check of 2,000 ports sends about 4,000 requests
 * (Test 1 and Test 2 per port) at up to 5,000/s from one address: a 6,000 burst refilled at
 * 1,000/s lets it through with room for retransmissions, and caps one address at 1,000/s after.
 * The global bucket (20,000/s, about 10 Mbit/s of answers) bounds what a forged flood can cost.
 */
export const DEFAULT_LIMITS: RateLimits = {
  ratePerSource: 1000,
  burstPerSource: 6000,
  rateGlobal: 20_000,
  burstGlobal: 40_000,
  maxSources: 65_536,
};

/** Why a request was refused, or 'ok'. */
export type Verdict = 'ok' | 'source' | 'global';

interface Bucket {
  tokens: number;
  at: number;
}

/** A refillable bucket: `rate` tokens per second up to `burst`. */
function refill(bucket: Bucket, now: number, rate: number, burst: number): void {
  const elapsed = Math.max(0, now - bucket.at);
  bucket.tokens = Math.min(burst, bucket.tokens + (elapsed * rate) / 1000);
  bucket.at = now;
}

/** Per-source and global token buckets with a bounded source map. */
export class RateLimiter {
  private readonly sources = new Map<string, Bucket>();
  private readonly global: Bucket;
  /** Sources evicted to keep the map bounded, since the start. */
  evictions = 0;

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number,
  ) {
    this.global = { tokens: limits.burstGlobal, at: now() };
  }

  /** Takes `cost` tokens for `source` (an IP address): 'ok', or which bucket was empty. */
  take(source: string, cost = 1): Verdict {
    const now = this.now();
    const { limits } = this;
    let bucket = this.sources.get(source);
    if (bucket) {
      this.sources.delete(source); // re-inserted below: most recently seen last
      refill(bucket, now, limits.ratePerSource, limits.burstPerSource);
    } else {
      bucket = { tokens: limits.burstPerSource, at: now };
      if (this.sources.size >= limits.maxSources) {
        const oldest = this.sources.keys().next();
        if (!oldest.done) this.sources.delete(oldest.value);
        this.evictions++;
      }
    }
    this.sources.set(source, bucket);
    if (bucket.tokens < cost) return 'source';
    refill(this.global, now, limits.rateGlobal, limits.burstGlobal);
    if (this.global.tokens < cost) return 'global';
    bucket.tokens -= cost;
    this.global.tokens -= cost;
    return 'ok';
  }

  /** Number of sources tracked now (never above `maxSources`). */
  get size(): number {
    return this.sources.size;
  }
}

/** Limits for "n per minute per source" (connect-backs): a bucket of n refilled over a minute. */
export function perMinute(perSource: number, global: number, maxSources: number): RateLimits {
  return {
    ratePerSource: perSource / 60,
    burstPerSource: perSource,
    rateGlobal: global / 60,
    burstGlobal: global,
    maxSources,
  };
}
