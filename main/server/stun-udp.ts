/**
 * The STUN socket layer: four UDP sockets (primary and alternate IP × primary and alternate
 * port, RFC 5780 §4.2), each datagram through the rate limiter then the pure handler
 * (stun-handler.ts); the answer is sent from the socket the handler chose, to the datagram's
 * source address and port and nowhere else.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import { bindUdp, closeUdp } from './bind';
import type { Counters } from './log';
import type { RateLimiter } from './rate-limit';
import { socketEndpoint } from './stun-answer';
import { handleStunRequest, type ServerLayout, type SocketId } from './stun-handler';

/** What every socket layer of the server shares. */
export interface ServiceContext {
  limiter: RateLimiter;
  counters: Counters;
}

/** A running service: its bound addresses and how to stop it. */
export interface Service {
  close(): Promise<void>;
}

const IDS: readonly SocketId[] = ['PP', 'PA', 'AP', 'AA'];

/** Counts the limiter's verdict; true when the datagram may be handled. */
export function admit(ctx: ServiceContext, address: string): boolean {
  const verdict = ctx.limiter.take(address);
  if (verdict === 'ok') return true;
  ctx.counters.inc(verdict === 'source' ? 'rate-limited.source' : 'rate-limited.global');
  return false;
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
    ctx.counters.inc(
      outcome.status === 200 ? 'stun.answers' : outcome.status === 400 ? 'stun.errors.400' : 'stun.errors.420',
    );
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
