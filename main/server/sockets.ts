/**
 * The socket plumbing every service of the server shares: binding with errors an operator can act
 * on (ports below 1024 need CAP_NET_BIND_SERVICE, see log.ts), closing, the rate limiter at the
 * door, and the TCP loop: a cap on open connections, the limiter on each new connection, an idle
 * timeout, a bounded input buffer, and whole messages handed to a handler one at a time (the next
 * is read only after the previous one was answered).
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { Server, Socket } from 'node:net';
import { isIpv4 } from '../../shared/address';
import { describeBindError, type Counters } from './log';
import type { RateLimiter } from './rate-limit';

/** What every socket layer of the server shares. */
export interface ServiceContext {
  limiter: RateLimiter;
  counters: Counters;
}

/** A running service: how to stop it. */
export interface Service {
  close(): Promise<void>;
}

/** Counts the limiter's verdict; true when the datagram may be handled. */
export function admit(ctx: ServiceContext, address: string): boolean {
  const verdict = ctx.limiter.take(address);
  if (verdict === 'ok') return true;
  ctx.counters.inc(verdict === 'source' ? 'rate-limited.source' : 'rate-limited.global');
  return false;
}

/** Binds a UDP socket on `host:port`; rejects with an operator-facing message. */
export function bindUdp(host: string, port: number, what: string): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: isIpv4(host) ? 'udp4' : 'udp6', reuseAddr: false });
    socket.once('error', (error) => {
      socket.close();
      reject(new Error(describeBindError(error, what, port)));
    });
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

/** Starts `server` listening on `host:port`; rejects with an operator-facing message. */
export function listenTcp(server: Server, host: string, port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(new Error(describeBindError(error, what, port)));
    server.once('error', onError);
    server.listen({ host, port, exclusive: true, backlog: 128 }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Closes a UDP socket, ignoring one already closed. */
export function closeUdp(socket: UdpSocket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}

/** Stops a TCP server and destroys its open connections. */
export function closeTcp(server: Server, open: Set<{ destroy(): void }>): Promise<void> {
  for (const connection of open) connection.destroy();
  open.clear();
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}

/** Limits of one TCP service. */
export interface StreamLimits {
  maxConnections: number;
  /** Connections one source address may hold open at once (so one address cannot fill the rest). */
  maxPerSource: number;
  idleMs: number;
  /** Largest buffered input; a connection that needs more is closed. */
  maxBuffer: number;
  /** Messages answered per connection before it is closed. */
  maxMessages: number;
}

/** Splits the next message off a buffer: its length, 'more', or 'bad' (close the connection). */
export type Framer = (buffer: Buffer) => number | 'more' | 'bad';

/** Handles one message; resolves with the bytes to write back, or null to close the connection. */
export type MessageHandler = (message: Buffer, socket: Socket) => Promise<Buffer | null> | Buffer | null;

/** Serves connections on `server` with `framer` and `handler`; returns the set of open sockets. */
export function serveStream(
  server: Server,
  ctx: ServiceContext,
  limits: StreamLimits,
  framer: Framer,
  handler: MessageHandler,
): Set<Socket> {
  const open = new Set<Socket>();
  const perSource = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress;
    const full =
      open.size >= limits.maxConnections || (address && (perSource.get(address) ?? 0) >= limits.maxPerSource);
    if (full || !address || !admit(ctx, address)) {
      if (full) ctx.counters.inc('tcp.refused.busy');
      socket.destroy();
      return;
    }
    ctx.counters.inc('tcp.connections');
    open.add(socket);
    perSource.set(address, (perSource.get(address) ?? 0) + 1);
    socket.setNoDelay(true);
    socket.setTimeout(limits.idleMs, () => {
      ctx.counters.inc('tcp.timeouts');
      socket.destroy();
    });
    socket.on('close', () => {
      open.delete(socket);
      const left = (perSource.get(address) ?? 1) - 1;
      if (left > 0) perSource.set(address, left);
      else perSource.delete(address); // the map holds open connections only: bounded by maxConnections
    });
    socket.on('error', () => socket.destroy());
    let buffer = Buffer.alloc(0);
    let busy = false;
    let answered = 0;
    const pump = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      try {
        for (;;) {
          const length = framer(buffer);
          if (length === 'more') break;
          if (length === 'bad' || answered >= limits.maxMessages) return void socket.destroy();
          const message = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          const reply = await handler(message, socket);
          if (!reply || socket.destroyed) return void socket.destroy();
          answered++;
          socket.write(reply);
        }
      } finally {
        busy = false;
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length > limits.maxBuffer) return void socket.destroy();
      void pump();
    });
  });
  return open;
}
