import { describe, expect, it } from 'vitest';
import { sleep } from '../../../main/engine/clock';
import type { ProbeOutcome } from '../../../main/engine/probe';
import { schedulePorts, shuffle, type ScheduleOptions } from '../../../main/engine/scheduler';
import type { PortCode } from '../../../shared/codes';
import { FakeClock } from '../../fakes/fake-clock';
import { seeded } from '../../fakes/sim-network';

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const verdict = (code: PortCode, detail?: string): ProbeOutcome => ({
  kind: 'verdict',
  verdict: { code, mapped: null, ...(detail ? { detail } : {}) },
  sent: 2,
});

/**
 * Runs the scheduler with a probe that takes `probeMs` of fake time (or whatever `outcome` says)
 * and records starts, results and how many probes ran at once.
 */
function harness(
  options: Partial<ScheduleOptions> & {
    ports: number[];
    probeMs?: number;
    outcome?: (port: number, attempt: number) => ProbeOutcome;
  },
) {
  const clock = new FakeClock();
  const started: number[] = [];
  const results: { port: number; code: PortCode; detail?: string }[] = [];
  const attempts = new Map<number, number>();
  let running = 0;
  let mostRunning = 0;
  const done = schedulePorts({
    concurrency: 4,
    order: 'sequential',
    clock,
    onResult: (port, outcome) =>
      results.push({
        port,
        code: outcome.verdict.code,
        ...(outcome.verdict.detail ? { detail: outcome.verdict.detail } : {}),
      }),
    probe: async (port) => {
      const attempt = (attempts.get(port) ?? 0) + 1;
      attempts.set(port, attempt);
      started.push(port);
      running++;
      mostRunning = Math.max(mostRunning, running);
      try {
        const outcome = options.outcome?.(port, attempt) ?? verdict('PASS');
        if (outcome.kind === 'verdict') await sleep(clock, options.probeMs ?? 100);
        return outcome;
      } finally {
        running--;
      }
    },
    ...options,
  });
  return { clock, done, started, results, attempts, most: () => mostRunning, running: () => running };
}

describe('shuffle', () => {
  it('returns a permutation, in a new array, leaving the input alone', () => {
    const ports = range(9000, 500);
    const shuffled = shuffle(ports, seeded(1));
    expect(shuffled).not.toBe(ports);
    expect(ports).toEqual(range(9000, 500));
    expect([...shuffled].sort((a, b) => a - b)).toEqual(ports);
    expect(shuffled).not.toEqual(ports);
  });

  it('is reproducible with the same seed and different with another', () => {
    const ports = range(1, 100);
    expect(shuffle(ports, seeded(7))).toEqual(shuffle(ports, seeded(7)));
    expect(shuffle(ports, seeded(7))).not.toEqual(shuffle(ports, seeded(8)));
  });

  it('moves every element to every place about equally often (Fisher–Yates, not a biased sort)', () => {
    const random = seeded(3);
    const counts = Array.from({ length: 5 }, () => Array<number>(5).fill(0));
    for (let i = 0; i < 5000; i++) shuffle([0, 1, 2, 3, 4], random).forEach((v, place) => counts[v]![place]!++);
    for (const row of counts) for (const n of row) expect(n).toBeGreaterThan(850); // 1000 expected
  });

  it('handles empty and one-element lists', () => {
    expect(shuffle([], Math.random)).toEqual([]);
    expect(shuffle([5], Math.random)).toEqual([5]);
  });
});

describe('the port scheduler', () => {
  it('reports every port exactly once, never running more probes than the concurrency', async () => {
    const h = harness({ ports: range(9000, 50), concurrency: 7 });
    await h.clock.run(h.done);
    expect(h.results.map((r) => r.port).sort((a, b) => a - b)).toEqual(range(9000, 50));
    expect(h.most()).toBe(7);
    expect(h.clock.now()).toBe(Math.ceil(50 / 7) * 100);
  });

  it('starts ports in ascending order when sequential', async () => {
    const h = harness({ ports: range(9000, 20), concurrency: 3 });
    await h.clock.run(h.done);
    expect(h.started).toEqual(range(9000, 20));
  });

  it('starts ports in a seeded random order when shuffled, each once', async () => {
    const a = harness({ ports: range(9000, 40), order: 'shuffled', random: seeded(11), concurrency: 1 });
    await a.clock.run(a.done);
    const b = harness({ ports: range(9000, 40), order: 'shuffled', random: seeded(11), concurrency: 1 });
    await b.clock.run(b.done);
    expect(a.started).not.toEqual(range(9000, 40));
    expect([...a.started].sort((x, y) => x - y)).toEqual(range(9000, 40));
    expect(a.started).toEqual(b.started);
    expect(a.results.map((r) => r.port)).toEqual(a.started);
  });

  it('runs no more workers than there are ports, and at least one', async () => {
    const few = harness({ ports: [5060, 5090], concurrency: 1000 });
    await few.clock.run(few.done);
    expect(few.most()).toBe(2);
    const none = harness({ ports: range(9000, 3), concurrency: 0 });
    await none.clock.run(none.done);
    expect(none.results).toHaveLength(3);
  });

  it('resolves at once for an empty port list', async () => {
    const h = harness({ ports: [] });
    await h.clock.flush();
    await expect(h.done).resolves.toBeUndefined();
    expect(h.results).toEqual([]);
  });

  it('puts a port that ran out of descriptors back in the queue and shrinks the pool', async () => {
    const h = harness({
      ports: range(9000, 20),
      concurrency: 5,
      outcome: (port, attempt) =>
        port === 9002 && attempt === 1 ? { kind: 'retry', reason: 'EMFILE' } : verdict('PASS'),
    });
    await h.clock.run(h.done);
    expect(h.attempts.get(9002)).toBe(2);
    expect(h.results.filter((r) => r.port === 9002)).toEqual([{ port: 9002, code: 'PASS' }]);
    expect(h.results).toHaveLength(20);
    // one worker left: the other four share 19 probes of 100 ms
    expect(h.clock.now()).toBe(500);
  });

  it('keeps one worker when it alone runs out, waiting 100 ms between tries', async () => {
    const h = harness({
      ports: [9000, 9001],
      concurrency: 1,
      outcome: (port, attempt) =>
        port === 9000 && attempt <= 3 ? { kind: 'retry', reason: 'EMFILE' } : verdict('PASS'),
    });
    await h.clock.run(h.done);
    expect(h.attempts.get(9000)).toBe(4);
    expect(h.results.map((r) => r.port)).toEqual([9000, 9001]);
    expect(h.clock.now()).toBe(3 * 100 + 2 * 100);
  });

  it('gives up on every port left, as NOT_TESTED with the reason, after 10 s without a socket', async () => {
    const h = harness({
      ports: [9000, 9001, 9002],
      concurrency: 1,
      outcome: () => ({ kind: 'retry', reason: 'ENFILE' }),
    });
    await h.clock.run(h.done);
    expect(h.results).toEqual([
      { port: 9000, code: 'NOT_TESTED', detail: 'ENFILE' },
      { port: 9001, code: 'NOT_TESTED', detail: 'ENFILE' },
      { port: 9002, code: 'NOT_TESTED', detail: 'ENFILE' },
    ]);
    expect(h.clock.now()).toBe(10_000);
    expect(h.attempts.get(9000)).toBe(101); // every 100 ms for 10 s
    expect(h.attempts.has(9001)).toBe(false); // not tried once the sockets were given up on
  });

  it('starts counting those 10 s again after any port gets its verdict', async () => {
    const h = harness({
      ports: [9000, 9001],
      concurrency: 1,
      // each port waits 6 s for a socket: 12 s in all, but never 10 s in a row
      outcome: (_port, attempt) => (attempt <= 60 ? { kind: 'retry', reason: 'EMFILE' } : verdict('PASS')),
    });
    await h.clock.run(h.done);
    expect(h.results).toEqual([
      { port: 9000, code: 'PASS' },
      { port: 9001, code: 'PASS' },
    ]);
  });

  it('on cancel reports the ports not yet started as NOT_TESTED without probing them, and stops at once', async () => {
    const controller = new AbortController();
    const h = harness({ ports: range(9000, 30), concurrency: 3, signal: controller.signal, probeMs: 100 });
    let finishedAt: number | null = null;
    void h.done.then(() => (finishedAt = h.clock.now()));
    await h.clock.advance(250); // 9 ports done or running
    controller.abort();
    await h.clock.advance(100); // the three running probes finish (this fake probe ignores the signal)
    expect(finishedAt).toBe(300);
    expect(h.started).toEqual(range(9000, 9));
    expect(h.results).toHaveLength(30);
    const notTested = h.results.filter((r) => r.code === 'NOT_TESTED');
    expect(notTested.map((r) => r.port)).toEqual(range(9009, 21));
    expect(notTested.every((r) => r.detail === 'cancelled')).toBe(true);
  });

  it('cuts short the wait of a lone worker on cancel and leaves no timer', async () => {
    const controller = new AbortController();
    const h = harness({
      ports: [9000, 9001],
      concurrency: 1,
      signal: controller.signal,
      outcome: () => ({ kind: 'retry', reason: 'EMFILE' }),
    });
    await h.clock.advance(150);
    controller.abort();
    await h.clock.flush();
    await expect(h.done).resolves.toBeUndefined();
    expect(h.clock.pending).toBe(0);
    expect(h.results.map((r) => r.code)).toEqual(['NOT_TESTED', 'NOT_TESTED']);
  });

  it('tests nothing when cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const h = harness({ ports: range(9000, 5), signal: controller.signal });
    await h.clock.run(h.done);
    expect(h.started).toEqual([]);
    expect(h.results.map((r) => r.code)).toEqual(Array(5).fill('NOT_TESTED'));
  });
});
