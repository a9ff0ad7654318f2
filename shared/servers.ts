/**
 * STUN server names as the admin types them: `host`, `host:port`, `stun:host:port`, `ip:port`.
 */
import { isHostName, isIpv4 } from './address';
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
  // Strict: 127.1, 2130706433, 0x7f.0.0.1 and 256.1.1.1 are neither an address nor a name.
  if (!isIpv4(rest) && !isHostName(rest)) {
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
