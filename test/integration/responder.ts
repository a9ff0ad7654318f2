/**
 * A two-address STUN responder of our own on loopback (127.0.0.1 and 127.0.0.2 are both local on
 * Linux), for integration and end-to-end tests. It can behave like a good RFC 5780 server, an
 * RFC 3489 one, or like each broken server the checker must recognise; and it can play the NAT by
 * dropping answers for chosen client ports.
 *
 * Responses are encoded by hand (RFC 5389 §15) rather than with the engine's codec, so the tests
 * exercise the decoder against an independent encoder.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { changeFlags, serverAnswer, type Behaviour } from '../support/stun-wire';

export type { Behaviour } from '../support/stun-wire';

/** Options of the responder. */
export interface ResponderOptions {
  behaviour?: Behaviour;
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
  const behaviour = options.behaviour ?? 'rfc5780';
  const primarySocket = await bindOn(options.primaryHost ?? '127.0.0.1', 0);
  const alternateSocket = await bindOn(options.alternateHost ?? '127.0.0.2', 0);
  const primary = { address: primarySocket.address().address, port: primarySocket.address().port };
  const alternate = { address: alternateSocket.address().address, port: alternateSocket.address().port };
  const received: Responder['received'] = [];

  const answer = (request: Buffer, from: RemoteInfo, arrivedAt: 'primary' | 'alternate'): void => {
    if (request.length < 20 || request.readUInt16BE(0) !== 0x0001) return;
    const change = changeFlags(request);
    received.push({ to: arrivedAt, from, change });
    if (options.dropOutbound?.(from.port)) return;
    const mapped = { address: from.address, port: options.mapPort ? options.mapPort(from.port) : from.port };
    const reply = serverAnswer(behaviour, request, mapped, arrivedAt, primary, alternate);
    if (!reply) return;
    if (reply.via === 'alternate' && arrivedAt === 'primary' && options.dropInbound?.(from.port)) return;
    (reply.via === 'primary' ? primarySocket : alternateSocket).send(reply.data, from.port, from.address);
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
