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
  SourceAddress: 0x0004, // RFC 3489 §11.2.5
  ChangedAddress: 0x0005, // RFC 3489 §11.2.3
  ErrorCode: 0x0009, // RFC 5389 §15.6
  XorMappedAddress: 0x0020, // RFC 5389 §15.2
  XorMappedAddressOld: 0x8020, // draft-ietf-behave-rfc3489bis-02, still sent by old servers
  Software: 0x8022, // RFC 5389 §15.10
  Fingerprint: 0x8028, // RFC 5389 §15.5
  ResponseOrigin: 0x802b, // RFC 5780 §7.3
  OtherAddress: 0x802c, // RFC 5780 §7.4
} as const;

/** RFC 5780 §7.2: CHANGE-REQUEST flag bits. */
export const ChangeFlag = { Ip: 0x04, Port: 0x02 } as const;

/** RFC 5780 §6: "420 Unknown Attribute" is what a single-address server answers to CHANGE-REQUEST. */
export const ERROR_UNKNOWN_ATTRIBUTE = 420;

/** RFC 5389 §15.5: the value XORed into the CRC-32 of a FINGERPRINT. */
export const FINGERPRINT_XOR = 0x5354554e;
