/**
 * PCP (RFC 6887): a MAP request with lifetime 0 (§15, a delete), which asks the router about a
 * mapping that does not exist, so it creates nothing, and reads the assigned external address
 * from a success answer (§11.1, §11.4). Written by hand (60 bytes each way) and tested against
 * miniupnpd's captured answers.
 */
import { randomBytes } from 'node:crypto';
import { formatIp, parseIp, unmapIp } from '../../../shared/address';

const VERSION = 2;
const OPCODE_MAP = 1;
const HEADER = 24;
const MAP_BODY = 36;
const UDP = 17;

/** RFC 6887 §7.4 result codes we name; the rest are shown as numbers. */
export const PCP_RESULT = { SUCCESS: 0, UNSUPP_VERSION: 1, NOT_AUTHORIZED: 2, NETWORK_FAILURE: 8 } as const;

/** The 16-byte form of an address: IPv4 as IPv4-mapped IPv6 (RFC 6887 §5). */
function address16(address: string): Buffer {
  const ip = parseIp(address);
  if (!ip) throw new RangeError(`${JSON.stringify(address)} is not an IP address`);
  if (ip.family === 6) return Buffer.from(ip.bytes);
  return Buffer.concat([Buffer.alloc(10), Buffer.from([0xff, 0xff]), Buffer.from(ip.bytes)]);
}

/** A MAP request and the nonce its answer must echo. */
export interface PcpRequest {
  data: Buffer;
  nonce: Buffer;
}

/**
 * RFC 6887 §7.1 + §11.1: MAP, lifetime 0, UDP, `internalPort` (the asking socket's own port, where
 * no mapping exists), `clientAddress` this host's address toward the router (§8.1: the server
 * refuses a request whose client address differs from the packet's source).
 */
export function encodePcpMapRequest(clientAddress: string, internalPort: number, nonce = randomBytes(12)): PcpRequest {
  const data = Buffer.alloc(HEADER + MAP_BODY);
  data[0] = VERSION;
  data[1] = OPCODE_MAP;
  data.writeUInt32BE(0, 4); // lifetime 0: a delete, so nothing is created
  address16(clientAddress).copy(data, 8);
  nonce.copy(data, HEADER);
  data[HEADER + 12] = UDP;
  data.writeUInt16BE(internalPort, HEADER + 16);
  return { data, nonce };
}

/** A decoded PCP answer. */
export interface PcpAnswer {
  resultCode: number;
  epoch: number;
  /** From a successful MAP answer only; null otherwise or when all zeros. */
  externalAddress: string | null;
}

/**
 * Reads a PCP response (RFC 6887 §7.2). A MAP answer must echo our nonce (§11.4); an error
 * answer's address fields are not the router's word (§7.3) and are ignored. A NAT-PMP-only router
 * answers a version-2 request with a 4-byte NAT-PMP "unsupported version" (RFC 6887 §9): read as
 * UNSUPP_VERSION. Anything else: null.
 */
export function decodePcpResponse(data: Buffer, nonce: Buffer): PcpAnswer | null {
  if (data.length >= 4 && data[0] === 0 && data[1] === 128 + OPCODE_MAP && data.readUInt16BE(2) === 1) {
    return { resultCode: PCP_RESULT.UNSUPP_VERSION, epoch: 0, externalAddress: null };
  }
  if (data.length < HEADER || data[0] !== VERSION || (data[1]! & 0x80) === 0) return null;
  const opcode = data[1]! & 0x7f;
  const resultCode = data[3]!;
  const epoch = data.readUInt32BE(8);
  if (opcode !== OPCODE_MAP) return null;
  if (data.length < HEADER + MAP_BODY || !data.subarray(HEADER, HEADER + 12).equals(nonce)) return null;
  let externalAddress: string | null = null;
  if (resultCode === PCP_RESULT.SUCCESS) {
    const raw = data.subarray(HEADER + 20, HEADER + 36);
    if (raw.some((b) => b !== 0)) {
      const ip = unmapIp({ family: 6, bytes: new Uint8Array(raw), zone: null });
      externalAddress = ip.bytes.some((b) => b !== 0) ? formatIp(ip) : null;
    }
  }
  return { resultCode, epoch, externalAddress };
}
