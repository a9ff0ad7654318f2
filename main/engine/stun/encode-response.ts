/**
 * STUN message writer for answers (the test server) and for our own extension requests: header
 * (RFC 5389 §6), attributes with padding (§15), address values (§15.1, §15.2), ERROR-CODE
 * (§15.6), UNKNOWN-ATTRIBUTES (§15.9) and FINGERPRINT (§15.5). Written by hand, with no
 * dependency, so the server needs nothing outside node:. RFC 3489 messages (no magic cookie) use
 * the same layout: their 16-byte transaction ID takes the place of cookie + ID.
 */
import { crc32 } from 'node:zlib';
import { parseIp } from '../../../shared/address';
import { Attr, FINGERPRINT_XOR, HEADER_LENGTH, MAGIC_COOKIE } from './constants';

/** One attribute to write: its type and unpadded value. */
export interface OutAttribute {
  type: number;
  value: Buffer;
}

/** What a message is made of. */
export interface OutMessage {
  type: number;
  /** Bytes 4–19 of the header: magic cookie + 12-byte ID (RFC 5389), or a 16-byte ID (RFC 3489). */
  head: Buffer;
  attributes: readonly OutAttribute[];
  /** Append FINGERPRINT (RFC 5389 §15.5) as the last attribute. */
  fingerprint?: boolean;
}

/** Bytes an attribute takes on the wire: 4-byte header + value padded to 4 (RFC 5389 §15). */
export function attributeSize(valueLength: number): number {
  return 4 + valueLength + ((4 - (valueLength % 4)) % 4);
}

/** Size of the FINGERPRINT attribute on the wire. */
export const FINGERPRINT_SIZE = attributeSize(4);

/** Encodes a whole message (RFC 5389 §6 header, §15 attributes), FINGERPRINT last when asked. */
export function encodeMessage(message: OutMessage): Buffer {
  if (message.head.length !== 16) throw new RangeError('the header after the length field is 16 bytes');
  const body = message.attributes.reduce((n, a) => n + attributeSize(a.value.length), 0);
  const total = HEADER_LENGTH + body + (message.fingerprint ? FINGERPRINT_SIZE : 0);
  const out = Buffer.alloc(total); // zero-filled: padding bytes are 0
  out.writeUInt16BE(message.type, 0);
  out.writeUInt16BE(total - HEADER_LENGTH, 2);
  message.head.copy(out, 4);
  let offset = HEADER_LENGTH;
  for (const attr of message.attributes) {
    out.writeUInt16BE(attr.type, offset);
    out.writeUInt16BE(attr.value.length, offset + 2);
    attr.value.copy(out, offset + 4);
    offset += attributeSize(attr.value.length);
  }
  if (message.fingerprint) {
    out.writeUInt16BE(Attr.Fingerprint, offset);
    out.writeUInt16BE(4, offset + 2);
    // §15.5: CRC-32 of the message up to FINGERPRINT, with the length already counting it.
    out.writeUInt32BE((crc32(out.subarray(0, offset)) ^ FINGERPRINT_XOR) >>> 0, offset + 4);
  }
  return out;
}

/**
 * An address value (RFC 5389 §15.1): 0, family, port, address; with `head` (cookie + ID, §15.2)
 * the port is XORed with the cookie's top 16 bits and the address with cookie + ID.
 */
export function encodeAddress(endpoint: { address: string; port: number }, head?: Buffer): Buffer {
  const ip = parseIp(endpoint.address);
  if (!ip) throw new RangeError(`not an IP address: ${endpoint.address}`);
  const value = Buffer.alloc(4 + ip.bytes.length);
  value[1] = ip.family === 4 ? 0x01 : 0x02;
  value.writeUInt16BE((endpoint.port ^ (head ? MAGIC_COOKIE >>> 16 : 0)) & 0xffff, 2);
  for (let i = 0; i < ip.bytes.length; i++) value[4 + i] = ip.bytes[i]! ^ (head ? head[i]! : 0);
  return value;
}

/** ERROR-CODE value (RFC 5389 §15.6): class in bits 8–10, number 0–99, then the reason phrase. */
export function encodeErrorCode(code: number, reason: string): Buffer {
  const phrase = Buffer.from(reason, 'utf8');
  const value = Buffer.alloc(4 + phrase.length);
  value[2] = Math.floor(code / 100) & 0x07;
  value[3] = code % 100;
  phrase.copy(value, 4);
  return value;
}

/** UNKNOWN-ATTRIBUTES value (RFC 5389 §15.9): 16-bit attribute types. */
export function encodeUnknownAttributes(types: readonly number[]): Buffer {
  const value = Buffer.alloc(types.length * 2);
  types.forEach((t, i) => value.writeUInt16BE(t, i * 2));
  return value;
}

/** True when the message carries the RFC 5389 magic cookie (§6). */
export function hasMagicCookie(datagram: Buffer): boolean {
  return datagram.length >= 8 && datagram.readUInt32BE(4) === MAGIC_COOKIE;
}
