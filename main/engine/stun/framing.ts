/**
 * STUN framing checked by hand before anything is read: the header (RFC 5389 §6), the attribute
 * layout (§15) and FINGERPRINT (§15.5). Each problem says where in the datagram it was found.
 */
import { crc32 } from 'node:zlib';
import { Attr, FINGERPRINT_XOR, HEADER_LENGTH } from './constants';

/** Why a packet could not be decoded, and where. */
export interface DecodeError {
  /** Byte offset in the datagram where the problem was found. */
  offset: number;
  /** What was wrong, e.g. "attribute 0x0020 runs past the end of the message". */
  reason: string;
}

/** One attribute as found on the wire: its type, the offset of its header and its value. */
export interface RawAttribute {
  type: number;
  offset: number;
  value: Buffer;
}

/** `0x0020`-style text for an attribute or message type. */
export function hex4(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

/**
 * Checks the header and the attribute layout (RFC 5389 §6, §15) and returns the first problem.
 */
export function checkFraming(datagram: Buffer): DecodeError | null {
  if (datagram.length < HEADER_LENGTH) {
    return { offset: 0, reason: `${datagram.length} bytes is shorter than a STUN header (20)` };
  }
  if ((datagram[0]! & 0xc0) !== 0) {
    return { offset: 0, reason: 'the two first bits of a STUN message must be zero' };
  }
  const length = datagram.readUInt16BE(2);
  if (length % 4 !== 0) return { offset: 2, reason: `message length ${length} is not a multiple of 4` };
  if (length !== datagram.length - HEADER_LENGTH) {
    return {
      offset: 2,
      reason: `message length says ${length} bytes but ${datagram.length - HEADER_LENGTH} follow the header`,
    };
  }
  let offset = HEADER_LENGTH;
  while (offset < datagram.length) {
    if (offset + 4 > datagram.length) {
      return { offset, reason: 'truncated attribute header' };
    }
    const type = datagram.readUInt16BE(offset);
    const valueLength = datagram.readUInt16BE(offset + 2);
    const padded = valueLength + ((4 - (valueLength % 4)) % 4);
    if (offset + 4 + padded > datagram.length) {
      return { offset, reason: `attribute ${hex4(type)} runs past the end of the message` };
    }
    offset += 4 + padded;
  }
  return null;
}

/** The attributes of a datagram that passed `checkFraming`, in order. */
export function readAttributes(datagram: Buffer): RawAttribute[] {
  const out: RawAttribute[] = [];
  let offset = HEADER_LENGTH;
  while (offset + 4 <= datagram.length) {
    const type = datagram.readUInt16BE(offset);
    const length = datagram.readUInt16BE(offset + 2);
    out.push({ type, offset, value: datagram.subarray(offset + 4, offset + 4 + length) });
    offset += 4 + length + ((4 - (length % 4)) % 4);
  }
  return out;
}

/**
 * RFC 5389 §15.5: when FINGERPRINT is present it must be the last attribute, 4 bytes long, and
 * equal to the CRC-32 of the message up to it XOR 0x5354554e. A damaged answer is refused here.
 */
export function checkFingerprint(datagram: Buffer, attrs: readonly RawAttribute[]): DecodeError | null {
  const index = attrs.findIndex((a) => a.type === Attr.Fingerprint);
  if (index < 0) return null;
  const attr = attrs[index]!;
  if (index !== attrs.length - 1) return { offset: attr.offset, reason: 'FINGERPRINT is not the last attribute' };
  if (attr.value.length !== 4) return { offset: attr.offset, reason: 'FINGERPRINT is not 4 bytes long' };
  const expected = (crc32(datagram.subarray(0, attr.offset)) ^ FINGERPRINT_XOR) >>> 0;
  if (attr.value.readUInt32BE(0) !== expected) {
    return { offset: attr.offset, reason: 'FINGERPRINT does not match the message (damaged on the way)' };
  }
  return null;
}
