/**
 * SIP echo on the primary address, over UDP and TCP (RFC 3261 §18): datagrams and framed stream
 * messages go through the rate limiter, then the pure echo (sip-echo.ts); answers go back to the
 * source address and port (UDP) or on the same connection (TCP), never anywhere a header names.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { handleSipRequest, MAX_SIP_BYTES, nextStreamMessage, skip, type SipOutcome } from './sip-echo';
import {
  admit,
  bindUdp,
  closeTcp,
  closeUdp,
  listenTcp,
  serveStream,
  type Service,
  type ServiceContext,
} from './sockets';

/** TCP limits of the SIP echo. */
export interface SipOptions {
  maxConnections: number;
  idleMs: number;
}

const tag = (): string => `vfc${randomBytes(4).toString('hex')}`;

function count(ctx: ServiceContext, outcome: SipOutcome): void {
  if (outcome.kind === 'answer') ctx.counters.inc('sip.answers');
  else ctx.counters.inc(`sip.dropped.${outcome.reason}`);
}

/** Starts the SIP echo on `host:port` over UDP and TCP. */
export async function startSip(host: string, port: number, ctx: ServiceContext, options: SipOptions): Promise<Service> {
  const udp = await bindUdp(host, port, `SIP echo on ${host}:${port}/udp`);
  udp.on('message', (data, from) => {
    if (!admit(ctx, from.address)) return;
    ctx.counters.inc('sip.requests');
    const outcome = handleSipRequest(data, { address: from.address, port: from.port }, 'udp', tag());
    count(ctx, outcome);
    if (outcome.kind === 'answer') {
      udp.send(outcome.data, from.port, from.address, (error) => {
        if (error) ctx.counters.inc('send.errors');
      });
    }
  });
  udp.on('error', () => ctx.counters.inc('send.errors'));

  const server = createServer();
  const open = serveStream(
    server,
    ctx,
    { ...options, maxPerSource: 8, maxBuffer: MAX_SIP_BYTES + 4, maxMessages: 16 },
    (buffer) => {
      // Keep-alive CRLFs are framed as their own (empty) message and skipped by the handler.
      const leading = skip(buffer);
      if (leading > 0) return leading;
      const next = nextStreamMessage(buffer);
      return next.kind === 'message' ? next.length : next.kind;
    },
    (message, socket) => {
      if (skip(message) === message.length) return Buffer.from('\r\n'); // RFC 5626 §3.5.1 pong
      if (!admit(ctx, socket.remoteAddress!)) return null;
      ctx.counters.inc('sip.requests');
      const outcome = handleSipRequest(
        message,
        { address: socket.remoteAddress!, port: socket.remotePort! },
        'tcp',
        tag(),
      );
      count(ctx, outcome);
      return outcome.kind === 'answer' ? outcome.data : outcome.reason === 'ack' ? Buffer.alloc(0) : null;
    },
  );
  try {
    await listenTcp(server, host, port, `SIP echo on ${host}:${port}/tcp`);
  } catch (error) {
    await closeUdp(udp);
    throw error;
  }
  return { close: async () => void (await Promise.all([closeUdp(udp), closeTcp(server, open)])) };
}
