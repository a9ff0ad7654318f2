/**
 * runCheck at scale, in its own file so it runs in parallel with the rest of the unit suite: the
 * engine's own work for 10,000 ports (20,000 transactions) takes a few seconds of real CPU even
 * on fake time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../../main/engine/run-check';
import { FakeClock } from '../../fakes/fake-clock';
import { PRIMARY, SimNetwork } from '../../fakes/sim-network';
import { SERVER_PRESETS } from '../../fakes/stun-server';

describe('a 10,000-port run', () => {
  // Every transaction ends with an AbortController.abort() and a rejected sleep: stack traces for
  // 40,000 exceptions nobody reads are a fifth of this test's time.
  let stackTraceLimit = Error.stackTraceLimit;
  beforeEach(() => {
    stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
  });
  afterEach(() => {
    Error.stackTraceLimit = stackTraceLimit;
  });

  it('checks every port with 1,000 workers when the OS allows only 50 sockets', async () => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, {
      nat: { mapping: 'independent-preserving', filtering: 'address-port', forwards: 'all' },
      maxOpenSockets: 50,
      // a lean RFC 5780 answer (XOR-MAPPED-ADDRESS and OTHER-ADDRESS only) keeps decoding cheap
      behaviour: { ...SERVER_PRESETS.rfc5780, mapped: 'xor', origin: false, fingerprint: false, software: null },
    });
    const report = await clock.run(
      runCheck(
        {
          stun: [`${PRIMARY.address}:${PRIMARY.port}`],
          ports: '20000-29999',
          publicIp: null,
          concurrency: 1000,
          rate: 100000,
          timeoutMs: 1000,
          order: 'sequential',
        },
        { transport: net, clock, resolve: net.resolve },
      ),
    );
    expect(report.summary).toEqual({ total: 10000, passed: 10000, failed: 0, notTested: 0 });
    expect(report.code).toBe('ALL_PASSED');
    expect(net.maxOpen).toBeLessThanOrEqual(50);
    expect(net.bindFailures.filter((f) => f.code === 'EMFILE').length).toBeGreaterThan(0);
    expect(new Set(net.bound.filter((b) => b.explicit).map((b) => b.port)).size).toBe(10000);
    expect(net.open).toBe(0);
    // Correctness at scale, not speed (the benchmark measures that): ~3.5 s alone, more beside
    // other work on two cores, so the default 5 s limit would make it flaky.
  }, 30_000);
});
