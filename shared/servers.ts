/**
 * STUN server names as the admin types them: `host`, `host:port`, `stun:host:port`, `ip:port`.
 */
import { DEFAULT_STUN_PORT } from './settings';

/** A parsed STUN server entry. */
export interface ServerSpec {
  host: string;
  port: number;
  /** As typed, for messages. */
  raw: string;
}

/** A server entry that cannot be used, with the reason. */
export class ServerSpecError extends Error {
  readonly code = 'BAD_SERVER';
  constructor(message: string) {
    super(message);
    this.name = 'ServerSpecError';
  }
}

const HOST = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.?$/i;

/** True for a dotted-quad IPv4 address. */
export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** Parses one server entry; throws ServerSpecError with a clear message. IPv6 literals are refused. */
export function parseServerSpec(input: string): ServerSpec {
  const raw = input.trim();
  let rest = raw.replace(/^stuns?:(\/\/)?/i, '');
  if (rest === '') throw new ServerSpecError('empty STUN server name');
  if (rest.startsWith('[') || rest.split(':').length > 2) {
    throw new ServerSpecError(`"${raw}": IPv6 servers are not supported; port forwarding is checked over IPv4`);
  }
  let port = DEFAULT_STUN_PORT;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    const portText = rest.slice(colon + 1);
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      throw new ServerSpecError(`"${raw}": "${portText}" is not a port number (1–65535)`);
    }
    port = Number(portText);
    rest = rest.slice(0, colon);
  }
  if (!isIpv4(rest) && !HOST.test(rest)) {
    throw new ServerSpecError(`"${raw}" is not a host name or IPv4 address`);
  }
  return { host: rest.toLowerCase(), port, raw };
}

/** Parses a list given repeatedly and/or comma-separated; at least one entry. */
export function parseServerList(entries: readonly string[]): ServerSpec[] {
  const specs = entries
    .flatMap((e) => e.split(','))
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .map(parseServerSpec);
  if (specs.length === 0) throw new ServerSpecError('no STUN server given');
  return specs;
}

/** Classifies an IPv4 address, to refuse a "second address" that could not be the server's. */
export function ipv4Scope(ip: string): 'unspecified' | 'loopback' | 'private' | 'link-local' | 'public' {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) {
    return 'private';
  }
  if (a === 169 && b === 254) return 'link-local';
  return 'public';
}
