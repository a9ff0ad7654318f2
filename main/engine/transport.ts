/**
 * The only module that touches node:dgram. Everything above it sees a small socket interface, so
 * unit tests swap in a simulated network.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Endpoint } from './stun/codec';

/** A datagram received, with where it came from. */
export interface Datagram {
  data: Buffer;
  from: Endpoint;
}

/** One bound UDP socket. */
export interface UdpSocket {
  readonly localPort: number;
  /** Sends one datagram; resolves with an error code (e.g. `ENETUNREACH`) instead of throwing. */
  send(data: Buffer, to: Endpoint): Promise<string | null>;
  /** Subscribes to incoming datagrams; returns the unsubscribe function. */
  onMessage(handler: (datagram: Datagram) => void): () => void;
  /** Closes the socket; safe to call twice. */
  close(): void;
}

/** Why a bind failed, with the OS error code (`EADDRINUSE`, `EACCES`, `EMFILE`…). */
export class BindError extends Error {
  constructor(
    readonly code: string,
    readonly port: number,
  ) {
    super(`cannot bind UDP port ${port}: ${code}`);
    this.name = 'BindError';
  }
}

/** Opens UDP sockets. */
export interface Transport {
  /** Binds UDP/IPv4 `port` (0: any) on all local addresses; rejects with BindError. */
  bind(port: number): Promise<UdpSocket>;
}

/** Counts datagrams in both directions (sent: only those the OS accepted), for the report and the benchmark. */
export interface TrafficCounter {
  sent: number;
  received: number;
}

/** The real transport over node:dgram. `open` tracks live sockets, so tests can prove cleanup. */
export function createNodeTransport(options: { bindAddress?: string } = {}): Transport & { open: () => number } {
  let open = 0;
  return {
    open: () => open,
    bind(port) {
      return new Promise((resolve, reject) => {
        let socket: Socket;
        try {
          socket = createSocket({ type: 'udp4', reuseAddr: false });
        } catch (error) {
          reject(new BindError((error as NodeJS.ErrnoException).code ?? 'EUNKNOWN', port));
          return;
        }
        const onBindError = (error: NodeJS.ErrnoException): void => {
          socket.close();
          reject(new BindError(error.code ?? 'EUNKNOWN', port));
        };
        socket.once('error', onBindError);
        socket.bind({ port, address: options.bindAddress ?? '0.0.0.0', exclusive: true }, () => {
          socket.off('error', onBindError);
          // Errors after bind (ICMP-driven on some systems) are not fatal to a probe.
          socket.on('error', () => undefined);
          open++;
          resolve(wrapSocket(socket, () => open--));
        });
      });
    },
  };
}

function wrapSocket(socket: Socket, onClosed: () => void): UdpSocket {
  const handlers = new Set<(datagram: Datagram) => void>();
  let closed = false;
  const localPort = socket.address().port;
  socket.on('message', (data, rinfo) => {
    const datagram = { data, from: { address: rinfo.address, port: rinfo.port } };
    for (const handler of handlers) handler(datagram);
  });
  return {
    localPort,
    send(data, to) {
      if (closed) return Promise.resolve('ECLOSED');
      return new Promise((resolve) => {
        socket.send(data, to.port, to.address, (error) => {
          resolve(error ? ((error as NodeJS.ErrnoException).code ?? 'ESEND') : null);
        });
      });
    },
    onMessage(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    close() {
      if (closed) return;
      closed = true;
      handlers.clear();
      socket.close();
      onClosed();
    },
  };
}

/** Wraps a transport so every socket it opens counts its datagrams into `counter`. */
export function countingTransport(inner: Transport, counter: TrafficCounter): Transport {
  return {
    async bind(port) {
      const socket = await inner.bind(port);
      socket.onMessage(() => {
        counter.received++;
      });
      return {
        localPort: socket.localPort,
        async send(data, to) {
          const error = await socket.send(data, to);
          if (error === null) counter.sent++; // a datagram the OS refused never left
          return error;
        },
        onMessage: (handler) => socket.onMessage(handler),
        close: () => socket.close(),
      };
    },
  };
}
