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

/** How the responder behaves. */
export type Behaviour =
  | 'rfc5780' // OTHER-ADDRESS, XOR-MAPPED-ADDRESS, honours CHANGE-REQUEST
  | 'rfc3489' // CHANGED-ADDRESS + MAPPED-ADDRESS only, honours CHANGE-REQUEST
  | 'ignore-change' // advertises a second address but answers change requests from the primary
  | 'no-other' // no second address advertised
  | 'zero-other' // advertises 0.0.0.0:port, drops change requests (stund without -a)
  | 'error-420' // answers change requests with 420 Unknown Attribute
  | 'malformed'; // answers garbage carrying the transaction ID

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

const COOKIE = 0x2112a442;

function address(type: number, ip: string, port: number, xorWith?: Buffer): Buffer {
  const value = Buffer.alloc(8);
  value[1] = 0x01;
  const ipBytes = Buffer.from(ip.split('.').map(Number));
  if (xorWith) {
    value.writeUInt16BE(port ^ (COOKIE >>> 16), 2);
    for (let i = 0; i < 4; i++) value[4 + i] = ipBytes[i]! ^ xorWith[i]!;
  } else {
    value.writeUInt16BE(port, 2);
    ipBytes.copy(value, 4);
  }
  return attribute(type, value);
}

function attribute(type: number, value: Buffer): Buffer {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

function message(type: number, header: Buffer, attributes: Buffer[]): Buffer {
  const body = Buffer.concat(attributes);
  const out = Buffer.alloc(20 + body.length);
  out.writeUInt16BE(type, 0);
  out.writeUInt16BE(body.length, 2);
  header.subarray(4, 20).copy(out, 4); // cookie + transaction ID echoed
  body.copy(out, 20);
  return out;
}

function changeFlags(request: Buffer): number {
  let offset = 20;
  while (offset + 4 <= request.length) {
    const type = request.readUInt16BE(offset);
    const length = request.readUInt16BE(offset + 2);
    if (type === 0x0003 && length === 4) return request.readUInt32BE(offset + 4);
    offset += 4 + Math.ceil(length / 4) * 4;
  }
  return 0;
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
    const mappedPort = options.mapPort ? options.mapPort(from.port) : from.port;
    const wantsChange = arrivedAt === 'primary' && (change & 0x06) !== 0;
    const cookie = request.subarray(4, 8);
    const mapped = [address(0x0020, from.address, mappedPort, cookie)];
    let other: Buffer[] = [];
    if (behaviour === 'rfc5780' || behaviour === 'ignore-change' || behaviour === 'error-420') {
      other = [address(0x802c, alternate.address, alternate.port)];
    } else if (behaviour === 'rfc3489') {
      mapped.splice(0, 1, address(0x0001, from.address, mappedPort));
      other = [address(0x0005, alternate.address, alternate.port)];
    } else if (behaviour === 'zero-other') {
      other = [address(0x0005, '0.0.0.0', alternate.port)];
    }
    let reply = message(0x0101, request, [...mapped, ...other]);
    let via = arrivedAt === 'primary' ? primarySocket : alternateSocket;
    if (wantsChange) {
      if (behaviour === 'zero-other' || behaviour === 'no-other') return; // silently dropped
      if (behaviour === 'error-420') {
        const error = Buffer.from([0, 0, 4, 20, ...Buffer.from('Unknown Attribute')]);
        reply = message(0x0111, request, [attribute(0x0009, error), attribute(0x000a, Buffer.from([0, 3, 0, 0]))]);
      } else if (behaviour !== 'ignore-change') {
        via = alternateSocket;
        if (options.dropInbound?.(from.port)) return;
      }
    }
    if (behaviour === 'malformed') {
      reply = Buffer.concat([request.subarray(0, 20), Buffer.from([0, 0x20, 0, 40])]);
      reply.writeUInt16BE(0x0101, 0);
      reply.writeUInt16BE(4, 2);
    }
    via.send(reply, from.port, from.address);
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
