/**
 * The TCP forward test (issue 11): listen on each TCP port, ask our server to connect back to our
 * public address on them (a STUN Binding request over TCP carrying VFC-CONNECT-BACK, RFC 5389
 * §7.2.2 framing, main/server/vfc-protocol.ts), then a port passes only when our own listener got
 * the server's `VFC <token>` line: a connection some other machine accepted is not our forward.
 *
 * Results are report port entries with `protocol: 'tcp'` and the port codes: PASS,
 * INBOUND_NO_RESPONSE (refused, timed out, or reached another machine), PORT_IN_USE (we could not
 * listen), NOT_TESTED (the server does not connect back to that port, or is busy).
 */
import { randomBytes } from 'node:crypto';
import type { PortResult } from '../../../shared/report';
import { sleep, type Clock } from '../clock';
import { MAGIC_COOKIE, MessageType } from '../stun/constants';
import { encodeMessage } from '../stun/encode-response';
import { checkFraming, readAttributes } from '../stun/framing';
import type { Endpoint } from '../stun/codec';
import { ConnectStatus, decodeConnectResult, encodeConnectBack, VfcAttr } from '../../server/vfc-protocol';
import type { Listener, OursNet } from './net';

/** How long the server may take to answer a connect-back (its connect timeout is 3 s). */
export const CONNECT_BACK_WAIT_MS = 8000;
/** Grace for a token line still in flight when the server's answer arrives. */
const LINE_GRACE_MS = 500;

/** What the TCP test needs. */
export interface TcpForwardDeps {
  net: OursNet;
  clock: Clock;
  signal?: AbortSignal;
}

/** The server side of the test: its control port and the ports it may connect back to. */
export interface ConnectBackServer {
  control: Endpoint;
  allowed: readonly number[];
}

const tcpResult = (port: number, code: PortResult['code'], detail?: string): PortResult => ({
  port,
  protocol: 'tcp',
  code,
  mapped: null,
  owner: null,
  ...(detail ? { detail } : {}),
});

/** Asks the server over TCP; resolves with per-port statuses, or null when it never answered. */
async function askServer(
  server: ConnectBackServer,
  token: Buffer,
  ports: number[],
  deps: TcpForwardDeps,
): Promise<Map<number, number> | null> {
  let channel;
  try {
    channel = await deps.net.tcp(server.control, { timeoutMs: 5000 });
  } catch {
    return null;
  }
  const head = Buffer.concat([Buffer.alloc(4), randomBytes(12)]);
  head.writeUInt32BE(MAGIC_COOKIE, 0);
  const request = encodeMessage({
    type: MessageType.BindingRequest,
    head,
    attributes: [{ type: VfcAttr.ConnectBack, value: encodeConnectBack({ token, ports }) }],
  });
  try {
    return await new Promise((settle) => {
      let buffer = Buffer.alloc(0);
      const resolve = (value: Map<number, number> | null): void => {
        deps.clock.clearTimeout(timer);
        deps.signal?.removeEventListener('abort', onAbort);
        settle(value);
      };
      const onAbort = (): void => resolve(null);
      const timer = deps.clock.setTimeout(() => resolve(null), CONNECT_BACK_WAIT_MS);
      deps.signal?.addEventListener('abort', onAbort, { once: true });
      channel.onData((data) => {
        buffer = Buffer.concat([buffer, data]).subarray(0, 2048);
        if (buffer.length < 20 || buffer.length < 20 + buffer.readUInt16BE(2)) return;
        const message = buffer.subarray(0, 20 + buffer.readUInt16BE(2));
        if (checkFraming(message) || !message.subarray(4, 20).equals(head)) return resolve(null);
        const attr = readAttributes(message).find((a) => a.type === VfcAttr.ConnectResult);
        const results = attr ? decodeConnectResult(attr.value) : null;
        resolve(results ? new Map(results.map((r) => [r.port, r.status])) : null);
      });
      channel.send(request);
    });
  } finally {
    channel.close();
  }
}

/** Runs the TCP forward test for `ports` against `server`; one result per port, in order. */
export async function runTcpForward(
  ports: readonly number[],
  server: ConnectBackServer,
  deps: TcpForwardDeps,
): Promise<PortResult[]> {
  const results = new Map<number, PortResult>();
  const token = randomBytes(8);
  const expected = `VFC ${token.toString('hex')}`;
  const reached = new Set<number>();
  const listeners: Listener[] = [];
  const asked: number[] = [];
  try {
    for (const port of ports) {
      if (!server.allowed.includes(port)) {
        results.set(port, tcpResult(port, 'NOT_TESTED', 'the server does not connect back to this port'));
        continue;
      }
      try {
        listeners.push(await deps.net.listen(port, (line) => line === expected && reached.add(port)));
        asked.push(port);
      } catch (error) {
        results.set(port, tcpResult(port, 'PORT_IN_USE', (error as NodeJS.ErrnoException).code ?? 'listen failed'));
      }
    }
    // The server takes at most 8 ports per request (vfc-protocol.ts); the allowed list is as long.
    for (let i = 0; i < asked.length; i += 8) {
      const batch = asked.slice(i, i + 8);
      const statuses = deps.signal?.aborted ? null : await askServer(server, token, batch, deps);
      if (statuses && [...statuses.values()].includes(ConnectStatus.Connected))
        await sleep(deps.clock, LINE_GRACE_MS, deps.signal).catch(() => undefined);
      for (const port of batch) results.set(port, verdict(port, statuses?.get(port), reached.has(port)));
    }
  } finally {
    for (const listener of listeners) listener.close();
  }
  return ports.map((port) => results.get(port) ?? tcpResult(port, 'NOT_TESTED'));
}

function verdict(port: number, status: number | undefined, reached: boolean): PortResult {
  if (reached) return tcpResult(port, 'PASS');
  switch (status) {
    case undefined:
      return tcpResult(port, 'NOT_TESTED', 'the server did not answer the connect-back request');
    case ConnectStatus.Connected:
      return tcpResult(port, 'INBOUND_NO_RESPONSE', 'the connection reached another machine, not this one');
    case ConnectStatus.Refused:
      return tcpResult(port, 'INBOUND_NO_RESPONSE', 'connection refused');
    case ConnectStatus.Timeout:
      return tcpResult(port, 'INBOUND_NO_RESPONSE', 'connection timed out');
    case ConnectStatus.NotAllowed:
      return tcpResult(port, 'NOT_TESTED', 'the server does not connect back to this port');
    case ConnectStatus.RateLimited:
      return tcpResult(port, 'NOT_TESTED', 'the server is busy (rate limit); try again in a minute');
    default:
      return tcpResult(port, 'INBOUND_NO_RESPONSE', 'the connection failed');
  }
}
