/**
 * The SIP request the ALG test sends, and the pieces of SIP it reads back. RFC 3261 §7 (message
 * layout), §8.1.1 (the headers a UAC request carries), §20 (headers) and RFC 4566 §5 (SDP).
 *
 * The request names the sender's own local address in every place a SIP ALG rewrites (Via,
 * From, Contact, Call-ID, and over UDP the SDP o= and c= lines), so an ALG on the way has
 * something to change; our server sends the request back as it arrived (main/server/sip-echo.ts).
 */
import type { Endpoint } from '../stun/codec';

/** How a request goes out. */
export interface SipRequestOptions {
  method: 'INVITE' | 'OPTIONS' | 'ACK';
  transport: 'udp' | 'tcp';
  /** This machine's address and port as the socket sees them (private behind a NAT). */
  local: Endpoint;
  /** The server's SIP echo. */
  server: Endpoint;
  callId: string;
  branch: string;
  tag: string;
  cseq: number;
  /** RTP port named in the SDP; no SDP when null. */
  rtpPort: number | null;
}

const host = (e: Endpoint): string => (e.address.includes(':') ? `[${e.address}]` : e.address);

/** The SDP offer (RFC 4566 §5) naming the local address in o= and c=. */
export function sdpOffer(local: Endpoint, rtpPort: number): string {
  const family = local.address.includes(':') ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=voip-fwcheck 1 1 IN ${family} ${local.address}`,
    's=voip-fwcheck',
    `c=IN ${family} ${local.address}`,
    't=0 0',
    `m=audio ${rtpPort} RTP/AVP 0`,
    'a=rtpmap:0 PCMU/8000',
    '',
  ].join('\r\n');
}

/** Builds the request (RFC 3261 §8.1.1: Request-URI, To, From, CSeq, Call-ID, Max-Forwards, Via, Contact). */
export function buildSipRequest(o: SipRequestOptions): Buffer {
  const me = `${host(o.local)}:${o.local.port}`;
  const uri = `sip:echo@${host(o.server)}:${o.server.port}`;
  const body = o.rtpPort === null ? '' : sdpOffer(o.local, o.rtpPort);
  const lines = [
    `${o.method} ${uri}${o.transport === 'tcp' ? ';transport=tcp' : ''} SIP/2.0`,
    `Via: SIP/2.0/${o.transport.toUpperCase()} ${me};branch=${o.branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:voip-fwcheck@${me}>;tag=${o.tag}`,
    `To: <${uri}>`,
    `Call-ID: ${o.callId}`,
    `CSeq: ${o.cseq} ${o.method}`,
    `Contact: <sip:voip-fwcheck@${me}${o.transport === 'tcp' ? ';transport=tcp' : ''}>`,
    'User-Agent: voip-fwcheck',
  ];
  if (body) lines.push('Content-Type: application/sdp');
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`, '', body);
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

/** One header line, as written. */
export interface SipHeader {
  name: string;
  value: string;
}

/** A SIP message split into its start line, headers (unfolded, §7.3.1) and body. */
export interface SipParts {
  startLine: string;
  headers: SipHeader[];
  body: string;
}

/** Splits a SIP message; null when there is no blank line ending the head (§7). */
export function splitSip(data: Buffer): SipParts | null {
  const text = data.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = text.slice(0, end).split('\r\n');
  const headers: SipHeader[] = [];
  for (const line of lines.slice(1)) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return { startLine: lines[0] ?? '', headers, body: text.slice(end + 4) };
}

/** The first value of a header, by full or compact name (§7.3.3), case-insensitive. */
export function header(parts: SipParts, ...names: string[]): string | null {
  const wanted = names.map((n) => n.toLowerCase());
  return parts.headers.find((h) => wanted.includes(h.name.toLowerCase()))?.value ?? null;
}

/** What the echo server says it received. */
export interface EchoContent {
  /** The request bytes exactly as they reached the server. */
  request: Buffer;
  /** `ip:port` the server saw the request come from. */
  source: string;
}

/** Content type of our server's echo body (main/server/sip-echo.ts). */
export const ECHO_CONTENT_TYPE = 'application/vnd.voip-fwcheck.echo+json';

/**
 * Reads a 200 answer of our echo server to our request: the body is JSON with base64 values, and
 * the request it carries must contain `key` (the random part of our Call-ID, which an ALG that
 * rewrites the host part of Call-ID in the answer leaves alone). null for anything else (another
 * request, another status, a damaged body).
 */
export function readEchoAnswer(data: Buffer, key: string): EchoContent | null {
  const parts = splitSip(data);
  if (!parts || !/^SIP\/2\.0 200 /.test(parts.startLine)) return null;
  if (header(parts, 'content-type', 'c')?.toLowerCase() !== ECHO_CONTENT_TYPE) return null;
  const length = Number(header(parts, 'content-length', 'l') ?? Number.NaN);
  const body = Number.isInteger(length) ? parts.body.slice(0, length) : parts.body;
  try {
    const json = JSON.parse(body) as { v?: unknown; request?: unknown; source?: unknown };
    if (json.v !== 1 || typeof json.request !== 'string' || typeof json.source !== 'string') return null;
    const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
    if (!base64.test(json.request) || !base64.test(json.source)) return null;
    const source = Buffer.from(json.source, 'base64').toString('utf8');
    if (!/^[\d.]+:\d+$|^\[[0-9a-fA-F:.]+\]:\d+$/.test(source)) return null;
    const request = Buffer.from(json.request, 'base64');
    return request.includes(key) ? { request, source } : null;
  } catch {
    return null;
  }
}

/**
 * RFC 3261 §18.3 stream framing for the answer over TCP: the length of the first whole message
 * in `buffer` (head + Content-Length), or null while incomplete.
 */
export function streamMessageLength(buffer: Buffer): number | null {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const parts = splitSip(buffer.subarray(0, end + 4));
  const length = Number(parts ? (header(parts, 'content-length', 'l') ?? 0) : 0);
  const total = end + 4 + (Number.isInteger(length) ? length : 0);
  return buffer.length >= total ? total : null;
}
