/**
 * Parsers of socket listings, one per tool: Windows `netstat -ano`, Linux `ss` and
 * `/proc/net/{udp,tcp}{,6}`, macOS `lsof -F`. They trust only tokens that no translation changes
 * (TCP/UDP, addresses, digits), never headers or state words.
 */
import { formatIp } from '../../../shared/address';
import { lines } from './runner';

/** A local socket found in a listing. */
export interface SocketEntry {
  protocol: 'udp' | 'tcp';
  address: string;
  port: number;
  family: 4 | 6;
  pid: number | null;
  /** Process name when the listing gives it (ss, lsof). */
  name?: string;
  /** Owning uid when the listing gives it (/proc/net). */
  uid?: number;
  /** Socket inode (/proc/net), to find the pid through /proc/<pid>/fd. */
  inode?: number;
}

/** Splits `addr:port`, `[v6]:port`, `[fe80::1%12]:port`, `*:port`, `addr%iface:port`. */
export function splitHostPort(text: string): { address: string; port: number; family: 4 | 6 } | null {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return null;
  const portText = text.slice(colon + 1);
  if (!/^\d{1,5}$/.test(portText)) return null;
  let host = text.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  host = host.replace(/%.*$/, '');
  if (host === '*') return { address: '*', port: Number(portText), family: 4 };
  const family = host.includes(':') ? 6 : 4;
  if (family === 4 && !/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return null;
  return { address: host, port: Number(portText), family };
}

/**
 * `netstat -ano` (any UI language): rows whose first token is TCP or UDP and whose last token is
 * a PID. TCP rows count only when listening, told by the foreign address `0.0.0.0:0` / `[::]:0`
 * (the state word is translated in German). PID 0 (TIME_WAIT) is no owner. Duplicates merged.
 */
export function parseNetstat(text: string): SocketEntry[] {
  const out = new Map<string, SocketEntry>();
  for (const line of lines(text)) {
    const tokens = line.trim().split(/\s+/);
    const proto = tokens[0];
    if ((proto !== 'TCP' && proto !== 'UDP') || tokens.length < 4) continue;
    const pidText = tokens[tokens.length - 1]!;
    if (!/^\d+$/.test(pidText)) continue;
    const local = splitHostPort(tokens[1]!);
    if (!local) continue;
    const foreign = tokens[2]!;
    if (proto === 'TCP' && foreign !== '0.0.0.0:0' && foreign !== '[::]:0') continue;
    const pid = Number(pidText);
    if (pid === 0) continue;
    const entry: SocketEntry = { protocol: proto === 'TCP' ? 'tcp' : 'udp', ...local, pid };
    out.set(`${entry.protocol}|${entry.address}|${entry.port}|${pid}`, entry);
  }
  return [...out.values()];
}

const SS_PROCESS = /\("((?:[^"\\]|\\.)*)",pid=(\d+),fd=\d+\)/g;

/**
 * `ss -H -tuanp` (listening TCP and all UDP): with or without the Netid column, with or without
 * the process field (empty for other users' sockets when not root). Several processes may share
 * one socket; each becomes an entry.
 */
export function parseSs(text: string): SocketEntry[] {
  const out: SocketEntry[] = [];
  for (const line of lines(text)) {
    const tokens = line.trim().split(/\s+/);
    if (tokens.length < 4) continue;
    let index = 0;
    let protocol: 'udp' | 'tcp' | null = null;
    if (tokens[0] === 'udp' || tokens[0] === 'tcp') {
      protocol = tokens[0];
      index = 1;
    }
    const state = tokens[index];
    if (state === 'Netid' || state === 'State') continue;
    if (protocol === null) protocol = state === 'UNCONN' ? 'udp' : state === 'LISTEN' ? 'tcp' : null;
    if (protocol === null) continue;
    if (protocol === 'tcp' && state !== 'LISTEN') continue;
    const local = splitHostPort(tokens[index + 3] ?? '');
    if (!local) continue;
    const processes = [...line.matchAll(SS_PROCESS)];
    if (processes.length === 0) out.push({ protocol, ...local, pid: null });
    for (const match of processes)
      out.push({ protocol, ...local, pid: Number(match[2]), name: match[1]!.replace(/\\(.)/g, '$1') });
  }
  return out;
}

function hexIpv4(hex: string): string {
  // /proc stores the address in host byte order: little-endian on every platform we ship for.
  const bytes = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return bytes.reverse().join('.');
}

/** `/proc/net/*6` addresses: four host-order 32-bit words, written as RFC 5952 text. */
function hexIpv6(hex: string): string {
  const bytes = new Uint8Array(16);
  for (let word = 0; word < 4; word++) {
    // Each 32-bit word is in host (little-endian) order: reverse its four bytes.
    for (let i = 0; i < 4; i++)
      bytes[word * 4 + i] = parseInt(hex.slice(word * 8 + (3 - i) * 2, word * 8 + (4 - i) * 2), 16);
  }
  return formatIp({ family: 6, bytes, zone: null });
}

/**
 * `/proc/net/udp`, `/proc/net/tcp` and their `6` variants: readable by anyone, with the owning uid
 * and the socket inode. TCP rows count only in LISTEN state (0A); UDP rows all count.
 */
export function parseProcNet(text: string, protocol: 'udp' | 'tcp', family: 4 | 6): SocketEntry[] {
  const out: SocketEntry[] = [];
  for (const line of lines(text)) {
    const tokens = line.trim().split(/\s+/);
    if (!/^\d+:$/.test(tokens[0] ?? '') || tokens.length < 10) continue;
    const [addrHex, portHex] = (tokens[1] ?? '').split(':');
    if (!addrHex || !portHex) continue;
    if (protocol === 'tcp' && tokens[3] !== '0A') continue;
    out.push({
      protocol,
      address: family === 4 ? hexIpv4(addrHex) : hexIpv6(addrHex),
      port: parseInt(portHex, 16),
      family,
      pid: null,
      uid: Number(tokens[7]),
      inode: Number(tokens[9]),
    });
  }
  return out;
}

/** `/etc/passwd` → uid → user name. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of lines(text)) {
    const fields = line.split(':');
    if (fields.length >= 3 && /^\d+$/.test(fields[2]!)) users.set(Number(fields[2]), fields[0]!);
  }
  return users;
}

/**
 * `lsof -nP -iUDP -iTCP -sTCP:LISTEN -F pcPn` (macOS): `p` starts a process, `c` its command,
 * `P` the protocol, `n` the address.
 */
export function parseLsof(text: string): SocketEntry[] {
  const out: SocketEntry[] = [];
  let pid: number | null = null;
  let name: string | undefined;
  let protocol: 'udp' | 'tcp' | null = null;
  for (const line of lines(text)) {
    const tag = line[0];
    const value = line.slice(1);
    if (tag === 'p') {
      pid = /^\d+$/.test(value) ? Number(value) : null;
      name = undefined;
    } else if (tag === 'c') name = value;
    else if (tag === 'P') protocol = value === 'UDP' ? 'udp' : value === 'TCP' ? 'tcp' : null;
    else if (tag === 'n' && protocol) {
      const local = splitHostPort(value.split('->')[0]!);
      if (local) out.push({ protocol, ...local, pid, ...(name ? { name } : {}) });
    }
  }
  return out;
}
