/**
 * UPnP IGD control (WANIPConnection:1/2 and WANPPPConnection:1, UPnP Forum IGD 2.0): read the
 * device description, then `GetExternalIPAddress` and the port mappings one index at a time with
 * `GetGenericPortMappingEntry` until the router says the index is invalid (error 713). The XML we
 * read is a handful of flat elements, so it is read by hand, strictly, and tested against
 * miniupnpd's captured answers. Every URL stays on the host the description came from.
 */
import { canonicalIp } from '../../../shared/address';
import type { PathMapping } from '../../../shared/report';
import { checkedLocation } from './ssdp';

/** One HTTP request. */
export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** Sends one request; null when it failed (refused, timeout, too large). Never follows redirects. */
export type HttpClient = (
  request: HttpRequest,
  signal?: AbortSignal,
) => Promise<{ status: number; body: string } | null>;

/** Most mappings read from a router (a check needs only those of its ports; routers list few). */
export const MAX_MAPPING_ENTRIES = 64;

const SERVICE = /^urn:schemas-upnp-org:service:(WANIPConnection:[12]|WANPPPConnection:1)$/;

/** XML text content: the five predefined entities and numeric references (XML 1.0 §4.6). */
function xmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16) % 0x110000);
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)) % 0x110000);
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? '';
  });
}

/** The text of the first `<name>` element (any namespace prefix) in `xml`, or null. */
function element(xml: string, name: string): string | null {
  const match = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[\\w-]+:)?${name}>`).exec(xml);
  return match ? xmlText(match[1]!).trim() : null;
}

/** The WAN connection service of a description: its type and absolute control URL, on the description's host. */
export interface IgdService {
  serviceType: string;
  controlUrl: string;
}

/** Finds the first WAN connection service in a device description; null when there is none. */
export function findWanService(description: string, location: string): IgdService | null {
  const host = new URL(location).hostname.replace(/^\[|\]$/g, '');
  for (const [, block] of description.matchAll(/<service>([\s\S]*?)<\/service>/g)) {
    const serviceType = element(block!, 'serviceType');
    const control = element(block!, 'controlURL');
    if (!serviceType || !control || !SERVICE.test(serviceType)) continue;
    let url: string;
    try {
      url = new URL(control, location).href;
    } catch {
      continue;
    }
    const checked = checkedLocation(url, host);
    if (checked) return { serviceType, controlUrl: checked };
  }
  return null;
}

/** A SOAP action request (UPnP Device Architecture 2.0 §3.2.1). */
export function soapRequest(service: IgdService, action: string, args: Record<string, string> = {}): HttpRequest {
  const body = Object.entries(args)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return {
    url: service.controlUrl,
    method: 'POST',
    headers: {
      'Content-Type': 'text/xml; charset="utf-8"',
      SOAPAction: `"${service.serviceType}#${action}"`,
    },
    body:
      '<?xml version="1.0"?>\r\n<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" ' +
      's:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>' +
      `<u:${action} xmlns:u="${service.serviceType}">${body}</u:${action}></s:Body></s:Envelope>\r\n`,
  };
}

/** A UPnP error (UDA 2.0 §3.2.2): the fault's errorCode, or null when the body is no fault. */
export function soapErrorCode(body: string): number | null {
  if (!/<(?:[\w-]+:)?Fault[\s>]/.test(body)) return null;
  const code = Number(element(body, 'errorCode'));
  return Number.isInteger(code) && code > 0 ? code : 0;
}

/** The address of a GetExternalIPAddress answer; null when empty, not an IPv4 address, or a fault. */
export function readExternalAddress(status: number, body: string): string | null {
  if (status !== 200 || soapErrorCode(body) !== null) return null;
  const text = element(body, 'NewExternalIPAddress') ?? '';
  const ip = canonicalIp(text);
  return ip && !ip.includes(':') && ip !== '0.0.0.0' ? ip : null;
}

const cleanText = (text: string, max: number): string => text.replace(/[^\x20-\x7e\u00a0-\uffff]/g, ' ').slice(0, max);

/** One GetGenericPortMappingEntry answer as a mapping; null for a fault or a broken entry. */
export function readMappingEntry(status: number, body: string): PathMapping | null {
  if (status !== 200 || soapErrorCode(body) !== null) return null;
  const protocol = element(body, 'NewProtocol')?.toUpperCase();
  const externalPort = Number(element(body, 'NewExternalPort'));
  const internalPort = Number(element(body, 'NewInternalPort'));
  const internalClient = canonicalIp(element(body, 'NewInternalClient') ?? '');
  const port = (n: number) => Number.isInteger(n) && n >= 0 && n <= 65535;
  if ((protocol !== 'UDP' && protocol !== 'TCP') || !port(externalPort) || !port(internalPort) || !internalClient)
    return null;
  const remote = element(body, 'NewRemoteHost') ?? '';
  return {
    protocol,
    externalPort,
    internalClient,
    internalPort,
    enabled: element(body, 'NewEnabled') !== '0',
    description: cleanText(element(body, 'NewPortMappingDescription') ?? '', 100),
    remoteHost: canonicalIp(remote),
  };
}

/** What the IGD said. */
export interface IgdAnswer {
  externalAddress: string | null;
  mappings: PathMapping[];
}

/**
 * Reads the IGD behind `location` (already checked to be on the answering device): description,
 * external address, then the mappings until error 713 (SpecifiedArrayIndexInvalid), any other
 * fault, a failed request or MAX_MAPPING_ENTRIES. Null when the description names no WAN service.
 */
export async function queryIgd(location: string, http: HttpClient, signal?: AbortSignal): Promise<IgdAnswer | null> {
  const description = await http({ url: location, method: 'GET' }, signal);
  if (!description || description.status !== 200) return null;
  const service = findWanService(description.body, location);
  if (!service) return null;
  const address = await http(soapRequest(service, 'GetExternalIPAddress'), signal);
  const externalAddress = address ? readExternalAddress(address.status, address.body) : null;
  const mappings: PathMapping[] = [];
  for (let index = 0; index < MAX_MAPPING_ENTRIES && !signal?.aborted; index++) {
    const answer = await http(
      soapRequest(service, 'GetGenericPortMappingEntry', { NewPortMappingIndex: String(index) }),
      signal,
    );
    const mapping = answer ? readMappingEntry(answer.status, answer.body) : null;
    if (!mapping) break;
    mappings.push(mapping);
  }
  return { externalAddress, mappings };
}
