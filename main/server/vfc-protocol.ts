/**
 * Our own STUN attributes, in the comprehension-optional range (RFC 5389 §15: 0x8000–0xFFFF may be
 * ignored by an agent that does not understand them; §18.2 leaves 0xC000–0xFFFF to the expert
 * review / private range, so no IANA allocation is taken). Every other client skips them.
 *
 * - VFC-CAPABILITIES (0xC0F1), in Binding success answers: "this server is a voip-fwcheck server",
 *   and what it offers: version, flags (SIP echo over UDP / TCP, TCP connect-back), the SIP port,
 *   the TCP control port for connect-back and the allowed connect-back ports.
 * - VFC-CONNECT-BACK (0xC0F2), in a Binding request sent over TCP to the control port: an 8-byte
 *   token then 1–8 ports; the server connects to the request's source address on each port and
 *   writes `VFC <token hex>\r\n` on every connection it opens.
 * - VFC-CONNECT-RESULT (0xC0F3), in the answer to it: per port, 2-byte port, 1-byte status, 1 zero.
 * Plain Buffer code with no socket, shared by the server and, later, the checker.
 */

/** Attribute types of the voip-fwcheck extension. */
export const VfcAttr = { Capabilities: 0xc0f1, ConnectBack: 0xc0f2, ConnectResult: 0xc0f3 } as const;

/** Version of the capabilities layout. */
export const VFC_VERSION = 1;
/** Most ports one connect-back request may ask for. */
export const MAX_CONNECT_BACK_PORTS = 8;
/** Length of the connect-back token. */
export const TOKEN_LENGTH = 8;

/** Capability flags (bit mask in byte 1 of VFC-CAPABILITIES). */
export const VfcFlag = { SipUdp: 0x01, SipTcp: 0x02, ConnectBack: 0x04 } as const;

/** What a server offers, as carried by VFC-CAPABILITIES. */
export interface Capabilities {
  version: number;
  sipUdp: boolean;
  sipTcp: boolean;
  connectBack: boolean;
  /** SIP echo port on the primary address; 0 when none. */
  sipPort: number;
  /** TCP port (primary address) that takes VFC-CONNECT-BACK requests; 0 when none. */
  controlPort: number;
  /** Ports the server will connect back to. */
  allowedPorts: number[];
}

/** Encodes VFC-CAPABILITIES: version, flags, sip port, control port, then the allowed ports. */
export function encodeCapabilities(c: Capabilities): Buffer {
  const ports = c.allowedPorts.slice(0, MAX_CONNECT_BACK_PORTS);
  const value = Buffer.alloc(6 + ports.length * 2);
  value[0] = c.version;
  value[1] =
    (c.sipUdp ? VfcFlag.SipUdp : 0) | (c.sipTcp ? VfcFlag.SipTcp : 0) | (c.connectBack ? VfcFlag.ConnectBack : 0);
  value.writeUInt16BE(c.sipPort, 2);
  value.writeUInt16BE(c.controlPort, 4);
  ports.forEach((p, i) => value.writeUInt16BE(p, 6 + i * 2));
  return value;
}

/** Decodes VFC-CAPABILITIES; null when malformed (odd length, too many ports, unknown version). */
export function decodeCapabilities(value: Buffer): Capabilities | null {
  if (value.length < 6 || value.length % 2 !== 0 || value[0] !== VFC_VERSION) return null;
  const count = (value.length - 6) / 2;
  if (count > MAX_CONNECT_BACK_PORTS) return null;
  const flags = value[1]!;
  const allowedPorts: number[] = [];
  for (let i = 0; i < count; i++) allowedPorts.push(value.readUInt16BE(6 + i * 2));
  return {
    version: value[0],
    sipUdp: (flags & VfcFlag.SipUdp) !== 0,
    sipTcp: (flags & VfcFlag.SipTcp) !== 0,
    connectBack: (flags & VfcFlag.ConnectBack) !== 0,
    sipPort: value.readUInt16BE(2),
    controlPort: value.readUInt16BE(4),
    allowedPorts,
  };
}

/** A connect-back request: the token echoed on each connection and the ports to try. */
export interface ConnectBackRequest {
  token: Buffer;
  ports: number[];
}

/** Encodes VFC-CONNECT-BACK. */
export function encodeConnectBack(request: ConnectBackRequest): Buffer {
  if (request.token.length !== TOKEN_LENGTH) throw new RangeError('the token is 8 bytes');
  const value = Buffer.alloc(TOKEN_LENGTH + request.ports.length * 2);
  request.token.copy(value, 0);
  request.ports.forEach((p, i) => value.writeUInt16BE(p, TOKEN_LENGTH + i * 2));
  return value;
}

/** Decodes VFC-CONNECT-BACK: 8-byte token, 1–8 distinct non-zero ports; null when malformed. */
export function decodeConnectBack(value: Buffer): ConnectBackRequest | null {
  const count = (value.length - TOKEN_LENGTH) / 2;
  if (!Number.isInteger(count) || count < 1 || count > MAX_CONNECT_BACK_PORTS) return null;
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(value.readUInt16BE(TOKEN_LENGTH + i * 2));
  if (ports.includes(0) || new Set(ports).size !== ports.length) return null;
  return { token: Buffer.from(value.subarray(0, TOKEN_LENGTH)), ports };
}

/** Outcome of one connect-back attempt, as a byte in VFC-CONNECT-RESULT. */
export const ConnectStatus = {
  Connected: 0,
  Refused: 1,
  Timeout: 2,
  NotAllowed: 3,
  RateLimited: 4,
  Failed: 5,
} as const;
/** One of the ConnectStatus values. */
export type ConnectStatusCode = (typeof ConnectStatus)[keyof typeof ConnectStatus];

/** Encodes VFC-CONNECT-RESULT: per port, port (2 bytes), status (1), zero (1). */
export function encodeConnectResult(results: readonly { port: number; status: ConnectStatusCode }[]): Buffer {
  const value = Buffer.alloc(results.length * 4);
  results.forEach((r, i) => {
    value.writeUInt16BE(r.port, i * 4);
    value[i * 4 + 2] = r.status;
  });
  return value;
}

/** Decodes VFC-CONNECT-RESULT; null when malformed. */
export function decodeConnectResult(value: Buffer): { port: number; status: number }[] | null {
  if (value.length % 4 !== 0 || value.length / 4 > MAX_CONNECT_BACK_PORTS) return null;
  const out: { port: number; status: number }[] = [];
  for (let i = 0; i < value.length; i += 4) out.push({ port: value.readUInt16BE(i), status: value[i + 2]! });
  return out;
}
