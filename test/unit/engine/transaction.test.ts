import { describe, expect, it } from 'vitest';
import { createPacer, unlimitedPacer } from '../../../main/engine/pacer';
import { retransmitSchedule, runTransaction } from '../../../main/engine/transaction';
import type { Datagram, UdpSocket } from '../../../main/engine/transport';
import { ManualClock } from '../../fakes/manual-clock';
import { addressAttribute, response, T } from '../../support/stun-wire';

const server = { address: '203.0.113.100', port: 3478 };

/** A socket that records sends and lets the test deliver datagrams. */
function fakeSocket() {
  const sent: { at: number; data: Buffer }[] = [];
  const handlers = new Set<(d: Datagram) => void>();
  let clock: ManualClock | null = null;
  const socket: UdpSocket = {
    localPort: 9000,
    send: async (data) => {
      sent.push({ at: clock?.now() ?? 0, data });
      return null;
    },
    onMessage: (h) => {
      handlers.add(h);
      return () => handlers.delete(h);
    },
    close: () => undefined,
  };
  return {
    socket,
    sent,
    bindClock: (c: ManualClock) => (clock = c),
    deliver: (data: Buffer, from = server) => handlers.forEach((h) => h({ data, from })),
    listeners: () => handlers.size,
  };
}
const answerTo = (request: Buffer) =>
  response(0x0101, request, [addressAttribute(T.XOR_MAPPED, '198.51.100.7', 9000, request.subarray(4, 8))]);

describe('the retransmission schedule', () => {
  it('sends 8 datagrams in 3 s: 0, 200, 400, then every 400 ms, with a 600 ms tail', () => {
    expect(retransmitSchedule(3000)).toEqual({
      sendAt: [0, 200, 400, 800, 1200, 1600, 2000, 2400],
      giveUpAt: 3000,
      tailMs: 600,
    });
  });
  it('shortens with the timeout and always sends at least once', () => {
    expect(retransmitSchedule(1000).sendAt).toEqual([0, 200, 400, 800]);
    expect(retransmitSchedule(200).sendAt).toEqual([0]);
    expect(retransmitSchedule(10000).sendAt.length).toBe(25); // 0, 200, 400, 800 … 9200
  });
});

describe('a transaction', () => {
  it('gives up on a dead port after the timeout, having sent 8 datagrams', async () => {
    const clock = new ManualClock();
    const s = fakeSocket();
    s.bindClock(clock);
    const done = runTransaction({
      socket: s.socket,
      to: server,
      schedule: retransmitSchedule(3000),
      clock,
      pacer: unlimitedPacer,
    });
    const result = await clock.run(done, 10_000, 100);
    expect(result).toMatchObject({ kind: 'timeout', sent: 8 });
    expect(s.sent.map((x) => x.at)).toEqual([0, 200, 400, 800, 1200, 1600, 2000, 2400]);
    expect(clock.now()).toBeGreaterThanOrEqual(3000);
    expect(clock.pending).toBe(0);
    expect(s.listeners()).toBe(0);
  });

  it('stops retransmitting once answered, and an answer to an early send counts', async () => {
    const clock = new ManualClock();
    const s = fakeSocket();
    s.bindClock(clock);
    const done = runTransaction({
      socket: s.socket,
      to: server,
      schedule: retransmitSchedule(3000),
      clock,
      pacer: unlimitedPacer,
    });
    await clock.advance(450); // three sends so far
    s.deliver(answerTo(s.sent[0]!.data));
    const result = await done;
    expect(result).toMatchObject({
      kind: 'answer',
      sent: 3,
      message: { xorMapped: { address: '198.51.100.7', port: 9000 } },
    });
    expect(clock.pending).toBe(0); // no timer outlives the transaction
    await clock.advance(3000);
    expect(s.sent.length).toBe(3);
  });

  it('ignores datagrams of other transactions and keeps answers from the wrong source as strays', async () => {
    const clock = new ManualClock();
    const s = fakeSocket();
    const done = runTransaction({
      socket: s.socket,
      to: server,
      schedule: retransmitSchedule(1000),
      clock,
      pacer: unlimitedPacer,
      acceptFrom: (from) => from.port === 3479,
    });
    await clock.advance(1);
    const request = s.sent[0]!.data;
    const other = Buffer.from(request);
    other[10] = other[10]! ^ 0xff;
    s.deliver(answerTo(other), { address: '203.0.113.101', port: 3479 }); // another transaction
    s.deliver(answerTo(request), server); // right transaction, wrong source
    s.deliver(
      Buffer.concat([request.subarray(0, 2), Buffer.from([0, 4]), request.subarray(4), Buffer.alloc(2)]),
      server,
    ); // broken
    const result = await clock.run(done);
    expect(result.kind).toBe('timeout');
    if (result.kind === 'timeout')
      expect(result.strays.map((x) => x.reason)).toEqual(['unexpected-source', 'undecodable']);
  });

  it('resolves "aborted" at once on cancel and leaves no timer behind', async () => {
    const clock = new ManualClock();
    const s = fakeSocket();
    const controller = new AbortController();
    const done = runTransaction({
      socket: s.socket,
      to: server,
      schedule: retransmitSchedule(3000),
      clock,
      pacer: unlimitedPacer,
      signal: controller.signal,
    });
    await clock.advance(250);
    controller.abort();
    expect(await done).toEqual({ kind: 'aborted', sent: 2 });
    await clock.advance(0);
    expect(clock.pending).toBe(0);
  });

  it('times retransmissions from the first datagram that left, not from the time spent queued', async () => {
    const clock = new ManualClock();
    const s = fakeSocket();
    s.bindClock(clock);
    const pacer = createPacer(clock, 2, 1); // one datagram every 500 ms
    await pacer.acquire();
    const done = runTransaction({ socket: s.socket, to: server, schedule: retransmitSchedule(3000), clock, pacer });
    await clock.advance(600);
    expect(s.sent.map((x) => x.at)).toEqual([500]); // no catch-up burst after the wait
    s.deliver(answerTo(s.sent[0]!.data));
    expect(await done).toMatchObject({ kind: 'answer', sent: 1 });
  });

  it('waits a full tail after the last datagram when pacing delayed it', async () => {
    const clock = new ManualClock();
    const s = fakeSocket();
    s.bindClock(clock);
    const pacer = createPacer(clock, 1, 1); // one datagram per second
    await pacer.acquire(); // the slot at t=0 is taken by someone else
    const done = runTransaction({ socket: s.socket, to: server, schedule: retransmitSchedule(1000), clock, pacer });
    const result = await clock.run(done, 20_000, 100);
    expect(result.kind).toBe('timeout');
    const last = s.sent[s.sent.length - 1]!.at;
    expect(clock.now() - last).toBeGreaterThanOrEqual(200);
  });
});

describe('the pacer', () => {
  it('keeps the long-run rate: 1,000 datagrams at 100/s take about 10 s', async () => {
    const clock = new ManualClock();
    const pacer = createPacer(clock, 100);
    let done = 0;
    for (let i = 0; i < 1000; i++) void pacer.acquire().then(() => done++);
    await clock.advance(4990);
    expect(done).toBeGreaterThan(490);
    expect(done).toBeLessThan(510);
    await clock.advance(5100);
    expect(done).toBe(1000);
  });

  it('allows a burst of rate/50 at once', async () => {
    const clock = new ManualClock();
    const pacer = createPacer(clock, 1000);
    let done = 0;
    for (let i = 0; i < 40; i++) void pacer.acquire().then(() => done++);
    await clock.advance(0);
    expect(done).toBe(20);
  });

  it('rejects a waiting caller on abort', async () => {
    const clock = new ManualClock();
    const pacer = createPacer(clock, 1, 1);
    await pacer.acquire();
    const controller = new AbortController();
    const waiting = pacer.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow('cancelled');
  });

  it('gives the slot of a cancelled waiter to the next one', async () => {
    const clock = new ManualClock();
    const pacer = createPacer(clock, 10, 1); // one slot every 100 ms
    await pacer.acquire();
    const controller = new AbortController();
    const cancelled = pacer.acquire(controller.signal);
    let at = -1;
    void pacer.acquire().then(() => (at = clock.now()));
    controller.abort();
    await expect(cancelled).rejects.toThrow('cancelled');
    await clock.advance(150);
    expect(at).toBe(100);
  });

  it('refuses a rate of zero', () => {
    expect(() => createPacer(new ManualClock(), 0)).toThrow(RangeError);
  });
});
