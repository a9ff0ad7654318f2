import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT_SPEC, parsePortSpec } from '../../../shared/ports';
import { parseServerList } from '../../../shared/servers';
import {
  DEFAULT_STUN_PORT,
  DEFAULT_STUN_SERVERS,
  DEFAULT_TIMEOUT_MS,
  defaultSettings,
  LIMITS,
  PACES,
  paceByName,
} from '../../../shared/settings';

describe('defaults', () => {
  it('are the 3CX ports, the normal pace, 3 s and sequential order', () => {
    expect(defaultSettings()).toEqual({
      stun: [...DEFAULT_STUN_SERVERS],
      ports: DEFAULT_PORT_SPEC,
      publicIp: null,
      concurrency: PACES.normal.concurrency,
      rate: PACES.normal.rate,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      order: 'sequential',
    });
    expect(DEFAULT_TIMEOUT_MS).toBe(3000);
    expect(DEFAULT_STUN_PORT).toBe(3478);
  });

  it('hand out a fresh server list each time', () => {
    const a = defaultSettings();
    a.stun.push('mutated.example');
    expect(defaultSettings().stun).toEqual([...DEFAULT_STUN_SERVERS]);
  });

  it('list only parseable servers, and no single-address server such as Google’s', () => {
    expect(parseServerList(DEFAULT_STUN_SERVERS)).toHaveLength(DEFAULT_STUN_SERVERS.length);
    expect(DEFAULT_STUN_SERVERS.length).toBeGreaterThan(3);
    expect(DEFAULT_STUN_SERVERS.some((s) => /google/i.test(s))).toBe(false);
  });

  it('parse as a port list', () => {
    expect(parsePortSpec(defaultSettings().ports)).toHaveLength(2002);
  });
});

describe('pace presets', () => {
  it('go from gentle to fast, each within the limits', () => {
    const order = [PACES.gentle, PACES.normal, PACES.fast];
    for (let i = 1; i < order.length; i++) {
      expect(order[i]!.rate).toBeGreaterThan(order[i - 1]!.rate);
      expect(order[i]!.concurrency).toBeGreaterThan(order[i - 1]!.concurrency);
    }
    for (const pace of order) {
      expect(pace.rate).toBeGreaterThanOrEqual(LIMITS.rate.min);
      expect(pace.rate).toBeLessThanOrEqual(LIMITS.rate.max);
      expect(pace.concurrency).toBeGreaterThanOrEqual(LIMITS.concurrency.min);
      expect(pace.concurrency).toBeLessThanOrEqual(LIMITS.concurrency.max);
    }
  });

  it('keep gentle below the usual port-scan heuristics (21 ports in 3 s): about rate/2 new ports a second', () => {
    expect((PACES.gentle.rate / 2) * 3).toBeLessThan(21);
  });

  it('allow the default timeout', () => {
    expect(DEFAULT_TIMEOUT_MS).toBeGreaterThanOrEqual(LIMITS.timeoutMs.min);
    expect(DEFAULT_TIMEOUT_MS).toBeLessThanOrEqual(LIMITS.timeoutMs.max);
  });
});

describe('paceByName', () => {
  it('finds each preset by name', () => {
    expect(paceByName('gentle')).toBe(PACES.gentle);
    expect(paceByName('normal')).toBe(PACES.normal);
    expect(paceByName('fast')).toBe(PACES.fast);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'Normal', ''])(
    'finds no preset called %j (own keys only)',
    (name) => {
      expect(paceByName(name)).toBeNull();
    },
  );
});
