/**
 * The sockets of the tests only our server makes possible (SIP ALG, TCP forwards): the one file
 * of main/engine/ours that touches node:dgram and node:net, behind an interface the tests fake.
 * UDP sockets are connected (so the OS tells which local address it uses: the SIP request must
 * name it for an ALG to rewrite it); TCP listeners read only `VFC <token>` lines.
 */
import { createSocket } from 'node:dgram';
import { connect, createServer, type Socket } from 'node:net';
import type { Endpoint } from '../stun/codec';

/** A UDP socket or TCP connection to one peer. */
export interface Channel {
  /** The local address and port the OS picked or was asked for. */
  readonly local: Endpoint;
  send(data: Buffer): void;
  /** Registers the receiver of every datagram or stream chunk. */
  onData(handler: (data: Buffer) => void): void;
  close(): void;
}

/** A listening TCP port. */
export interface Listener {
  close(): void;
}

/** What the tests need from the network. */
export interface OursNet {
  /** A UDP socket on `localPort` (0: any) connected to `to`; rejects with the bind error. */
  udp(localPort: number, to: Endpoint): Promise<Channel>;
  /** A TCP connection to `to` (from `localPort` when given); rejects on error or after `timeoutMs`. */
  tcp(to: Endpoint, options: { localPort?: number; timeoutMs: number }): Promise<Channel>;
  /** Listens on TCP `port` on every address; `onLine` gets each first line (≤ 64 bytes) received. */
  listen(port: number, onLine: (line: string) => void): Promise<Listener>;
}

function channelOf(socket: Socket): Channel {
  return {
    local: { address: socket.localAddress ?? '', port: socket.localPort ?? 0 },
    send: (data) => void socket.write(data),
    onData: (handler) => void socket.on('data', handler),
    close: () => socket.destroy(),
  };
}

/** The real network. */
export const nodeNet: OursNet = {
  udp: (localPort, to) =>
    new Promise((resolve, reject) => {
      const family = to.address.includes(':') ? 'udp6' : 'udp4';
      const socket = createSocket({ type: family });
      socket.once('error', reject);
      socket.bind(localPort, () => {
        socket.connect(to.port, to.address, () => {
          socket.off('error', reject);
          socket.on('error', () => undefined); // ICMP errors on a connected socket: the test times out
          const address = socket.address();
          resolve({
            local: { address: address.address, port: address.port },
            send: (data) => socket.send(data, () => undefined),
            onData: (handler) => void socket.on('message', handler),
            close: () => {
              try {
                socket.close();
              } catch {
                // already closed
              }
            },
          });
        });
      });
    }),
  tcp: (to, options) =>
    new Promise((resolve, reject) => {
      const socket = connect({ host: to.address, port: to.port, localPort: options.localPort });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('ETIMEDOUT'));
      }, options.timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.on('error', () => socket.destroy());
        resolve(channelOf(socket));
      });
    }),
  listen: (port, onLine) =>
    new Promise((resolve, reject) => {
      const open = new Set<Socket>();
      const server = createServer((socket) => {
        open.add(socket);
        let text = '';
        socket.setTimeout(5000, () => socket.destroy());
        socket.on('data', (chunk) => {
          text += chunk.toString('latin1');
          const end = text.indexOf('\n');
          if (end >= 0 || text.length > 64) {
            onLine(text.slice(0, end >= 0 ? end : 64).trim());
            socket.destroy();
          }
        });
        socket.on('error', () => socket.destroy());
        socket.on('close', () => open.delete(socket));
      });
      server.once('error', reject);
      server.listen({ port, exclusive: true }, () => {
        server.off('error', reject);
        resolve({
          close: () => {
            for (const socket of open) socket.destroy();
            server.close();
          },
        });
      });
    }),
};
