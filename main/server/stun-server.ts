/**
 * The STUN services. Over UDP: four sockets (primary and alternate IP × primary and alternate
 * port, RFC 5780 §4.2), each datagram through the rate limiter then the pure handler
 * (stun-handler.ts); the answer leaves from the socket the handler chose, to the datagram's source
 * address and port and nowhere else. Over TCP on the primary address and port (RFC 5389 §7.2.2:
 * messages framed by their own length field): plain Binding requests are answered like over UDP
 * (without CHANGE-REQUEST), and a Binding request with VFC-CONNECT-BACK starts a connect-back to
 * the connection's source address (connect-back.ts), which the TCP handshake proved.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import { createServer } from 'node:net';
import { HEADER_LENGTH } from '../engine/stun/constants';
import { allWith, runConnectBack, type Connector } from './connect-back';
import type { RateLimiter } from './rate-limit';
import {
  admit,
  bindUdp,
  closeTcp,
  closeUdp,
  listenTcp,
  serveStream,
  type Framer,
  type Service,
  type ServiceContext,
} from './sockets';
import { buildConnectBackAnswer, socketEndpoint } from './stun-answer';
import { handleStunRequest, type ServerLayout, type SocketId } from './stun-handler';
import { ConnectStatus } from './vfc-protocol';

const IDS: readonly SocketId[] = ['PP', 'PA', 'AP', 'AA'];

function countAnswer(ctx: ServiceContext, status: 200 | 400 | 420): void {
  ctx.counters.inc(status === 200 ? 'stun.answers' : status === 400 ? 'stun.errors.400' : 'stun.errors.420');
}

/** Binds the four STUN sockets and answers on them. */
export async function startStunUdp(layout: ServerLayout, ctx: ServiceContext): Promise<Service> {
  const sockets = new Map<SocketId, Socket>();
  try {
    for (const id of IDS) {
      const { address, port } = socketEndpoint(layout, id, false);
      sockets.set(id, await bindUdp(address, port, `STUN on ${address}:${port}/udp`));
    }
  } catch (error) {
    await Promise.all([...sockets.values()].map(closeUdp));
    throw error;
  }
  const onMessage = (id: SocketId) => (data: Buffer, from: RemoteInfo) => {
    if (!admit(ctx, from.address)) return;
    const source = { address: from.address, port: from.port };
    const outcome = handleStunRequest(data, { source, arrivedOn: id, transport: 'udp' }, layout);
    if (outcome.kind === 'drop') {
      ctx.counters.inc(`stun.dropped.${outcome.reason}`);
      return;
    }
    ctx.counters.inc('stun.requests');
    if (outcome.kind !== 'answer') return; // connect-back is TCP only; the handler never asks for it here
    countAnswer(ctx, outcome.status);
    sockets.get(outcome.via)!.send(outcome.data, from.port, from.address, (error) => {
      if (error) ctx.counters.inc('send.errors');
    });
  };
  for (const [id, socket] of sockets) {
    socket.on('message', onMessage(id));
    socket.on('error', () => ctx.counters.inc('send.errors'));
  }
  return { close: () => Promise.all([...sockets.values()].map(closeUdp)).then(() => undefined) };
}

/** Largest STUN message taken over TCP: the 576-byte datagram RFC 5389 §7.1 advises, less IP and UDP headers. */
const MAX_STUN_TCP = 548;

/** Connect-back settings of the control port. */
export interface ControlOptions {
  /** Ports a client may ask for; empty: connect-back off (requests are answered "not allowed"). */
  allowed: readonly number[];
  /** Connect-back requests per source per minute and for the whole server. */
  limiter: RateLimiter;
  connector: Connector;
  maxConnections: number;
  idleMs: number;
}

/** RFC 5389 §7.2.2: a STUN message over a stream is its header's length field + 20 bytes. */
const stunFramer: Framer = (buffer) => {
  if (buffer.length < HEADER_LENGTH) return 'more';
  const length = HEADER_LENGTH + buffer.readUInt16BE(2);
  if ((buffer[0]! & 0xc0) !== 0 || length > MAX_STUN_TCP) return 'bad';
  return buffer.length >= length ? length : 'more';
};

/** Listens for STUN over TCP and connect-back requests on the primary address and port. */
export async function startControlTcp(
  layout: ServerLayout,
  ctx: ServiceContext,
  options: ControlOptions,
): Promise<Service> {
  const server = createServer({ pauseOnConnect: false });
  const open = serveStream(
    server,
    ctx,
    {
      maxConnections: options.maxConnections,
      idleMs: options.idleMs,
      maxPerSource: 4,
      maxBuffer: MAX_STUN_TCP,
      maxMessages: 4,
    },
    stunFramer,
    async (message, socket) => {
      const source = { address: socket.remoteAddress!, port: socket.remotePort! };
      const outcome = handleStunRequest(message, { source, arrivedOn: 'PP', transport: 'tcp' }, layout);
      if (outcome.kind === 'drop') {
        ctx.counters.inc(`stun.dropped.${outcome.reason}`);
        return null;
      }
      ctx.counters.inc('stun.requests');
      if (outcome.kind === 'answer') {
        countAnswer(ctx, outcome.status);
        return outcome.data;
      }
      ctx.counters.inc('connect-back.requests');
      const request = outcome.request;
      if (options.limiter.take(source.address) !== 'ok') {
        ctx.counters.inc('rate-limited.connect-back');
        return buildConnectBackAnswer(message, source, allWith(request, ConnectStatus.RateLimited), layout);
      }
      const results = await runConnectBack(source.address, request, options.allowed, options.connector);
      for (const r of results) {
        if (r.status === ConnectStatus.NotAllowed) ctx.counters.inc('connect-back.refused.not-allowed');
        else ctx.counters.inc('connect-back.attempts');
        if (r.status === ConnectStatus.Connected) ctx.counters.inc('connect-back.connected');
      }
      return buildConnectBackAnswer(message, source, results, layout);
    },
  );
  await listenTcp(server, layout.primary, layout.port, `STUN and connect-back on ${layout.primary}:${layout.port}/tcp`);
  return { close: () => closeTcp(server, open) };
}
