/**
 * IP addresses parsed into bytes, never compared as text: one module for the CLI, the IPC schemas,
 * the engine, redaction and the pre-flight. IPv4 is accepted only as four dotted-decimal parts
 * (RFC 6943 §3.1.1 "strict" form); IPv6 per RFC 4291 §2.2, written back per RFC 5952.
 * Plain TypeScript, no node: imports (the renderer compiles it).
 */

/** An IP address as bytes: 4 for IPv4, 16 for IPv6; `zone` is an IPv6 zone ID (RFC 4007 §11). */
export interface ParsedIp {
  family: 4 | 6;
  bytes: Uint8Array;
  zone: string | null;
}

const V4_PART = /^(0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
// RFC 4007 §11.2 leaves the zone's text to the system; interface names and numbers are enough.
const ZONE = /^[\w.-]{1,64}$/;

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!V4_PART.test(part) || Number(part) > 255) return null;
    bytes[i] = Number(part);
  }
  return bytes;
}

function parseGroups(text: string): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  for (const group of text.split(':')) {
    if (!HEX_GROUP.test(group)) return null;
    groups.push(parseInt(group, 16));
  }
  return groups;
}

/** RFC 4291 §2.2: eight groups, one `::`, an optional trailing dotted IPv4 (two groups). */
function parseIpv6(text: string): Uint8Array | null {
  let body = text;
  let tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.', lastColon)) {
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    // Drop the IPv4 part and its colon, unless that colon ends a "::": "::1.2.3.4" -> "::", "1::2:1.2.3.4" -> "1::2".
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !rest) return null;
  const groups = [...head, ...rest, ...tail];
  let full: number[];
  if (halves.length === 2) {
    if (groups.length > 7) return null;
    full = [...head, ...new Array<number>(8 - groups.length).fill(0), ...rest, ...tail];
  } else {
    if (groups.length !== 8) return null;
    full = groups;
  }
  const bytes = new Uint8Array(16);
  full.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

/**
 * Strict: IPv4 only as 4 dotted-decimal parts 0-255 without leading zeros (rejects 127.1,
 * 2130706433, 0x7f.0.0.1, 127.000.0.1, 256.1.1.1); IPv6 per RFC 4291 §2.2 text (embedded dotted
 * IPv4 and an optional %zone included). Brackets are not accepted here.
 */
export function parseIp(text: string): ParsedIp | null {
  // Longest form: 45 characters of IPv6 with dotted IPv4, then %zone.
  if (typeof text !== 'string' || text.length > 45 + 1 + 64) return null;
  if (!text.includes(':')) {
    const bytes = parseIpv4(text);
    return bytes ? { family: 4, bytes, zone: null } : null;
  }
  let zone: string | null = null;
  let body = text;
  const percent = text.indexOf('%');
  if (percent >= 0) {
    zone = text.slice(percent + 1);
    if (!ZONE.test(zone)) return null;
    body = text.slice(0, percent);
  }
  const bytes = parseIpv6(body);
  return bytes ? { family: 6, bytes, zone } : null;
}

function isV4Mapped(bytes: Uint8Array): boolean {
  return bytes.length === 16 && bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** RFC 5952 §4 text: lower case, no leading zeros, the longest (first) zero run of 2+ as `::`; §5 v4-mapped dotted. */
export function formatIp(ip: ParsedIp): string {
  const b = ip.bytes;
  if (ip.family === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const zone = ip.zone === null ? '' : `%${ip.zone}`;
  if (isV4Mapped(b)) return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}${zone}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const text = groups.map((g) => g.toString(16));
  if (best.start < 0) return text.join(':') + zone;
  const head = text.slice(0, best.start).join(':');
  const tail = text.slice(best.start + best.length).join(':');
  return `${head}::${tail}${zone}`;
}

/** parseIp + formatIp, or null when the text is not an IP address. */
export function canonicalIp(text: string): string | null {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : null;
}

/** True when parseIp accepts the text. */
export function isIp(text: string): boolean {
  return parseIp(text) !== null;
}

/** True for a strict dotted-decimal IPv4 address (see parseIp). */
export function isIpv4(text: string): boolean {
  return parseIp(text)?.family === 4;
}

/** The IPv4 address inside a v4-mapped IPv6 address (RFC 4291 §2.5.5.2), else the address itself. */
export function unmapIp(ip: ParsedIp): ParsedIp {
  return ip.family === 6 && isV4Mapped(ip.bytes) ? { family: 4, bytes: ip.bytes.slice(12), zone: null } : ip;
}

/**
 * Same address, compared as parsed values (v4-mapped IPv6 equals its IPv4; zones must match).
 * Text that is not an IP address is never the same as anything.
 */
export function sameIp(a: string, b: string): boolean {
  const x = parseIp(a);
  const y = parseIp(b);
  if (!x || !y) return false;
  const u = unmapIp(x);
  const v = unmapIp(y);
  return u.family === v.family && u.zone === v.zone && u.bytes.every((byte, i) => byte === v.bytes[i]);
}

/** Same address (sameIp) and same port. */
export function sameEndpoint(a: { address: string; port: number }, b: { address: string; port: number }): boolean {
  return a.port === b.port && sameIp(a.address, b.address);
}

/** Where an address belongs; `shared` is RFC 6598 carrier-grade NAT space (100.64.0.0/10). */
export type IpScope =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'multicast'
  | 'documentation'
  | 'reserved'
  | 'public';

/** IANA IPv4 special-purpose registry (RFC 6890), reduced to the scopes the checker tells apart. */
function ipv4Scope(b: Uint8Array): IpScope {
  const [x = 0, y = 0, z = 0] = b;
  if (b.every((v) => v === 0)) return 'unspecified';
  if (x === 0) return 'reserved'; // 0.0.0.0/8 "this network"
  if (x === 127) return 'loopback';
  if (x === 10 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168)) return 'private';
  if (x === 100 && y >= 64 && y <= 127) return 'shared';
  if (x === 169 && y === 254) return 'link-local';
  if (x >= 224 && x <= 239) return 'multicast';
  if (
    (x === 192 && y === 0 && z === 2) ||
    (x === 198 && y === 51 && z === 100) ||
    (x === 203 && y === 0 && z === 113)
  ) {
    return 'documentation'; // RFC 5737
  }
  if (x >= 240 || (x === 192 && y === 0 && z === 0) || (x === 198 && (y === 18 || y === 19))) return 'reserved';
  return 'public';
}

/** IPv6 scopes (RFC 4291 §2.4, RFC 4193, RFC 3849, RFC 9637); outside 2000::/3 is not global unicast. */
function ipv6Scope(b: Uint8Array): IpScope {
  const [x = 0, y = 0, , , , , , , , , , , , , , last = 0] = b;
  const zeroHead = b.subarray(0, 15).every((v) => v === 0);
  if (zeroHead && last === 0) return 'unspecified';
  if (zeroHead && last === 1) return 'loopback';
  if (x === 0xff) return 'multicast';
  if ((x & 0xfe) === 0xfc) return 'private';
  if (x === 0xfe && (y & 0xc0) === 0x80) return 'link-local';
  if (
    (x === 0x20 && y === 0x01 && b[2] === 0x0d && b[3] === 0xb8) ||
    (x === 0x3f && y === 0xff && (b[2]! & 0xf0) === 0)
  ) {
    return 'documentation';
  }
  if ((x & 0xe0) === 0x20) return 'public';
  return 'reserved';
}

/** Classifies an address (a v4-mapped one by its IPv4); text that does not parse throws RangeError. */
export function ipScope(ip: ParsedIp | string): IpScope {
  const parsed = typeof ip === 'string' ? parseIp(ip) : ip;
  if (!parsed) throw new RangeError(`${JSON.stringify(ip)} is not an IP address`);
  const plain = unmapIp(parsed);
  return plain.family === 4 ? ipv4Scope(plain.bytes) : ipv6Scope(plain.bytes);
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/**
 * A DNS host name (RFC 1123 §2.1 labels, 253 characters at most, optional final dot) whose last
 * label is not all digits (RFC 3696 §2), so `127.1` and `2130706433` are not names.
 */
export function isHostName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  if (!labels.every((l) => LABEL.test(l))) return false;
  return !/^\d+$/.test(labels[labels.length - 1]!);
}

/**
 * Splits "host", "host:port", "[v6]:port", "[v6]" or a bare "v6" (no port then); the port is
 * 1-65535. The host is not otherwise checked (isIp / isHostName); null when the form is malformed.
 */
export function splitHostPort(text: string): { host: string; port: number | null } | null {
  if (typeof text !== 'string' || text === '' || /[\s/@]/.test(text)) return null;
  let host: string;
  let portText: string | null = null;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return null;
    host = text.slice(1, close);
    const after = text.slice(close + 1);
    if (parseIp(host)?.family !== 6) return null;
    if (after !== '') {
      if (!after.startsWith(':')) return null;
      portText = after.slice(1);
    }
  } else {
    const colons = text.split(':').length - 1;
    if (colons > 1) {
      if (!isIp(text)) return null;
      return { host: text, port: null };
    }
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? null : text.slice(colon + 1);
  }
  if (host === '' || /[[\]]/.test(host)) return null;
  if (portText === null) return { host, port: null };
  if (!/^[1-9]\d{0,4}$/.test(portText) || Number(portText) > 65535) return null;
  return { host, port: Number(portText) };
}
