/**
 * A two-address STUN responder of our own on loopback (127.0.0.1 and 127.0.0.2 are both local on
 * Linux), for integration and end-to-end tests. Its answers come from the same server model as
 * the simulated network (test/fakes/stun-server.ts: every preset, from a good RFC 5780 server to
 * each broken one the checker must recognise), sent over real sockets; it can also play the NAT
 * by dropping answers for chosen client ports.
 *
 * The model encodes answers by hand (RFC 5389 §15) rather than with the engine's codec, so the
 * tests exercise the decoder against an independent encoder. It binds two of the model's four
 * sockets (IP1:P1 and IP2:P2); answers the model would send from the other two are dropped, and
 * the engine, which always asks to change IP and port together, never needs them.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { parseRequest, SimStunServer, type ServerPreset } from '../fakes/stun-server';

/** Options of the responder. */
export interface ResponderOptions {
  behaviour?: ServerPreset;
  primaryHost?: string;
  alternateHost?: string;
  /** Client ports whose requests are never answered (outbound blocked). */
  dropOutbound?: (clientPort: number) => boolean;
  /** Client ports whose answers from the second address are dropped (no port forward). */
  dropInbound?: (clientPort: number) => boolean;
  /** Rewrites the XOR-mapped port (a port-translating NAT). */
  mapPort?: (clientPort: number) => number;
}

/** A running responder. */
export interface Responder {
  primary: { address: string; port: number };
  alternate: { address: string; port: number };
  /** Requests received, by destination. */
  received: { to: 'primary' | 'alternate'; from: RemoteInfo; change: number }[];
  close(): Promise<void>;
}

function bindOn(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

/** Starts a responder on two loopback addresses, on free ports. */
export async function startResponder(options: ResponderOptions = {}): Promise<Responder> {
  const primarySocket = await bindOn(options.primaryHost ?? '127.0.0.1', 0);
  const alternateSocket = await bindOn(options.alternateHost ?? '127.0.0.2', 0);
  const primary = { address: primarySocket.address().address, port: primarySocket.address().port };
  const alternate = { address: alternateSocket.address().address, port: alternateSocket.address().port };
  const server = new SimStunServer(primary, alternate, options.behaviour ?? 'rfc5780');
  const received: Responder['received'] = [];
  const same = (a: { address: string; port: number }, b: { address: string; port: number }) =>
    a.address === b.address && a.port === b.port;

  const answer = (request: Buffer, from: RemoteInfo, arrivedAt: 'primary' | 'alternate'): void => {
    const parsed = parseRequest(request);
    if (!parsed) return;
    received.push({ to: arrivedAt, from, change: (parsed.changeIp ? 0x04 : 0) | (parsed.changePort ? 0x02 : 0) });
    if (options.dropOutbound?.(from.port)) return;
    const mapped = { address: from.address, port: options.mapPort ? options.mapPort(from.port) : from.port };
    const reply = server.handle(request, mapped, arrivedAt === 'primary' ? primary : alternate, Date.now());
    if (!reply) return;
    const via = same(reply.from, primary) ? primarySocket : same(reply.from, alternate) ? alternateSocket : null;
    if (!via) return; // one of the model's two sockets this responder does not bind
    if (via === alternateSocket && arrivedAt === 'primary' && options.dropInbound?.(from.port)) return;
    via.send(reply.data, from.port, from.address);
  };
  primarySocket.on('message', (data, from) => answer(data, from, 'primary'));
  alternateSocket.on('message', (data, from) => answer(data, from, 'alternate'));

  return {
    primary,
    alternate,
    received,
    close: async () => {
      await Promise.all([primarySocket, alternateSocket].map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
