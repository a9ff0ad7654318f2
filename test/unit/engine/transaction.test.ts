import { describe, expect, it } from 'vitest';
import { createPacer, unlimitedPacer, type Pacer } from '../../../main/engine/pacer';
import {
  retransmitSchedule,
  runTransaction,
  type TransactionOptions,
  type TransactionResult,
} from '../../../main/engine/transaction';
import { FakeClock } from '../../fakes/fake-clock';
import { errorFor, ScriptedSocket, successFor } from '../../fakes/scripted-socket';
import { ATTR, encodeMessage, malformedAnswer, parseRequest, TYPE, xorAddressValue } from '../../fakes/stun-server';

const server = { address: '203.0.113.100', port: 3478 };
const second = { address: '203.0.113.101', port: 3479 };
const mapped = { address: '203.0.113.2', port: 9000 };

/** A transaction on a scripted socket, with the time it settled at. */
function start(options: Partial<TransactionOptions> & { timeoutMs?: number } = {}) {
  const clock = new FakeClock();
  const socket = new ScriptedSocket(clock);
  let settledAt: number | null = null;
  const done = runTransaction({
    socket,
    to: server,
    schedule: retransmitSchedule(options.timeoutMs ?? 3000),
    clock,
    pacer: unlimitedPacer,
    ...options,
  }).then((result) => {
    settledAt = clock.now();
    return result;
  });
  return { clock, socket, done, settledAt: () => settledAt };
}

describe('the retransmission schedule', () => {
  it('sends 8 datagrams over 3 s: at 0, 200, 400 ms, then every 400 ms, and gives up at 3000 ms', () => {
    expect(retransmitSchedule(3000)).toEqual({
      sendAt: [0, 200, 400, 800, 1200, 1600, 2000, 2400],
      giveUpAt: 3000,
      tailMs: 600,
    });
  });

  it.each([
    [200, [0], 100],
    [500, [0, 200, 400], 100],
    [1000, [0, 200, 400, 800], 200],
    [1500, [0, 200, 400, 800, 1200], 300],
    [2000, [0, 200, 400, 800, 1200, 1600], 400],
  ])('for a %i ms timeout sends at %j with a quiet tail of %i ms', (timeout, sendAt, tail) => {
    expect(retransmitSchedule(timeout)).toEqual({ sendAt, giveUpAt: timeout, tailMs: tail });
  });

  it('keeps the tail at 600 ms for long timeouts: 60 s means 150 datagrams, the last at 59,200 ms', () => {
    const schedule = retransmitSchedule(60000);
    expect(schedule.tailMs).toBe(600);
    expect(schedule.sendAt).toHaveLength(150);
    expect(schedule.sendAt.at(-1)).toBe(59200);
  });

  it('has the same shape for every timeout the settings allow', () => {
    const problems: string[] = [];
    for (let timeout = 200; timeout <= 60000; timeout += 100) {
      const { sendAt, giveUpAt, tailMs } = retransmitSchedule(timeout);
      const last = sendAt[sendAt.length - 1]!;
      const nextGap = sendAt.length < 3 ? 200 : 400;
      if (sendAt[0] !== 0) problems.push(`${timeout}: first send at ${sendAt[0]}`);
      sendAt.slice(1).forEach((at, i) => {
        if (at - sendAt[i]! !== (i < 2 ? 200 : 400)) problems.push(`${timeout}: gap ${i} is ${at - sendAt[i]!}`);
      });
      if (tailMs < 100 || tailMs > 600) problems.push(`${timeout}: tail ${tailMs}`);
      if (giveUpAt !== timeout) problems.push(`${timeout}: gives up at ${giveUpAt}`);
      if (last > giveUpAt - tailMs) problems.push(`${timeout}: last send at ${last} leaves no tail`);
      // one more datagram would not leave its tail before the give-up time
      if (last + nextGap <= giveUpAt - tailMs) problems.push(`${timeout}: room for one more send`);
    }
    expect(problems).toEqual([]);
  });
});

describe('a transaction', () => {
  it('gives up on a dead port after the timeout, having sent 8 datagrams', async () => {
    const t = start();
    const result = await t.clock.run(t.done);
    expect(result).toEqual({ kind: 'timeout', sent: 8, strays: [], sendErrors: [] });
    expect(t.socket.sent.map((s) => s.at)).toEqual([0, 200, 400, 800, 1200, 1600, 2000, 2400]);
    expect(t.settledAt()).toBe(3000);
  });

  it('sends the same request every time (one transaction ID), to the server', () => {
    const t = start({ timeoutMs: 1000 });
    return t.clock.run(t.done).then(() => {
      const first = t.socket.request(0);
      expect(t.socket.sent).toHaveLength(4);
      for (const s of t.socket.sent) {
        expect(s.data).toEqual(first);
        expect(s.to).toEqual(server);
      }
      expect(parseRequest(first)).toMatchObject({ changeIp: false, changePort: false });
    });
  });

  it('uses the transaction ID it is given and the CHANGE-REQUEST flags it is asked for', async () => {
    const transactionId = Buffer.from('0102030405060708090a0b0c', 'hex');
    const t = start({ transactionId, changeIp: true, changePort: true, timeoutMs: 200 });
    await t.clock.run(t.done);
    expect(parseRequest(t.socket.request(0))).toMatchObject({
      transactionId: '0102030405060708090a0b0c',
      changeIp: true,
      changePort: true,
    });
  });

  it('draws a new random transaction ID for each transaction', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const t = start({ timeoutMs: 200 });
      await t.clock.run(t.done);
      ids.add(parseRequest(t.socket.request(0))!.transactionId);
    }
    expect(ids.size).toBe(20);
  });

  it('retransmits until answered, then stops: answered after the 3rd datagram, nothing more is sent', async () => {
    const t = start();
    await t.clock.advance(450);
    expect(t.socket.sent).toHaveLength(3);
    t.socket.deliver(successFor(t.socket.request(2), mapped), server);
    const result = await t.done;
    expect(result).toMatchObject({ kind: 'answer', sent: 3, from: server, message: { xorMapped: mapped }, strays: [] });
    expect(t.settledAt()).toBe(450);
    await t.clock.advance(5000);
    expect(t.socket.sent).toHaveLength(3);
  });

  it('counts an answer to an early datagram (all carry the same ID) and measures from the last send', async () => {
    const t = start();
    await t.clock.advance(850); // four datagrams left: 0, 200, 400, 800
    t.socket.deliver(successFor(t.socket.request(0), mapped), server);
    const result = await t.done;
    expect(result.kind).toBe('answer');
    if (result.kind === 'answer') {
      expect(result.sent).toBe(4);
      expect(result.rttMs).toBe(50);
    }
  });

  it('takes an error response as the answer (the caller decides what it means)', async () => {
    const t = start();
    await t.clock.advance(10);
    t.socket.deliver(errorFor(t.socket.request(0), 420, 'Unknown Attribute'), server);
    expect(await t.done).toMatchObject({ kind: 'answer', message: { kind: 'error', error: { code: 420 } } });
  });

  it('keeps an answer from an unexpected source as a stray and goes on waiting for the right one', async () => {
    const t = start({ acceptFrom: (from) => from.address === second.address && from.port === second.port });
    await t.clock.advance(10);
    t.socket.deliver(successFor(t.socket.request(0), mapped), server); // right ID, wrong source
    await t.clock.advance(300);
    t.socket.deliver(successFor(t.socket.request(0), mapped), second);
    const result = await t.done;
    expect(result.kind).toBe('answer');
    if (result.kind === 'answer') {
      expect(result.from).toEqual(second);
      expect(result.strays).toEqual([
        { from: server, reason: 'unexpected-source', message: expect.objectContaining({ xorMapped: mapped }) },
      ]);
    }
  });

  it('times out with the strays when only unexpected sources answered', async () => {
    const t = start({ acceptFrom: (from) => from.port === second.port, timeoutMs: 1000 });
    await t.clock.advance(10);
    t.socket.deliver(successFor(t.socket.request(0), mapped), server);
    const result = await t.clock.run(t.done);
    expect(result).toMatchObject({ kind: 'timeout', sent: 4, strays: [{ from: server, reason: 'unexpected-source' }] });
  });

  it('keeps undecodable datagrams with its ID as strays, with the decoder’s reason', async () => {
    const t = start({ timeoutMs: 1000 });
    await t.clock.advance(10);
    t.socket.deliver(malformedAnswer(t.socket.request(0).subarray(4, 20)), server);
    const result = await t.clock.run(t.done);
    expect(result).toMatchObject({
      kind: 'timeout',
      strays: [{ from: server, reason: 'undecodable', error: { offset: 20, reason: /runs past the end/ } }],
    });
  });

  it('keeps a refused answer (damaged under its FINGERPRINT) as a stray and takes the good one after it', async () => {
    const t = start({ timeoutMs: 1000 });
    await t.clock.advance(10);
    const request = t.socket.request(0);
    const good = encodeMessage({
      type: TYPE.BINDING_SUCCESS,
      cookieAndId: request.subarray(4, 20),
      attributes: [{ type: ATTR.XOR_MAPPED_ADDRESS, value: xorAddressValue(mapped, request.subarray(4, 8)) }],
      fingerprint: true,
    });
    const damaged = Buffer.from(good);
    damaged[27] = damaged[27]! ^ 0x01; // the XOR-MAPPED-ADDRESS port's low bit
    t.socket.deliver(damaged, server);
    await t.clock.advance(10);
    t.socket.deliver(good, server);
    const result = await t.done;
    expect(result).toMatchObject({
      kind: 'answer',
      message: { xorMapped: mapped },
      strays: [{ from: server, reason: 'undecodable', error: { reason: /FINGERPRINT does not match/ } }],
    });
  });

  it('ignores datagrams of other transactions and non-STUN noise entirely', async () => {
    const t = start({ timeoutMs: 1000 });
    await t.clock.advance(10);
    const other = Buffer.from(t.socket.request(0));
    other[19] = other[19]! ^ 0xff;
    t.socket.deliver(successFor(other, mapped), server);
    t.socket.deliver(Buffer.from('hello, this is not STUN at all'), server);
    t.socket.deliver(Buffer.alloc(3), server);
    expect(await t.clock.run(t.done)).toEqual({ kind: 'timeout', sent: 4, strays: [], sendErrors: [] });
  });

  it('collects send errors and still retransmits', async () => {
    const t = start({ timeoutMs: 1000 });
    t.socket.sendResult = (index) => (index < 2 ? 'ENETUNREACH' : null);
    expect(await t.clock.run(t.done)).toEqual({
      kind: 'timeout',
      sent: 4,
      strays: [],
      sendErrors: ['ENETUNREACH', 'ENETUNREACH'],
    });
  });

  it('ends as a timeout, not a crash, when the socket throws', async () => {
    const t = start({ timeoutMs: 1000 });
    t.socket.sendResult = () => {
      throw new Error('socket exploded');
    };
    const result = await t.clock.run(t.done);
    expect(result).toMatchObject({ kind: 'timeout', sendErrors: ['Error: socket exploded'] });
    expect(t.clock.pending).toBe(0);
  });

  it('resolves "aborted" at once on cancel, without the clock moving, and leaves no timer', async () => {
    const controller = new AbortController();
    const t = start({ signal: controller.signal });
    await t.clock.advance(250);
    controller.abort();
    await t.clock.flush();
    expect(t.settledAt()).toBe(250);
    expect(await t.done).toEqual({ kind: 'aborted', sent: 2 });
    expect(t.clock.pending).toBe(0);
    expect(t.socket.listeners).toBe(0);
    await t.clock.advance(5000);
    expect(t.socket.sent).toHaveLength(2);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const t = start({ signal: controller.signal });
    expect(await t.done).toEqual({ kind: 'aborted', sent: 0 });
    await t.clock.flush();
    expect(t.socket.sent).toEqual([]);
    expect(t.clock.pending).toBe(0);
  });

  it('leaves no timer and no listener behind, however it ends', async () => {
    const outcomes: TransactionResult['kind'][] = [];
    for (const ending of ['answer', 'timeout', 'aborted'] as const) {
      const controller = new AbortController();
      const t = start({ signal: controller.signal });
      await t.clock.advance(300);
      if (ending === 'answer') t.socket.deliver(successFor(t.socket.request(0), mapped), server);
      if (ending === 'aborted') controller.abort();
      const result = await t.clock.run(t.done);
      outcomes.push(result.kind);
      expect(t.clock.pending, ending).toBe(0);
      expect(t.socket.listeners, ending).toBe(0);
      // and the abort listener is gone: aborting later changes nothing and throws nothing
      controller.abort();
    }
    expect(outcomes).toEqual(['answer', 'timeout', 'aborted']);
  });

  it('has at most one timer of its own pending at any time', async () => {
    const t = start();
    let most = 0;
    for (let at = 0; at < 3100; at += 50) {
      await t.clock.advance(50);
      most = Math.max(most, t.clock.pending);
    }
    await t.done;
    expect(most).toBe(1);
  });

  describe('with a pacer', () => {
    it('times retransmissions from the first datagram that left, not from the time spent queued', async () => {
      const clock = new FakeClock();
      const socket = new ScriptedSocket(clock);
      const pacer = createPacer(clock, 2, 1); // one datagram every 500 ms
      await pacer.acquire(); // someone else took the slot at t=0
      const done = runTransaction({ socket, to: server, schedule: retransmitSchedule(3000), clock, pacer });
      await clock.advance(1500);
      expect(socket.sent.map((s) => s.at)).toEqual([500, 1000, 1500]); // no catch-up burst
      socket.deliver(successFor(socket.request(0), mapped), server);
      expect(await done).toMatchObject({ kind: 'answer', sent: 3 });
    });

    it('waits a full tail after the last datagram when pacing delayed it past the give-up time', async () => {
      const clock = new FakeClock();
      const socket = new ScriptedSocket(clock);
      const pacer = createPacer(clock, 1, 1); // one datagram per second
      await pacer.acquire();
      let end = 0;
      const done = runTransaction({ socket, to: server, schedule: retransmitSchedule(1000), clock, pacer }).then(
        (r) => {
          end = clock.now();
          return r;
        },
      );
      const result = await clock.run(done);
      expect(result).toMatchObject({ kind: 'timeout', sent: 4 });
      expect(socket.sent.map((s) => s.at)).toEqual([1000, 2000, 3000, 4000]);
      expect(end).toBe(4000 + 200);
    });

    it('gives its queued slot back when cancelled while waiting for the pacer', async () => {
      const clock = new FakeClock();
      const socket = new ScriptedSocket(clock);
      const pacer: Pacer = createPacer(clock, 1, 1);
      await pacer.acquire();
      const controller = new AbortController();
      const done = runTransaction({
        socket,
        to: server,
        schedule: retransmitSchedule(1000),
        clock,
        pacer,
        signal: controller.signal,
      });
      await clock.advance(300);
      controller.abort();
      expect(await done).toEqual({ kind: 'aborted', sent: 0 });
      await clock.flush();
      expect(clock.pending).toBe(0);
      let at = -1;
      void pacer.acquire().then(() => (at = clock.now()));
      await clock.advance(1000);
      expect(at).toBe(1000);
    });
  });
});
