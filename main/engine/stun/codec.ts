/**
 * STUN wire format for the checker: build Binding Requests and read Binding responses.
 * Framing and the standard attributes come from `@msimerson/stun`; we check the header and the
 * attribute layout ourselves first, so a malformed packet is reported with *where* it broke, and we
 * decode the RFC 3489 attributes that the package does not know (CHANGED-ADDRESS, SOURCE-ADDRESS).
 */
import { crc32 } from 'node:zlib';
import * as stun from '@msimerson/stun';
import { Attr, ChangeFlag, FINGERPRINT_XOR, HEADER_LENGTH, MAGIC_COOKIE, MessageType } from './constants';

/** An IP address and port, as decoded from an address attribute or a datagram's source. */
export interface Endpoint {
  address: string;
  port: number;
}

/** Why a packet could not be decoded, and where. */
export interface DecodeError {
  /** Byte offset in the datagram where the problem was found. */
  offset: number;
  /** What was wrong, e.g. "attribute 0x0020 runs past the end of the message". */
  reason: string;
}

/** A Binding response, reduced to what the checker needs. */
export interface BindingResponse {
  kind: 'success' | 'error';
  /** Hex of the 12-byte transaction ID (RFC 5389 §6); the cookie is checked separately. */
  transactionId: string;
  /** True when the magic cookie is absent: an RFC 3489 server echoing a 128-bit transaction ID. */
  legacy: boolean;
  xorMapped: Endpoint | null;
  mapped: Endpoint | null;
  /** The server's second address: OTHER-ADDRESS (RFC 5780) or CHANGED-ADDRESS (RFC 3489). */
  other: Endpoint | null;
  otherSource: 'OTHER-ADDRESS' | 'CHANGED-ADDRESS' | null;
  /** RESPONSE-ORIGIN (RFC 5780) or SOURCE-ADDRESS (RFC 3489): where the server says it answered from. */
  origin: Endpoint | null;
  error: { code: number; reason: string } | null;
  software: string | null;
  /** null when the message carries no FINGERPRINT; false when it carries a wrong one. */
  fingerprintValid: boolean | null;
}

/** Result of decoding one datagram. */
export type DecodeResult = { ok: true; message: BindingResponse } | { ok: false; error: DecodeError };

/** Options for a Binding Request. */
export interface BindingRequestOptions {
  /** 12 random bytes (RFC 5389 §6). */
  transactionId: Buffer;
  /** RFC 5780 §7.2: ask the server to answer from its other IP and/or port. */
  changeIp?: boolean;
  changePort?: boolean;
}

/** Encodes a Binding Request (RFC 5389 §6), with CHANGE-REQUEST when asked (RFC 5780 §7.2). */
export function encodeBindingRequest(options: BindingRequestOptions): Buffer {
  if (options.transactionId.length !== 12) {
    throw new RangeError('a STUN transaction ID is 12 bytes');
  }
  const message = stun.createMessage(MessageType.BindingRequest, options.transactionId);
  const flags = (options.changeIp ? ChangeFlag.Ip : 0) | (options.changePort ? ChangeFlag.Port : 0);
  if (flags !== 0) message.addAttribute(Attr.ChangeRequest, flags);
  return message.toBuffer();
}

/** Reads the 12-byte transaction ID of anything that looks like a STUN header, for matching. */
export function peekTransactionId(datagram: Buffer): string | null {
  if (datagram.length < HEADER_LENGTH || (datagram[0]! & 0xc0) !== 0) return null;
  return datagram.subarray(8, 20).toString('hex');
}

/**
 * Checks the header and the attribute layout (RFC 5389 §6, §15) and returns the first problem.
 * The package's own decoder would otherwise fail with "requested N bytes but only M available".
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

/** Decodes a Binding success or error response. Anything else is a decode error. */
export function decodeBindingResponse(datagram: Buffer): DecodeResult {
  const framing = checkFraming(datagram);
  if (framing) return { ok: false, error: framing };
  const type = datagram.readUInt16BE(0);
  if (type !== MessageType.BindingSuccess && type !== MessageType.BindingError) {
    return { ok: false, error: { offset: 0, reason: `message type ${hex4(type)} is not a Binding response` } };
  }
  const legacy = datagram.readUInt32BE(4) !== MAGIC_COOKIE;
  const attrs = rawAttributes(datagram);
  const fail = (type: number, reason: string): DecodeResult => ({
    ok: false,
    error: { offset: attrs.find((a) => a.type === type)?.offset ?? HEADER_LENGTH, reason },
  });

  const xor = readXorAddress(attrs, datagram);
  if (xor === 'invalid') return fail(Attr.XorMappedAddress, 'XOR-MAPPED-ADDRESS is malformed');
  const mapped = readPlainAddress(attrs, Attr.MappedAddress);
  if (mapped === 'invalid') return fail(Attr.MappedAddress, 'MAPPED-ADDRESS is malformed');
  const otherNew = readPlainAddress(attrs, Attr.OtherAddress);
  if (otherNew === 'invalid') return fail(Attr.OtherAddress, 'OTHER-ADDRESS is malformed');
  const changed = readPlainAddress(attrs, Attr.ChangedAddress);
  if (changed === 'invalid') return fail(Attr.ChangedAddress, 'CHANGED-ADDRESS is malformed');
  // The package's decoder last: the checks above say which attribute is wrong, it does not.
  let decoded: stun.StunMessage;
  try {
    decoded = stun.decode(datagram);
  } catch (cause) {
    return {
      ok: false,
      error: { offset: HEADER_LENGTH, reason: `undecodable attribute: ${(cause as Error).message}` },
    };
  }
  const responseOrigin = readPlainAddress(attrs, Attr.ResponseOrigin);
  const sourceAddress = readPlainAddress(attrs, Attr.SourceAddress);

  let error: BindingResponse['error'] = null;
  if (type === MessageType.BindingError) {
    const attr = decoded.getAttribute(Attr.ErrorCode);
    if (!attr || typeof attr.code !== 'number') {
      return fail(Attr.ErrorCode, 'an error response without a valid ERROR-CODE');
    }
    error = { code: attr.code, reason: String(attr.reason ?? '') };
  }
  const software = attrs.find((a) => a.type === Attr.Software);
  return {
    ok: true,
    message: {
      kind: type === MessageType.BindingSuccess ? 'success' : 'error',
      transactionId: datagram.subarray(8, 20).toString('hex'),
      legacy,
      xorMapped: xor,
      mapped,
      other: otherNew ?? changed,
      otherSource: otherNew ? 'OTHER-ADDRESS' : changed ? 'CHANGED-ADDRESS' : null,
      origin:
        (responseOrigin === 'invalid' ? null : responseOrigin) ?? (sourceAddress === 'invalid' ? null : sourceAddress),
      error,
      // stund pads SOFTWARE with a NUL byte; keep it out of reports.
      software: software ? software.value.toString('utf8').replace(/\0+$/, '') : null,
      fingerprintValid: checkFingerprint(datagram, attrs),
    },
  };
}

interface RawAttribute {
  type: number;
  offset: number;
  value: Buffer;
}

function rawAttributes(datagram: Buffer): RawAttribute[] {
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

/** RFC 5389 §15.1 layout: 0, family, port, address (4 or 16 bytes). */
function decodeAddressValue(value: Buffer): { family: number; port: number; ip: Buffer } | null {
  if (value.length < 4) return null;
  const family = value[1]!;
  const expected = family === 0x01 ? 8 : family === 0x02 ? 20 : -1;
  if (value.length !== expected) return null;
  return { family, port: value.readUInt16BE(2), ip: value.subarray(4) };
}

function formatIp(ip: Buffer): string {
  if (ip.length === 4) return Array.from(ip).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(ip.readUInt16BE(i).toString(16));
  return compressIpv6(groups.join(':'));
}

function compressIpv6(full: string): string {
  // RFC 5952 §4.2.3: collapse the longest run of zero groups.
  const groups = full.split(':');
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

function readPlainAddress(attrs: RawAttribute[], type: number): Endpoint | null | 'invalid' {
  const attr = attrs.find((a) => a.type === type);
  if (!attr) return null;
  const value = decodeAddressValue(attr.value);
  if (!value) return 'invalid';
  return { address: formatIp(value.ip), port: value.port };
}

/** RFC 5389 §15.2: port XOR the cookie's high half, address XOR cookie (+ transaction ID for IPv6). */
function readXorAddress(attrs: RawAttribute[], datagram: Buffer): Endpoint | null | 'invalid' {
  const attr =
    attrs.find((a) => a.type === Attr.XorMappedAddress) ?? attrs.find((a) => a.type === Attr.XorMappedAddressOld);
  if (!attr) return null;
  const value = decodeAddressValue(attr.value);
  if (!value) return 'invalid';
  const key = datagram.subarray(4, 20); // cookie + transaction ID, as sent by us
  const ip = Buffer.alloc(value.ip.length);
  for (let i = 0; i < ip.length; i++) ip[i] = value.ip[i]! ^ key[i]!;
  return { address: formatIp(ip), port: value.port ^ (MAGIC_COOKIE >>> 16) };
}

/** RFC 5389 §15.5: CRC-32 of the message up to the FINGERPRINT attribute, XOR 0x5354554e. */
function checkFingerprint(datagram: Buffer, attrs: RawAttribute[]): boolean | null {
  const attr = attrs.find((a) => a.type === Attr.Fingerprint);
  if (!attr) return null;
  if (attr.value.length !== 4) return false;
  const covered = datagram.subarray(0, attr.offset);
  return (crc32(covered) ^ FINGERPRINT_XOR) >>> 0 === attr.value.readUInt32BE(0);
}

function hex4(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

/** Formats an endpoint as `ip:port` (IPv6 in brackets). */
export function formatEndpoint(endpoint: Endpoint): string {
  return endpoint.address.includes(':')
    ? `[${endpoint.address}]:${endpoint.port}`
    : `${endpoint.address}:${endpoint.port}`;
}
