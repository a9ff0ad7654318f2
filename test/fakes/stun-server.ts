/**
 * A STUN server for the simulated network, with its own small encoder (RFC 5389 §6 and §15,
 * RFC 5780 §7, RFC 3489 §11.2), written from the RFCs and independent of the engine's codec, so
 * the engine's decoder is exercised on bytes it did not produce.
 *
 * The server model follows stuntman's full mode: two IP addresses and two ports, four sockets.
 * The primary is IP1:P1 and the second address ("alternate") IP2:P2. A CHANGE-REQUEST with the
 * IP flag answers from the other IP, with the port flag from the other port; OTHER-ADDRESS is the
 * address differing in both from the one the request arrived on.
 */
import { crc32 } from 'node:zlib';
import type { Endpoint } from '../../main/engine/stun/codec';

/** RFC 5389 §6. */
export const COOKIE = 0x2112a442;

/** Message types (RFC 5389 §6, §18.1). */
export const TYPE = {
  BINDING_REQUEST: 0x0001,
  BINDING_SUCCESS: 0x0101,
  BINDING_ERROR: 0x0111,
  /** A Binding indication: STUN, but not a response. */
  BINDING_INDICATION: 0x0011,
} as const;

/** Attribute types (RFC 5389 §18.2, RFC 5780 §9.1, RFC 3489 §11.2). */
export const ATTR = {
  MAPPED_ADDRESS: 0x0001,
  CHANGE_REQUEST: 0x0003,
  SOURCE_ADDRESS: 0x0004,
  CHANGED_ADDRESS: 0x0005,
  ERROR_CODE: 0x0009,
  UNKNOWN_ATTRIBUTES: 0x000a,
  XOR_MAPPED_ADDRESS: 0x0020,
  SOFTWARE: 0x8022,
  FINGERPRINT: 0x8028,
  RESPONSE_ORIGIN: 0x802b,
  OTHER_ADDRESS: 0x802c,
} as const;

/** One attribute: type, length, value, padding to a multiple of 4 (RFC 5389 §15). */
export function encodeAttribute(type: number, value: Buffer): Buffer {
  const out = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  out.writeUInt16BE(type, 0);
  out.writeUInt16BE(value.length, 2);
  value.copy(out, 4);
  return out;
}

function ipv4Bytes(address: string): Buffer {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new RangeError(`not an IPv4 address: ${address}`);
  }
  return Buffer.from(parts);
}

/** MAPPED-ADDRESS-style value (RFC 5389 §15.1): 0, family 0x01, port, IPv4 address. */
export function addressValue(endpoint: Endpoint): Buffer {
  const out = Buffer.alloc(8);
  out[1] = 0x01;
  out.writeUInt16BE(endpoint.port, 2);
  ipv4Bytes(endpoint.address).copy(out, 4);
  return out;
}

/**
 * XOR-MAPPED-ADDRESS value (RFC 5389 §15.2): the port XOR the cookie's 16 high bits, the IPv4
 * address XOR the cookie. `cookie` is bytes 4–7 of the request (the magic cookie).
 */
export function xorAddressValue(endpoint: Endpoint, cookie: Buffer = cookieBytes()): Buffer {
  const out = addressValue(endpoint);
  out.writeUInt16BE(endpoint.port ^ (cookie.readUInt16BE(0) & 0xffff), 2);
  for (let i = 0; i < 4; i++) out[4 + i] = out[4 + i]! ^ cookie[i]!;
  return out;
}

/** ERROR-CODE value (RFC 5389 §15.6): 21 zero bits, class, number, UTF-8 reason. */
export function errorCodeValue(code: number, reason: string): Buffer {
  return Buffer.concat([Buffer.from([0, 0, Math.floor(code / 100) & 0x07, code % 100]), Buffer.from(reason, 'utf8')]);
}

/** The magic cookie as 4 bytes. */
export function cookieBytes(): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(COOKIE, 0);
  return out;
}

/** An attribute to encode. */
export interface RawAttribute {
  type: number;
  value: Buffer;
}

/** What to put in a message. */
export interface MessageSpec {
  type: number;
  /** Bytes 4–19: the cookie and the 12-byte transaction ID, as one 16-byte block (RFC 3489 style). */
  cookieAndId: Buffer;
  attributes?: readonly RawAttribute[];
  /** Append a FINGERPRINT (RFC 5389 §15.5). */
  fingerprint?: boolean;
}

/** Encodes a whole STUN message. */
export function encodeMessage(spec: MessageSpec): Buffer {
  if (spec.cookieAndId.length !== 16) throw new RangeError('cookie + transaction ID is 16 bytes');
  const body = Buffer.concat((spec.attributes ?? []).map((a) => encodeAttribute(a.type, a.value)));
  const header = Buffer.alloc(20);
  header.writeUInt16BE(spec.type, 0);
  header.writeUInt16BE(body.length + (spec.fingerprint ? 8 : 0), 2);
  spec.cookieAndId.copy(header, 4);
  const message = Buffer.concat([header, body]);
  if (!spec.fingerprint) return message;
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((crc32(message) ^ 0x5354554e) >>> 0, 0);
  return Buffer.concat([message, encodeAttribute(ATTR.FINGERPRINT, crc)]);
}

/** `cookie + id` for a 12-byte transaction ID. */
export function withCookie(transactionId: Buffer): Buffer {
  if (transactionId.length !== 12) throw new RangeError('a transaction ID is 12 bytes');
  return Buffer.concat([cookieBytes(), transactionId]);
}

/** A Binding Request as the server reads it. */
export interface ParsedRequest {
  /** Bytes 4–19 of the request, echoed in the answer. */
  cookieAndId: Buffer;
  /** 24 hex digits: bytes 8–19. */
  transactionId: string;
  changeIp: boolean;
  changePort: boolean;
}

/** Reads a Binding Request; null for anything else (a server ignores what it cannot parse). */
export function parseRequest(datagram: Buffer): ParsedRequest | null {
  if (datagram.length < 20 || datagram.readUInt16BE(0) !== TYPE.BINDING_REQUEST) return null;
  const length = datagram.readUInt16BE(2);
  if (length !== datagram.length - 20 || length % 4 !== 0) return null;
  let changeIp = false;
  let changePort = false;
  for (let offset = 20; offset + 4 <= datagram.length;) {
    const type = datagram.readUInt16BE(offset);
    const valueLength = datagram.readUInt16BE(offset + 2);
    if (offset + 4 + valueLength > datagram.length) return null;
    if (type === ATTR.CHANGE_REQUEST) {
      if (valueLength !== 4) return null;
      const flags = datagram.readUInt32BE(offset + 4);
      changeIp = (flags & 0x04) !== 0;
      changePort = (flags & 0x02) !== 0;
    }
    offset += 4 + Math.ceil(valueLength / 4) * 4;
  }
  return {
    cookieAndId: Buffer.from(datagram.subarray(4, 20)),
    transactionId: datagram.subarray(8, 20).toString('hex'),
    changeIp,
    changePort,
  };
}

/** How one simulated server behaves. Every axis is independent; see SERVER_PRESETS. */
export interface ServerBehaviour {
  /**
   * Mapped-address attributes in a success answer: `xor` (RFC 5389), `plain` (RFC 3489),
   * `both` with equal values (stuntman), `both-different` (MAPPED-ADDRESS rewritten on the path,
   * as a SIP ALG does, to `rewrittenTo`).
   */
  mapped: 'xor' | 'plain' | 'both' | 'both-different';
  /**
   * The second address advertised: `other` (OTHER-ADDRESS, RFC 5780), `changed` (CHANGED-ADDRESS,
   * RFC 3489), `none`, `unspecified` (CHANGED-ADDRESS 0.0.0.0:P2, stund without -a), `same-ip`
   * (OTHER-ADDRESS on the arrival IP, other port), `private` (OTHER-ADDRESS 10.0.0.2:P2: a server
   * behind NAT advertising its inside address).
   */
  advertise: 'other' | 'changed' | 'none' | 'unspecified' | 'same-ip' | 'private';
  /** A CHANGE-REQUEST: `honour`ed, `ignore`d (answered from the arrival address), `error-420`, `drop`ped. */
  change: 'honour' | 'ignore' | 'error-420' | 'drop';
  /** Whether anything listens on the second IP address (false: it never sends or answers). */
  secondIpAlive: boolean;
  /** Answer with garbage that carries the transaction ID: `never`, `always`, or only to change requests. */
  malformed: 'never' | 'always' | 'change-only';
  /** RESPONSE-ORIGIN (RFC 5780) or SOURCE-ADDRESS (RFC 3489) in answers. */
  origin: boolean;
  fingerprint: boolean;
  software: string | null;
  /** What MAPPED-ADDRESS says in `both-different` mode. */
  rewrittenTo: Endpoint;
  /** The IP advertised in `private` mode (an address of another scope than the server's). */
  insideIp: string;
}

const RFC5780: ServerBehaviour = {
  mapped: 'both',
  advertise: 'other',
  change: 'honour',
  secondIpAlive: true,
  malformed: 'never',
  origin: true,
  fingerprint: true,
  software: 'sim stuntman',
  rewrittenTo: { address: '192.168.1.10', port: 1 },
  insideIp: '10.0.0.2',
};

/** The server behaviours the tests use by name. */
export const SERVER_PRESETS = {
  /** RFC 5780: XOR-MAPPED and MAPPED, OTHER-ADDRESS, RESPONSE-ORIGIN, FINGERPRINT, honours CHANGE-REQUEST. */
  rfc5780: RFC5780,
  /** RFC 3489 (Vovida stund): MAPPED-ADDRESS only, CHANGED-ADDRESS (0x0005), SOURCE-ADDRESS, no XOR. */
  rfc3489: { ...RFC5780, mapped: 'plain', advertise: 'changed', fingerprint: false, software: null },
  /** A second address, but change requests answered from the address they arrived on. */
  'ignores-change': { ...RFC5780, change: 'ignore' },
  /** A single-address server that answers CHANGE-REQUEST with 420 (stuntman basic mode), advertising OTHER-ADDRESS anyway. */
  'error-420': { ...RFC5780, change: 'error-420' },
  /** Advertises CHANGED-ADDRESS 0.0.0.0:3479 (stund without a second address). */
  'advertises-unspecified': { ...RFC5780, advertise: 'unspecified', mapped: 'plain', change: 'drop' },
  /** Advertises a second address on its own IP. */
  'advertises-same-ip': { ...RFC5780, advertise: 'same-ip', change: 'drop' },
  /** Advertises a private second address (its inside address, behind NAT). */
  'advertises-private': { ...RFC5780, advertise: 'private', change: 'drop' },
  /** No second address at all (like Google's servers); 420 to change requests. */
  'no-second-address': { ...RFC5780, advertise: 'none', change: 'error-420' },
  /** Advertises a second address on which nothing answers (firewalled). */
  'silent-second-address': { ...RFC5780, secondIpAlive: false },
  /** Good second address, but change requests are silently dropped. */
  'drops-change': { ...RFC5780, change: 'drop' },
  /** Every answer is broken (an attribute runs past the end of the message). */
  malformed: { ...RFC5780, malformed: 'always' },
  /** XOR-MAPPED-ADDRESS and MAPPED-ADDRESS disagree: a SIP ALG rewrote the plain one. */
  'rewritten-mapped': { ...RFC5780, mapped: 'both-different' },
} satisfies Record<string, ServerBehaviour>;
export type ServerPreset = keyof typeof SERVER_PRESETS;

/** One request as the server saw it. */
export interface ServerLogEntry {
  at: number;
  from: Endpoint;
  to: Endpoint;
  changeIp: boolean;
  changePort: boolean;
}

/** An answer to send, and the server address it leaves from. */
export interface ServerAnswer {
  from: Endpoint;
  data: Buffer;
}

/** A two-IP, two-port STUN server. */
export class SimStunServer {
  behaviour: ServerBehaviour;
  readonly log: ServerLogEntry[] = [];

  constructor(
    readonly primary: Endpoint,
    readonly alternate: Endpoint,
    behaviour: ServerBehaviour | ServerPreset = 'rfc5780',
  ) {
    this.behaviour = { ...(typeof behaviour === 'string' ? SERVER_PRESETS[behaviour] : behaviour) };
  }

  /** Whether `to` is one of this server's four sockets. */
  owns(to: Endpoint): boolean {
    return (
      (to.address === this.primary.address || to.address === this.alternate.address) &&
      (to.port === this.primary.port || to.port === this.alternate.port)
    );
  }

  /** The address that differs from `at` in IP and/or port, as asked. */
  private flip(at: Endpoint, ip: boolean, port: boolean): Endpoint {
    const otherIp = at.address === this.primary.address ? this.alternate.address : this.primary.address;
    const otherPort = at.port === this.primary.port ? this.alternate.port : this.primary.port;
    return { address: ip ? otherIp : at.address, port: port ? otherPort : at.port };
  }

  private alive(endpoint: Endpoint): boolean {
    return this.behaviour.secondIpAlive || endpoint.address !== this.alternate.address;
  }

  /** What the server sends back for `datagram`, which arrived from `from` (as the server sees it) on `to`. */
  handle(datagram: Buffer, from: Endpoint, to: Endpoint, at: number): ServerAnswer | null {
    if (!this.owns(to) || !this.alive(to)) return null;
    const request = parseRequest(datagram);
    if (!request) return null;
    this.log.push({ at, from, to, changeIp: request.changeIp, changePort: request.changePort });
    const b = this.behaviour;
    const wantsChange = request.changeIp || request.changePort;
    let source = to;
    if (wantsChange) {
      if (b.change === 'drop') return null;
      if (b.change === 'error-420') {
        return {
          from: to,
          data: encodeMessage({
            type: TYPE.BINDING_ERROR,
            cookieAndId: request.cookieAndId,
            attributes: [
              { type: ATTR.ERROR_CODE, value: errorCodeValue(420, 'Unknown Attribute') },
              { type: ATTR.UNKNOWN_ATTRIBUTES, value: Buffer.from([0x00, 0x03]) },
            ],
            fingerprint: b.fingerprint,
          }),
        };
      }
      if (b.change === 'honour') source = this.flip(to, request.changeIp, request.changePort);
    }
    if (!this.alive(source)) return null;
    if (b.malformed === 'always' || (b.malformed === 'change-only' && wantsChange)) {
      return { from: source, data: malformedAnswer(request.cookieAndId) };
    }
    return { from: source, data: this.success(request, from, source, to) };
  }

  private success(request: ParsedRequest, client: Endpoint, source: Endpoint, arrivedOn: Endpoint): Buffer {
    const b = this.behaviour;
    const cookie = request.cookieAndId.subarray(0, 4);
    const attributes: RawAttribute[] = [];
    if (b.mapped === 'plain' || b.mapped === 'both') {
      attributes.push({ type: ATTR.MAPPED_ADDRESS, value: addressValue(client) });
    }
    if (b.mapped === 'both-different') {
      attributes.push({ type: ATTR.MAPPED_ADDRESS, value: addressValue(b.rewrittenTo) });
    }
    if (b.mapped !== 'plain') {
      attributes.push({ type: ATTR.XOR_MAPPED_ADDRESS, value: xorAddressValue(client, cookie) });
    }
    if (b.origin) {
      attributes.push({
        type: b.advertise === 'changed' ? ATTR.SOURCE_ADDRESS : ATTR.RESPONSE_ORIGIN,
        value: addressValue(source),
      });
    }
    const other = this.flip(arrivedOn, true, true);
    switch (b.advertise) {
      case 'other':
        attributes.push({ type: ATTR.OTHER_ADDRESS, value: addressValue(other) });
        break;
      case 'changed':
        attributes.push({ type: ATTR.CHANGED_ADDRESS, value: addressValue(other) });
        break;
      case 'unspecified':
        attributes.push({ type: ATTR.CHANGED_ADDRESS, value: addressValue({ address: '0.0.0.0', port: other.port }) });
        break;
      case 'same-ip':
        attributes.push({ type: ATTR.OTHER_ADDRESS, value: addressValue(this.flip(arrivedOn, false, true)) });
        break;
      case 'private':
        attributes.push({ type: ATTR.OTHER_ADDRESS, value: addressValue({ address: b.insideIp, port: other.port }) });
        break;
      case 'none':
        break;
    }
    if (b.software !== null) attributes.push({ type: ATTR.SOFTWARE, value: Buffer.from(b.software, 'utf8') });
    return encodeMessage({
      type: TYPE.BINDING_SUCCESS,
      cookieAndId: request.cookieAndId,
      attributes,
      fingerprint: b.fingerprint,
    });
  }
}

/** A success header with the request's ID and an XOR-MAPPED-ADDRESS claiming 40 bytes in a 4-byte body. */
export function malformedAnswer(cookieAndId: Buffer): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(TYPE.BINDING_SUCCESS, 0);
  header.writeUInt16BE(4, 2);
  cookieAndId.copy(header, 4);
  return Buffer.concat([header, Buffer.from([0x00, 0x20, 0x00, 40])]);
}
