/**
 * STUN numbers used by the checker: RFC 5389 (STUN), RFC 5780 (NAT behaviour discovery) and the
 * RFC 3489 attributes that classic servers such as Vovida stund still send.
 */

/** RFC 5389 §6: the fixed magic cookie. */
export const MAGIC_COOKIE = 0x2112a442;
/** RFC 5389 §6: header length in bytes. */
export const HEADER_LENGTH = 20;

/** RFC 5389 §6 message types for the Binding method. */
export const MessageType = {
  BindingRequest: 0x0001,
  BindingSuccess: 0x0101,
  BindingError: 0x0111,
} as const;

/** Attribute types we read or write. */
export const Attr = {
  MappedAddress: 0x0001, // RFC 5389 §15.1
  ChangeRequest: 0x0003, // RFC 5780 §7.2 (RFC 3489 §11.2.4)
  ChangedAddress: 0x0005, // RFC 3489 §11.2.3
  MessageIntegrity: 0x0008, // RFC 5389 §15.4
  ErrorCode: 0x0009, // RFC 5389 §15.6
  XorMappedAddress: 0x0020, // RFC 5389 §15.2
  XorMappedAddressOld: 0x8020, // draft-ietf-behave-rfc3489bis-02, still sent by old servers
  Software: 0x8022, // RFC 5389 §15.10
  Fingerprint: 0x8028, // RFC 5389 §15.5
  OtherAddress: 0x802c, // RFC 5780 §7.4
} as const;

/**
 * Comprehension-required attributes (type < 0x8000, RFC 5389 §15) that may appear in a Binding
 * response and that we understand, even when only to ignore them: RFC 3489 §11.2 (0x0001–0x000B),
 * RFC 5389 §18.2 (USERNAME, MESSAGE-INTEGRITY, ERROR-CODE, UNKNOWN-ATTRIBUTES, REALM, NONCE,
 * XOR-MAPPED-ADDRESS), RFC 8489 §18.3 (MESSAGE-INTEGRITY-SHA256, PASSWORD-ALGORITHM, USERHASH) and
 * RFC 5780 §7 (PADDING, RESPONSE-PORT). Any other one makes the answer unusable (RFC 5389 §7.3.3).
 */
export const KNOWN_REQUIRED_ATTRIBUTES: ReadonlySet<number> = new Set([
  0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000a, 0x000b, 0x0014, 0x0015, 0x001c,
  0x001d, 0x001e, 0x0020, 0x0026, 0x0027,
]);

/** RFC 5389 §15.10: SOFTWARE is fewer than 128 characters, at most 763 bytes. */
export const SOFTWARE_MAX_BYTES = 763;

/** RFC 5780 §7.2: CHANGE-REQUEST flag bits. */
export const ChangeFlag = { Ip: 0x04, Port: 0x02 } as const;

/** RFC 5780 §6: "420 Unknown Attribute" is what a single-address server answers to CHANGE-REQUEST. */
export const ERROR_UNKNOWN_ATTRIBUTE = 420;

/** RFC 5389 §15.5: the value XORed into the CRC-32 of a FINGERPRINT. */
export const FINGERPRINT_XOR = 0x5354554e;
