/**
 * `serve` on loopback with real sockets: our own checker engine passes every port against it,
 * CHANGE-REQUEST is answered from the right socket, reflection is refused, and the SIP echo and
 * the TCP connect-back work end to end. Ports 22xxx are below the Linux ephemeral range.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBindingResponse } from '../../main/engine/stun/codec';
import { encodeAddress } from '../../main/engine/stun/encode-response';
import { readAttributes } from '../../main/engine/stun/framing';
import { runCheck } from '../../main/engine/run-check';
import { createNodeTransport } from '../../main/engine/transport';
import { ConnectStatus, decodeConnectResult, encodeConnectBack, VfcAttr } from '../../main/server/vfc-protocol';
import type { RunSettings } from '../../shared/report';
import { bindingRequest, startTestServer, stunOverTcp, udpClient, type TestServer } from './server-support';

const STUN = 22478;
const ALT = 22479;
const SIP = 22560;
let running: TestServer | null = null;
afterEach(async () => {
  await running?.server.close();
  running = null;
});
const start = async (overrides = {}) =>
  (running = await startTestServer({ port: STUN, altPort: ALT, sipPort: SIP, ...overrides }));

const check = (ports: string, overrides: Partial<RunSettings> = {}): RunSettings => ({
  stun: [`127.0.0.1:${STUN}`],
  ports,
  publicIp: null,
  concurrency: 50,
  rate: 5000,
  timeoutMs: 600,
  order: 'sequential',
  ...overrides,
});

describe('our checker against serve', () => {
  it('passes every port, with CHANGE-REQUEST verified from the second address', async () => {
    await start();
    const transport = createNodeTransport();
    const report = await runCheck(check('22100-22199'), { transport });
    expect(report.code).toBe('ALL_PASSED');
    expect(report.summary).toEqual({ total: 100, passed: 100, failed: 0, notTested: 0 });
    expect(report.server?.alternate).toBe(`127.0.0.2:${ALT}`);
    expect(report.server?.changeRequestVerified).toBe(true);
    expect(transport.open()).toBe(0);
  });
});

describe('STUN over real sockets', () => {
  it.each([
    [0x00, `127.0.0.1:${STUN}`],
    [0x02, `127.0.0.1:${ALT}`],
    [0x04, `127.0.0.2:${STUN}`],
    [0x06, `127.0.0.2:${ALT}`],
  ])('answers CHANGE-REQUEST %i from %s', async (flags, from) => {
    await start();
    const client = await udpClient();
    try {
      client.send(bindingRequest([{ type: 0x0003, value: Buffer.from([0, 0, 0, flags]) }]), STUN);
      await client.waitFor(1, 2000);
      expect(client.received.map((r) => `${r.from.address}:${r.from.port}`)).toEqual([from]);
    } finally {
      client.socket.close();
    }
  });

  it('answers an RFC 3489 request with CHANGED-ADDRESS', async () => {
    await start();
    const client = await udpClient();
    try {
      client.send(bindingRequest([], false), ALT, '127.0.0.2');
      await client.waitFor(1, 2000);
      const decoded = decodeBindingResponse(client.received[0]!.data);
      expect(decoded).toMatchObject({ ok: true, message: { otherSource: 'CHANGED-ADDRESS', other: { port: STUN } } });
    } finally {
      client.socket.close();
    }
  });

  it('refuses RESPONSE-ADDRESS: the named address gets nothing, the source gets 420', async () => {
    await start();
    const client = await udpClient();
    const victim = await udpClient('127.0.0.3');
    try {
      const target = { address: '127.0.0.3', port: victim.socket.address().port };
      client.send(bindingRequest([{ type: 0x0002, value: encodeAddress(target) }]), STUN);
      client.send(
        bindingRequest([{ type: 0x0027, value: Buffer.from([(target.port >> 8) & 0xff, target.port & 0xff, 0, 0]) }]),
        STUN,
      );
      await client.waitFor(2, 2000);
      await new Promise((r) => setTimeout(r, 100));
      expect(victim.received).toEqual([]);
      expect(client.received.map((r) => decodeBindingResponse(r.data))).toMatchObject([
        { ok: true, message: { error: { code: 420 } } },
        { ok: true, message: { error: { code: 420 } } },
      ]);
    } finally {
      client.socket.close();
      victim.socket.close();
    }
  });
});

describe('isolation between clients', () => {
  it('sends each client only answers to its own requests, carrying its own address', async () => {
    await start();
    const clients = await Promise.all([udpClient('127.0.0.1'), udpClient('127.0.0.4')]);
    const sent = clients.map(() => new Set<string>());
    try {
      for (let i = 0; i < 100; i++) {
        const which = i % 2;
        const flags = [0, 2, 4, 6][i % 4]!;
        const request = bindingRequest([{ type: 0x0003, value: Buffer.from([0, 0, 0, flags]) }]);
        sent[which]!.add(request.subarray(8, 20).toString('hex'));
        clients[which]!.send(request, STUN);
      }
      await Promise.all(clients.map((c) => c.waitFor(50, 3000)));
      clients.forEach((client, which) => {
        expect(client.received).toHaveLength(50);
        for (const { data } of client.received) {
          expect(sent[which]!.has(data.subarray(8, 20).toString('hex'))).toBe(true);
          const decoded = decodeBindingResponse(data);
          expect(decoded.ok && decoded.message.xorMapped).toEqual({
            address: client.socket.address().address,
            port: client.socket.address().port,
          });
        }
      });
    } finally {
      clients.forEach((c) => c.socket.close());
    }
  });
});

describe('TCP connect-back', () => {
  const listen = (port: number, got: string[]): Promise<Server> =>
    new Promise((resolve) => {
      const server = createServer((socket) => socket.on('data', (d: Buffer) => got.push(d.toString())));
      server.listen(port, '127.0.0.1', () => resolve(server));
    });

  it('connects only to the allowed ports of the source and reports each', async () => {
    await start({ connectBackPorts: [22561, 22562] });
    const got: string[] = [];
    const listener = await listen(22561, got);
    try {
      const token = Buffer.from('0123456789abcdef', 'hex');
      const value = encodeConnectBack({ token, ports: [22561, 22562, 22563] });
      const answer = await stunOverTcp(STUN, bindingRequest([{ type: VfcAttr.ConnectBack, value }]));
      const result = readAttributes(answer!).find((a) => a.type === VfcAttr.ConnectResult)!;
      expect(decodeConnectResult(result.value)).toEqual([
        { port: 22561, status: ConnectStatus.Connected },
        { port: 22562, status: ConnectStatus.Refused },
        { port: 22563, status: ConnectStatus.NotAllowed },
      ]);
      await new Promise((r) => setTimeout(r, 100));
      expect(got.join('')).toBe('VFC 0123456789abcdef\r\n');
    } finally {
      listener.close();
    }
  });

  it('caps connect-backs per source per minute', async () => {
    await start({ connectBackPorts: [22562], connectBacksPerMinute: 2 });
    const value = encodeConnectBack({ token: Buffer.alloc(8), ports: [22562] });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await stunOverTcp(STUN, bindingRequest([{ type: VfcAttr.ConnectBack, value }]));
      const result = readAttributes(answer!).find((a) => a.type === VfcAttr.ConnectResult)!;
      statuses.push(decodeConnectResult(result.value)![0]!.status);
    }
    expect(statuses).toEqual([
      ConnectStatus.Refused,
      ConnectStatus.Refused,
      ConnectStatus.RateLimited,
      ConnectStatus.RateLimited,
    ]);
  });

  it('holds at most 4 control connections per source: the fifth is closed at once', async () => {
    const { server } = await start();
    const sockets = await Promise.all(
      Array.from(
        { length: 5 },
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect({ host: '127.0.0.1', port: STUN }, () => resolve(socket));
            socket.on('error', () => undefined);
          }),
      ),
    );
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(sockets.filter((s) => s.readyState === 'closed' || s.destroyed || !s.readable)).toHaveLength(1);
      expect(server.counters.total('tcp.refused.busy')).toBe(1);
    } finally {
      sockets.forEach((s) => s.destroy());
    }
  });

  it('ignores VFC-CONNECT-BACK over UDP, where the source could be forged', async () => {
    const { server } = await start({ connectBackPorts: [22562] });
    const client = await udpClient();
    try {
      const value = encodeConnectBack({ token: Buffer.alloc(8), ports: [22562] });
      client.send(bindingRequest([{ type: VfcAttr.ConnectBack, value }]), STUN);
      await client.waitFor(1, 2000);
      expect(decodeBindingResponse(client.received[0]!.data)).toMatchObject({ ok: true, message: { kind: 'success' } });
      expect(server.counters.total('connect-back.requests')).toBe(0);
    } finally {
      client.socket.close();
    }
  });
});
