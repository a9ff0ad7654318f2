/**
 * What every TCP listener of the server does the same way: a cap on open connections, the rate
 * limiter on each new connection, an idle timeout, a bounded input buffer, and a loop that hands
 * whole messages to a handler one at a time (the next is read only after the previous answered).
 */
import type { Server, Socket } from 'node:net';
import { admit, type ServiceContext } from './stun-udp';

/** Limits of one TCP service. */
export interface StreamLimits {
  maxConnections: number;
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
  server.on('connection', (socket) => {
    if (open.size >= limits.maxConnections || !socket.remoteAddress || !admit(ctx, socket.remoteAddress)) {
      if (open.size >= limits.maxConnections) ctx.counters.inc('tcp.refused.busy');
      socket.destroy();
      return;
    }
    ctx.counters.inc('tcp.connections');
    open.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(limits.idleMs, () => {
      ctx.counters.inc('tcp.timeouts');
      socket.destroy();
    });
    socket.on('close', () => open.delete(socket));
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
