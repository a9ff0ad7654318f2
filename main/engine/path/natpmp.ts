/**
 * NAT-PMP (RFC 6886) external address request, the one question that changes nothing on the
 * router: opcode 0 to the default gateway's UDP port 5351 (§3.2). Written by hand (12 bytes each
 * way) and tested against miniupnpd's captured answers.
 */

/** The NAT-PMP and PCP server port (RFC 6886 §3, RFC 6887 §19.1). */
export const NAT_PMP_PORT = 5351;

/** RFC 6886 §3.2: version 0, opcode 0. */
export function encodeNatPmpRequest(): Buffer {
  return Buffer.from([0, 0]);
}

/** A decoded external address response. */
export interface NatPmpAnswer {
  /** RFC 6886 §3.5: 0 success, 1 unsupported version, 2 refused, 3 network failure, 4 out of resources, 5 unsupported opcode. */
  resultCode: number;
  /** Seconds since the router's mapping table was (re)initialized. */
  epoch: number;
  /** The external IPv4 address; null unless the result is success and the address is not 0.0.0.0. */
  externalAddress: string | null;
}

/**
 * Reads an external address response (RFC 6886 §3.2): 12 bytes, version 0, opcode 128. A
 * result other than success carries no usable address (miniupnpd answers 3, "network failure",
 * with 0.0.0.0 when its WAN address is not public). Anything else is not our answer: null.
 */
export function decodeNatPmpResponse(data: Buffer): NatPmpAnswer | null {
  if (data.length < 12 || data[0] !== 0 || data[1] !== 128) return null;
  const resultCode = data.readUInt16BE(2);
  const epoch = data.readUInt32BE(4);
  const bytes = [...data.subarray(8, 12)];
  const externalAddress = resultCode === 0 && bytes.some((b) => b !== 0) ? bytes.join('.') : null;
  return { resultCode, epoch, externalAddress };
}
