/**
 * SSDP discovery of an Internet Gateway Device (UPnP Device Architecture 2.0 §1.3.2): an
 * M-SEARCH to the default gateway and to the multicast group 239.255.255.250:1900, and a strict
 * reader of the answers. A device's LOCATION is followed only when it names the very address the
 * answer came from, over plain http: we never follow a link to somewhere else.
 */
import { canonicalIp } from '../../../shared/address';
import type { Datagram } from '../transport';

/** The SSDP port and multicast group (UDA 2.0 §1.1.2). */
export const SSDP_PORT = 1900;
export const SSDP_GROUP = '239.255.255.250';
/** What we search for: any version of the IGD device (v2 devices answer v1 searches too). */
export const IGD_SEARCH_TARGET = 'urn:schemas-upnp-org:device:InternetGatewayDevice:1';

/** An M-SEARCH for the IGD with `host` in the HOST header (UDA 2.0 §1.3.2; MX 1 s keeps it short). */
export function encodeMSearch(host: string = `${SSDP_GROUP}:${SSDP_PORT}`): Buffer {
  return Buffer.from(
    `M-SEARCH * HTTP/1.1\r\nHOST: ${host}\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ${IGD_SEARCH_TARGET}\r\n\r\n`,
    'latin1',
  );
}

/** A device that answered. */
export interface SsdpAnswer {
  /** The address the answer came from. */
  from: string;
  /** The description URL, checked: http, on `from`. */
  location: string;
  server: string | null;
}

/**
 * Reads one SSDP answer: `HTTP/1.1 200 OK`, an ST naming an InternetGatewayDevice or a WAN
 * connection service, and a LOCATION on the sender's own address. Null for anything else.
 */
export function decodeSsdpAnswer(datagram: Datagram): SsdpAnswer | null {
  if (datagram.data.length > 4096) return null;
  const text = datagram.data.toString('latin1');
  const [status, ...rest] = text.split('\r\n');
  if (!/^HTTP\/1\.[01] 200\b/.test(status ?? '')) return null;
  const headers = new Map<string, string>();
  for (const line of rest) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const st = headers.get('st') ?? '';
  if (!/^urn:schemas-upnp-org:(device:InternetGatewayDevice|service:WAN(IP|PPP)Connection):\d$/.test(st)) return null;
  const location = checkedLocation(headers.get('location') ?? '', datagram.from.address);
  if (!location) return null;
  const server =
    headers
      .get('server')
      ?.replace(/[^\x20-\x7e]/g, '')
      .slice(0, 120) ?? null;
  return { from: canonicalIp(datagram.from.address) ?? datagram.from.address, location, server };
}

/** `url` when it is http:// on exactly `address` (any port), else null. */
export function checkedLocation(url: string, address: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' || parsed.username || parsed.password) return null;
  const host = canonicalIp(parsed.hostname.replace(/^\[|\]$/g, ''));
  if (!host || host !== canonicalIp(address)) return null;
  return parsed.href;
}
