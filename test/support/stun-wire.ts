/**
 * A tiny, independent STUN response encoder for tests (RFC 5389 §6, §15), so the engine's decoder
 * is exercised against bytes it did not produce itself.
 */

const COOKIE = 0x2112a442;

/** Attribute types the test servers send. */
export const T = {
  MAPPED: 0x0001,
  SOURCE: 0x0004,
  CHANGED: 0x0005,
  ERROR: 0x0009,
  UNKNOWN_ATTRIBUTES: 0x000a,
  XOR_MAPPED: 0x0020,
  OTHER: 0x802c,
  ORIGIN: 0x802b,
} as const;

/** One attribute, padded to 4 bytes. */
export function attribute(type: number, value: Buffer): Buffer {
  const out = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  out.writeUInt16BE(type, 0);
  out.writeUInt16BE(value.length, 2);
  value.copy(out, 4);
  return out;
}

/** An IPv4 address attribute; XORed with the request's cookie when `xorWith` is given. */
export function addressAttribute(type: number, ip: string, port: number, xorWith?: Buffer): Buffer {
  const value = Buffer.alloc(8);
  value[1] = 0x01;
  const bytes = ip.split('.').map(Number);
  if (xorWith) {
    value.writeUInt16BE(port ^ (COOKIE >>> 16), 2);
    for (let i = 0; i < 4; i++) value[4 + i] = bytes[i]! ^ xorWith[i]!;
  } else {
    value.writeUInt16BE(port, 2);
    for (let i = 0; i < 4; i++) value[4 + i] = bytes[i]!;
  }
  return attribute(type, value);
}

/** An ERROR-CODE attribute (RFC 5389 §15.6). */
export function errorAttribute(code: number, reason: string): Buffer {
  return attribute(T.ERROR, Buffer.from([0, 0, Math.floor(code / 100), code % 100, ...Buffer.from(reason)]));
}

/** A message answering `request` (its cookie and transaction ID echoed). */
export function response(type: number, request: Buffer, attributes: Buffer[]): Buffer {
  const body = Buffer.concat(attributes);
  const out = Buffer.alloc(20 + body.length);
  out.writeUInt16BE(type, 0);
  out.writeUInt16BE(body.length, 2);
  request.subarray(4, 20).copy(out, 4);
  body.copy(out, 20);
  return out;
}

/** The CHANGE-REQUEST flags of a request (0 when absent). */
export function changeFlags(request: Buffer): number {
  let offset = 20;
  while (offset + 4 <= request.length) {
    const type = request.readUInt16BE(offset);
    const length = request.readUInt16BE(offset + 2);
    if (type === 0x0003 && length === 4) return request.readUInt32BE(offset + 4);
    offset += 4 + Math.ceil(length / 4) * 4;
  }
  return 0;
}

/** Server behaviours shared by the loopback responder and the simulated network. */
export type Behaviour =
  | 'rfc5780' // OTHER-ADDRESS + XOR-MAPPED-ADDRESS, honours CHANGE-REQUEST
  | 'rfc3489' // CHANGED-ADDRESS + MAPPED-ADDRESS only, honours CHANGE-REQUEST
  | 'ignore-change' // advertises a second address but answers change requests from the primary
  | 'no-other' // advertises no second address, drops change requests
  | 'zero-other' // advertises 0.0.0.0 (stund without -a), drops change requests
  | 'same-ip-other' // advertises a second address on its own IP
  | 'silent-other' // advertises a second address that never answers
  | 'drop-change' // advertises a good second address but silently drops change requests
  | 'error-420' // answers change requests with 420 Unknown Attribute
  | 'rewritten' // XOR-MAPPED and MAPPED disagree (a SIP ALG rewrote one)
  | 'malformed'; // answers garbage carrying the transaction ID

/** An address and port. */
export interface Addr {
  address: string;
  port: number;
}

/** What a two-address server sends back for one request: datagrams and the address they leave from. */
export function serverAnswer(
  behaviour: Behaviour,
  request: Buffer,
  from: Addr,
  arrivedAt: 'primary' | 'alternate',
  primary: Addr,
  alternate: Addr,
): { via: 'primary' | 'alternate'; data: Buffer } | null {
  if (request.length < 20 || request.readUInt16BE(0) !== 0x0001) return null;
  if (arrivedAt === 'alternate' && behaviour === 'silent-other') return null;
  const change = arrivedAt === 'primary' ? changeFlags(request) & 0x06 : 0;
  const cookie = request.subarray(4, 8);
  const attrs: Buffer[] = [];
  if (behaviour === 'rfc3489') attrs.push(addressAttribute(T.MAPPED, from.address, from.port));
  else attrs.push(addressAttribute(T.XOR_MAPPED, from.address, from.port, cookie));
  if (behaviour === 'rewritten') attrs.push(addressAttribute(T.MAPPED, '192.0.2.99', from.port));
  if (['rfc5780', 'ignore-change', 'error-420', 'silent-other', 'drop-change', 'rewritten'].includes(behaviour)) {
    attrs.push(addressAttribute(T.OTHER, alternate.address, alternate.port));
  } else if (behaviour === 'rfc3489') {
    attrs.push(addressAttribute(T.CHANGED, alternate.address, alternate.port));
  } else if (behaviour === 'zero-other') {
    attrs.push(addressAttribute(T.CHANGED, '0.0.0.0', alternate.port));
  } else if (behaviour === 'same-ip-other') {
    attrs.push(addressAttribute(T.OTHER, primary.address, primary.port + 1));
  }
  if (behaviour === 'malformed') {
    const broken = Buffer.concat([request.subarray(0, 20), Buffer.from([0, 0x20, 0, 40])]);
    broken.writeUInt16BE(0x0101, 0);
    broken.writeUInt16BE(4, 2);
    return { via: arrivedAt, data: broken };
  }
  if (change !== 0) {
    if (['no-other', 'zero-other', 'same-ip-other', 'drop-change'].includes(behaviour)) return null;
    if (behaviour === 'error-420') {
      return {
        via: 'primary',
        data: response(0x0111, request, [
          errorAttribute(420, 'Unknown Attribute'),
          attribute(T.UNKNOWN_ATTRIBUTES, Buffer.from([0, 3, 0, 0])),
        ]),
      };
    }
    if (behaviour !== 'ignore-change') return { via: 'alternate', data: response(0x0101, request, attrs) };
  }
  return { via: arrivedAt, data: response(0x0101, request, attrs) };
}
