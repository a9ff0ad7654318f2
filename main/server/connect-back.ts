/**
 * TCP connect-back: the server opens a TCP connection to the client's own address on each port it
 * asked for, and reports which connected, so the checker learns whether its router forwards those
 * TCP ports (SIP over TCP 5060, TLS 5061, the tunnel 5090).
 *
 * Why this shape cannot be abused:
 * - the request arrives over TCP (a STUN Binding request with VFC-CONNECT-BACK on the control
 *   port, RFC 5389 §7.2.2 framing), so its source address was proven by the three-way handshake:
 *   nobody can make us connect to an address that did not just connect to us;
 * - the target is that source address, never an address named in the request;
 * - only ports in the allowed list (default 5060, 5061, 5090) are tried, at most 8 per request;
 * - requests are capped per source per minute and globally (token buckets, rate-limit.ts);
 * - each connection only carries `VFC <token>\r\n` (the client's own token back to the client)
 *   and is closed; a connect attempt gives up after a short timeout.
 */
import { connect } from 'node:net';
import { ConnectStatus, type ConnectBackRequest, type ConnectStatusCode } from './vfc-protocol';

/** Default ports a client may ask the server to connect back to. */
export const DEFAULT_CONNECT_BACK_PORTS = [5060, 5061, 5090];
/** How long one connect attempt may take. */
export const CONNECT_TIMEOUT_MS = 3000;

/** Opens one TCP connection, writes `line`, closes; resolves with the outcome. Tests pass fakes. */
export type Connector = (target: { address: string; port: number }, line: string) => Promise<ConnectStatusCode>;

/** One result per asked port, in the order asked. */
export type ConnectResults = { port: number; status: ConnectStatusCode }[];

/**
 * Tries every asked port of `request` on `source` (the address the request came from) in
 * parallel; ports outside `allowed` are reported as not allowed and never tried.
 */
export async function runConnectBack(
  source: string,
  request: ConnectBackRequest,
  allowed: readonly number[],
  connector: Connector,
): Promise<ConnectResults> {
  const line = `VFC ${request.token.toString('hex')}\r\n`;
  return Promise.all(
    request.ports.map(async (port) => {
      if (!allowed.includes(port)) return { port, status: ConnectStatus.NotAllowed };
      try {
        return { port, status: await connector({ address: source, port }, line) };
      } catch {
        return { port, status: ConnectStatus.Failed };
      }
    }),
  );
}

/** All ports of a request marked with one status (rate-limited, for one). */
export function allWith(request: ConnectBackRequest, status: ConnectStatusCode): ConnectResults {
  return request.ports.map((port) => ({ port, status }));
}

/** The real connector: node:net from `localAddress`, with a timeout; never reads what comes back. */
export function nodeConnector(localAddress: string, timeoutMs = CONNECT_TIMEOUT_MS): Connector {
  return (target, line) =>
    new Promise((resolve) => {
      let settled = false;
      const socket = connect({ host: target.address, port: target.port, localAddress });
      const done = (status: ConnectStatusCode): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (status === ConnectStatus.Connected) socket.end(line);
        else socket.destroy();
        resolve(status);
      };
      const timer = setTimeout(() => done(ConnectStatus.Timeout), timeoutMs);
      socket.once('connect', () => done(ConnectStatus.Connected));
      socket.on('data', () => undefined); // what the client sends is not read
      socket.on('error', (error: NodeJS.ErrnoException) =>
        done(error.code === 'ECONNREFUSED' ? ConnectStatus.Refused : ConnectStatus.Failed),
      );
      // Closed without ever connecting counts as failed; after 'connect' this is a no-op.
      socket.once('close', () => done(ConnectStatus.Failed));
      // A half-closed socket left by end() is destroyed shortly after, so no connection lingers.
      socket.once('finish', () => setTimeout(() => socket.destroy(), 1000).unref());
    });
}
