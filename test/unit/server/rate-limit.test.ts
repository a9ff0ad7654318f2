import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, perMinute, RateLimiter } from '../../../main/server/rate-limit';

function limiter(overrides: Partial<typeof DEFAULT_LIMITS> = {}) {
  let now = 0;
  const l = new RateLimiter({ ...DEFAULT_LIMITS, ...overrides }, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('lets one fast 2,002-port check through: about 4,004 requests at 5,000/s from one address', () => {
    const { l, advance } = limiter();
    let refused = 0;
    for (let i = 0; i < 4004 + 200; i++) {
      if (l.take('198.51.100.7') !== 'ok') refused++;
      advance(0.2); // 5,000 per second
    }
    expect(refused).toBe(0);
  });

  it('caps one address at its rate once the burst is spent', () => {
    const { l, advance } = limiter({ ratePerSource: 100, burstPerSource: 50 });
    let ok = 0;
    for (let i = 0; i < 10_000; i++) {
      if (l.take('a') === 'ok') ok++;
      advance(1); // 1,000/s offered for 10 s
    }
    expect(ok).toBeGreaterThanOrEqual(50 + 999);
    expect(ok).toBeLessThanOrEqual(50 + 1001);
  });

  it('caps the whole server across many sources', () => {
    const { l } = limiter({ rateGlobal: 10, burstGlobal: 100 });
    const verdicts = Array.from({ length: 1000 }, (_, i) => l.take(`10.0.${i >> 8}.${i & 255}`));
    expect(verdicts.filter((v) => v === 'ok')).toHaveLength(100);
    expect(verdicts.at(-1)).toBe('global');
  });

  it('keeps at most maxSources buckets and evicts the least recently seen', () => {
    const { l } = limiter({ maxSources: 3, burstPerSource: 1, ratePerSource: 0 });
    expect(l.take('a')).toBe('ok');
    expect(l.take('b')).toBe('ok');
    expect(l.take('a')).toBe('source'); // a is now the most recent
    expect(l.take('c')).toBe('ok');
    expect(l.take('d')).toBe('ok'); // evicts b
    expect(l.size).toBe(3);
    expect(l.evictions).toBe(1);
    expect(l.take('a')).toBe('source'); // a was kept
    expect(l.take('b')).toBe('ok'); // b starts again
  });

  it('stays bounded under a flood of distinct sources', () => {
    const { l } = limiter({ maxSources: 1000 });
    for (let i = 0; i < 100_000; i++) l.take(`s${i}`);
    expect(l.size).toBe(1000);
  });

  it('allows n connect-backs per minute per source', () => {
    const { l, advance } = limiter(perMinute(4, 100, 10));
    expect([1, 2, 3, 4, 5].map(() => l.take('a'))).toEqual(['ok', 'ok', 'ok', 'ok', 'source']);
    advance(15_000);
    expect(l.take('a')).toBe('ok');
    expect(l.take('a')).toBe('source');
  });
});
