/**
 * STUN over TCP on the primary address and port (RFC 5389 §7.2.2: messages framed by their own
 * length field): plain Binding requests are answered like over UDP (without CHANGE-REQUEST), and a
 * Binding request with VFC-CONNECT-BACK starts a connect-back to the connection's source address
 * (connect-back.ts). The TCP handshake proves that address, which UDP cannot.
 */
import { createServer } from 'node:net';
import { HEADER_LENGTH } from '../engine/stun/constants';
import { closeTcp, listenTcp } from './bind';
import { allWith, runConnectBack, type Connector } from './connect-back';
import type { RateLimiter } from './rate-limit';
import { buildConnectBackAnswer } from './stun-answer';
import { handleStunRequest, type ServerLayout } from './stun-handler';
import type { Service, ServiceContext } from './stun-udp';
import { serveStream, type Framer } from './tcp-conn';
import { ConnectStatus } from './vfc-protocol';

/** Largest STUN message taken over TCP: a request needs no more (RFC 5389 §7.1 keeps to 576). */
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
    { maxConnections: options.maxConnections, idleMs: options.idleMs, maxBuffer: MAX_STUN_TCP, maxMessages: 4 },
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
        ctx.counters.inc(
          outcome.status === 200 ? 'stun.answers' : outcome.status === 400 ? 'stun.errors.400' : 'stun.errors.420',
        );
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
