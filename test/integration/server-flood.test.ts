/**
 * `serve` under a loopback flood bounded in count and time: the per-source and global buckets
 * hold, the source map stays bounded with many distinct source addresses (127.x.y.z are all
 * local on Linux), and memory stays flat. Prints the figures.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../main/server/rate-limit';
import { bindingRequest, startTestServer, udpClient, type TestServer } from './server-support';

const STUN = 22578;
let running: TestServer | null = null;
afterEach(async () => {
  await running?.server.close();
  running = null;
});

describe('serve under a flood', () => {
  it('answers one source no more than its burst plus its rate', async () => {
    const limits = { ...DEFAULT_LIMITS, ratePerSource: 200, burstPerSource: 100 };
    running = await startTestServer({ port: STUN, altPort: STUN + 1, sipPort: null, limits });
    const client = await udpClient();
    try {
      const request = bindingRequest();
      const t0 = performance.now();
      for (let i = 0; i < 5000; i++) {
        client.send(request, STUN);
        // Batches, so the socket buffer does not overflow and every request reaches the limiter.
        if (i % 50 === 49) await new Promise((r) => setImmediate(r));
      }
      await new Promise((r) => setTimeout(r, 300));
      const seconds = (performance.now() - t0) / 1000;
      const allowed = 100 + 200 * seconds;
      console.log(
        `flood: 5,000 requests in ${seconds.toFixed(2)} s, ${client.received.length} answered (bound ${allowed.toFixed(0)})`,
      );
      expect(client.received.length).toBeGreaterThanOrEqual(100);
      expect(client.received.length).toBeLessThanOrEqual(allowed);
      const counters = running.server.counters;
      expect(counters.total('rate-limited.source')).toBeGreaterThan(3000);
      expect(counters.total('rate-limited.source') + counters.total('stun.requests')).toBeLessThanOrEqual(5000);
    } finally {
      client.socket.close();
    }
  });

  it('keeps the global cap across many sources and a bounded source map', async () => {
    const limits = { ...DEFAULT_LIMITS, rateGlobal: 100, burstGlobal: 300, maxSources: 500 };
    running = await startTestServer({ port: STUN, altPort: STUN + 1, sipPort: null, limits });
    const before = process.memoryUsage();
    const request = bindingRequest();
    let answered = 0;
    const t0 = performance.now();
    for (let batch = 0; batch < 20; batch++) {
      const clients = await Promise.all(Array.from({ length: 100 }, (_, i) => udpClient(`127.9.${batch}.${i + 1}`)));
      for (const client of clients) for (let k = 0; k < 5; k++) client.send(request, STUN);
      await new Promise((r) => setTimeout(r, 30));
      for (const client of clients) {
        answered += client.received.length;
        client.socket.close();
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const after = process.memoryUsage();
    const mib = (n: number) => (n / 1048576).toFixed(1);
    console.log(
      `flood of 10,000 requests from 2,000 addresses in ${seconds.toFixed(1)} s: ${answered} answered; heapUsed ${mib(before.heapUsed)} -> ${mib(after.heapUsed)} MiB, rss ${mib(before.rss)} -> ${mib(after.rss)} MiB`,
    );
    expect(answered).toBeLessThanOrEqual(300 + 100 * seconds + 10);
    expect(running.server.counters.total('rate-limited.global')).toBeGreaterThan(0);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * 1048576);
    await running.server.close();
    const counters = running.lines.filter((l) => l.event === 'counters').at(-1);
    expect(counters?.sources).toBeLessThanOrEqual(500);
  });
});
