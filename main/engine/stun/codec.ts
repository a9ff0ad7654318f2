/**
 * STUN wire format for the checker: build Binding Requests and read Binding responses.
 * Requests are built with `@msimerson/stun`; responses are read by hand, strictly (RFC 5389 §7.3):
 * a damaged or ill-formed answer is refused with *where* it broke, never half-read, while a
 * malformed comprehension-optional attribute is only ignored. RFC 3489 attributes the package does
 * not know (CHANGED-ADDRESS) are read too.
 */
import * as stun from '@msimerson/stun';
import { formatIp, type ParsedIp } from '../../../shared/address';
import {
  Attr,
  ChangeFlag,
  HEADER_LENGTH,
  KNOWN_REQUIRED_ATTRIBUTES,
  MAGIC_COOKIE,
  MessageType,
  SOFTWARE_MAX_BYTES,
} from './constants';
import { checkFingerprint, checkFraming, hex4, readAttributes, type DecodeError, type RawAttribute } from './framing';
import { decodeCapabilities, VfcAttr, type Capabilities } from '../../server/vfc-protocol';

export type { DecodeError } from './framing';

/** An IP address and port, as decoded from an address attribute or a datagram's source. */
export interface Endpoint {
  address: string;
  port: number;
}

/** A Binding response, reduced to what the checker needs. */
export interface BindingResponse {
  kind: 'success' | 'error';
  xorMapped: Endpoint | null;
  mapped: Endpoint | null;
  /** The server's second address: OTHER-ADDRESS (RFC 5780) or CHANGED-ADDRESS (RFC 3489). */
  other: Endpoint | null;
  otherSource: 'OTHER-ADDRESS' | 'CHANGED-ADDRESS' | null;
  /** ERROR-CODE of an error response (RFC 5389 §15.6): class 3–6, number 0–99. */
  error: { code: number } | null;
  software: string | null;
  /**
   * VFC-CAPABILITIES (0xC0F1, comprehension-optional): present only in answers of our own server
   * (`voip-fwcheck serve`, main/server/vfc-protocol.ts); absent when missing or malformed.
   */
  vfc?: Capabilities;
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
  /**
   * SOFTWARE (RFC 5389 §15.10, comprehension-optional: every server may skip it). It makes the
   * request 36 bytes, the size our own server needs to fit VFC-CAPABILITIES within its 3× answer
   * budget (README, "Host your own test server").
   */
  software?: string;
}

/** Encodes a Binding Request (RFC 5389 §6), with CHANGE-REQUEST when asked (RFC 5780 §7.2). */
export function encodeBindingRequest(options: BindingRequestOptions): Buffer {
  if (options.transactionId.length !== 12) {
    throw new RangeError('a STUN transaction ID is 12 bytes');
  }
  const message = stun.createMessage(MessageType.BindingRequest, options.transactionId);
  const flags = (options.changeIp ? ChangeFlag.Ip : 0) | (options.changePort ? ChangeFlag.Port : 0);
  if (flags !== 0) message.addAttribute(Attr.ChangeRequest, flags);
  if (options.software) message.addAttribute(Attr.Software, options.software);
  return message.toBuffer();
}

/** Reads the 12-byte transaction ID of anything that looks like a STUN header, for matching. */
export function peekTransactionId(datagram: Buffer): string | null {
  if (datagram.length < HEADER_LENGTH || (datagram[0]! & 0xc0) !== 0) return null;
  return datagram.subarray(8, 20).toString('hex');
}

/**
 * Decodes a Binding success or error response; anything else, or anything RFC 5389 says to
 * reject, is a decode error:
 * - framing (§6, §15) and message type;
 * - FINGERPRINT present but not last or not matching (§15.5);
 * - no magic cookie (an RFC 3489 answer, §7.3) yet XOR-MAPPED-ADDRESS (0x0020 or 0x8020);
 * - an unknown comprehension-required attribute (§7.3, §15);
 * - a malformed MAPPED-ADDRESS, XOR-MAPPED-ADDRESS or CHANGED-ADDRESS (§15.1, §15.2);
 * - an error response without a valid ERROR-CODE: class 3–6, number below 100 (§15.6).
 * Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (§15.4), and so is a
 * malformed comprehension-optional attribute (OTHER-ADDRESS, SOFTWARE, the old 0x8020,
 * VFC-CAPABILITIES…).
 */
export function decodeBindingResponse(datagram: Buffer): DecodeResult {
  const framing = checkFraming(datagram);
  if (framing) return { ok: false, error: framing };
  const type = datagram.readUInt16BE(0);
  if (type !== MessageType.BindingSuccess && type !== MessageType.BindingError) {
    return { ok: false, error: { offset: 0, reason: `message type ${hex4(type)} is not a Binding response` } };
  }
  const all = readAttributes(datagram);
  const fingerprint = checkFingerprint(datagram, all);
  if (fingerprint) return { ok: false, error: fingerprint };
  const integrity = all.findIndex((a) => a.type === Attr.MessageIntegrity);
  const attrs = all.filter((a, i) => a.type !== Attr.Fingerprint && (integrity < 0 || i <= integrity));
  const first = (t: number): RawAttribute | undefined => attrs.find((a) => a.type === t);
  const fail = (attr: RawAttribute | undefined, reason: string): DecodeResult => ({
    ok: false,
    error: { offset: attr?.offset ?? HEADER_LENGTH, reason },
  });

  const unknown = attrs.find((a) => a.type < 0x8000 && !KNOWN_REQUIRED_ATTRIBUTES.has(a.type));
  if (unknown) return fail(unknown, `unknown comprehension-required attribute ${hex4(unknown.type)}`);
  const cookie = datagram.readUInt32BE(4) === MAGIC_COOKIE;
  const xorAttr = first(Attr.XorMappedAddress);
  const oldXorAttr = first(Attr.XorMappedAddressOld);
  if (!cookie && (xorAttr || oldXorAttr)) {
    return fail(xorAttr ?? oldXorAttr, 'XOR-MAPPED-ADDRESS in an answer without the magic cookie');
  }

  const key = datagram.subarray(4, 20); // cookie + transaction ID (RFC 5389 §15.2)
  const xor = xorAttr ? readAddress(xorAttr.value, key) : null;
  if (xorAttr && !xor) return fail(xorAttr, 'XOR-MAPPED-ADDRESS is malformed');
  const mappedAttr = first(Attr.MappedAddress);
  const mapped = mappedAttr ? readAddress(mappedAttr.value) : null;
  if (mappedAttr && !mapped) return fail(mappedAttr, 'MAPPED-ADDRESS is malformed');
  const changedAttr = first(Attr.ChangedAddress);
  const changed = changedAttr ? readAddress(changedAttr.value) : null;
  if (changedAttr && !changed) return fail(changedAttr, 'CHANGED-ADDRESS is malformed');
  const otherAttr = first(Attr.OtherAddress);
  const other = otherAttr ? readAddress(otherAttr.value) : null;
  const oldXor = oldXorAttr ? readAddress(oldXorAttr.value, key) : null;

  let error: BindingResponse['error'] = null;
  if (type === MessageType.BindingError) {
    const attr = first(Attr.ErrorCode);
    const code = attr ? readErrorCode(attr.value) : null;
    if (code === null) return fail(attr, 'an error response without a valid ERROR-CODE (class 3–6, number 0–99)');
    error = { code };
  }
  const softwareAttr = first(Attr.Software);
  const vfcAttr = first(VfcAttr.Capabilities);
  const vfc = vfcAttr ? decodeCapabilities(vfcAttr.value) : null;
  return {
    ok: true,
    message: {
      kind: type === MessageType.BindingSuccess ? 'success' : 'error',
      xorMapped: xor ?? oldXor,
      mapped,
      other: other ?? changed,
      otherSource: other ? 'OTHER-ADDRESS' : changed ? 'CHANGED-ADDRESS' : null,
      error,
      software: softwareAttr ? readSoftware(softwareAttr.value) : null,
      ...(vfc ? { vfc } : {}),
    },
  };
}

/**
 * RFC 5389 §15.1 layout: 8 ignored bits, family (0x01 IPv4, 0x02 IPv6), port, address; §15.2: with
 * `key` (cookie + transaction ID) the port and address are XORed with it. null when malformed.
 */
function readAddress(value: Buffer, key?: Buffer): Endpoint | null {
  if (value.length < 4) return null;
  const family = value[1];
  const size = family === 0x01 ? 4 : family === 0x02 ? 16 : -1;
  if (value.length !== 4 + size) return null;
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = value[4 + i]! ^ (key ? key[i]! : 0);
  const port = value.readUInt16BE(2) ^ (key ? MAGIC_COOKIE >>> 16 : 0);
  const ip: ParsedIp = { family: size === 4 ? 4 : 6, bytes, zone: null };
  return { address: formatIp(ip), port };
}

/** RFC 5389 §15.6: class (3 bits, 3–6) × 100 + number (0–99); the 21 reserved bits are ignored. */
function readErrorCode(value: Buffer): number | null {
  if (value.length < 4) return null;
  const errorClass = value[2]! & 0x07;
  const number = value[3]!;
  if (errorClass < 3 || errorClass > 6 || number >= 100) return null;
  return errorClass * 100 + number;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** SOFTWARE (RFC 5389 §15.10) as printable text, or null when too long or not UTF-8. */
function readSoftware(value: Buffer): string | null {
  if (value.length > SOFTWARE_MAX_BYTES) return null;
  try {
    // stund pads SOFTWARE with NUL bytes; no control character or line break goes into a report.
    return STRICT_UTF8.decode(value).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '');
  } catch {
    return null;
  }
}

/** Formats an endpoint as `ip:port` (IPv6 in brackets). */
export function formatEndpoint(endpoint: Endpoint): string {
  return endpoint.address.includes(':')
    ? `[${endpoint.address}]:${endpoint.port}`
    : `${endpoint.address}:${endpoint.port}`;
}
