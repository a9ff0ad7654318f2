/**
 * Binding the server's sockets, with errors an operator can act on (ports below 1024 need
 * CAP_NET_BIND_SERVICE, see log.ts) and one place that closes everything on the way out.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Server } from 'node:net';
import { isIpv4 } from '../../shared/address';
import { describeBindError } from './log';

/** Binds a UDP socket on `host:port`; rejects with an operator-facing message. */
export function bindUdp(host: string, port: number, what: string): Promise<Socket> {
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
export function closeUdp(socket: Socket): Promise<void> {
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
