/**
 * SIP echo, as pure functions: a SIP request in, a final answer out whose body is the request
 * exactly as received plus the source address and port seen, so the checker can compare what it
 * sent with what arrived and see what a SIP ALG changed on the way.
 *
 * - Every request but ACK gets `200 OK` (RFC 3261 §8.2.6): one fixed code keeps the checker
 *   simple, it is what an ALG expects for OPTIONS and REGISTER, and a final answer ends the
 *   client's transaction (§17.1). ACK gets nothing (§17.2.1). Responses are never answered.
 * - Via, From, To (with a tag added when missing, §8.2.6.2), Call-ID and CSeq are copied (§8.2.6.2).
 * - The body is `application/vnd.voip-fwcheck.echo+json` with base64 values: an ALG such as
 *   Linux nf_nat_sip rewrites addresses in SIP headers and in `application/sdp` bodies only, and
 *   base64 hides the address text from ALGs that search the whole payload for it.
 * - The answer goes to the source address and port the request came from (as RFC 3581 rport
 *   would), never to the address a Via names: Via is not used to route anything here.
 */

/** Largest SIP request taken (head and body), over UDP and TCP. */
export const MAX_SIP_BYTES = 8192;
/** Content type of the echo body. */
export const ECHO_CONTENT_TYPE = 'application/vnd.voip-fwcheck.echo+json';

/** The parts of a request head the answer needs. */
export interface SipHead {
  method: string;
  /** Header lines to copy into the answer (unfolded), in order. */
  copied: string[];
  hasToTag: boolean;
  /** Bytes of the request line and headers, blank line included. */
  headLength: number;
  contentLength: number | null;
}

// RFC 3261 §25.1: a method is a token; the request line is Method SP Request-URI SP SIP-Version.
const REQUEST_LINE = /^([!%'*+\-.0-9A-Z_`a-z~]{1,32}) (\S{1,2048}) SIP\/2\.0$/;
const HEADER = /^([!%'*+\-.0-9A-Z_`a-z~]+)[ \t]*:[ \t]*(.*)$/;
// §7.3.3 compact forms.
const COPIED: Record<string, string> = { via: 'via', v: 'via', from: 'from', f: 'from', to: 'to', t: 'to' };
Object.assign(COPIED, { 'call-id': 'call-id', i: 'call-id', cseq: 'cseq' });

/** Where the head ends (after CRLFCRLF), or -1 when not there yet. */
export function headEnd(data: Buffer): number {
  const at = data.indexOf('\r\n\r\n');
  return at < 0 ? -1 : at + 4;
}

/** Parses a request head; null when it is not a SIP request with the headers an answer needs. */
export function parseSipHead(data: Buffer): SipHead | null {
  const end = headEnd(data);
  if (end < 0) return null;
  const text = data.subarray(0, end - 4).toString('latin1');
  const lines = text.split('\r\n');
  const requestLine = REQUEST_LINE.exec(lines[0]!);
  if (!requestLine) return null;
  const headers: string[] = [];
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line) && headers.length > 0)
      headers[headers.length - 1] += ` ${line.trim()}`; // §7.3.1 folding
    else headers.push(line);
  }
  const copied: string[] = [];
  const seen = new Set<string>();
  let contentLength: number | null = null;
  let hasToTag = false;
  for (const line of headers) {
    const match = HEADER.exec(line);
    if (!match) return null;
    const name = match[1]!.toLowerCase();
    const value = match[2]!.trim();
    const canonical = COPIED[name];
    if (canonical) {
      copied.push(line);
      seen.add(canonical);
      if (canonical === 'to') hasToTag = /;\s*tag\s*=/i.test(value);
    }
    if (name === 'content-length' || name === 'l') {
      if (!/^\d{1,5}$/.test(value)) return null;
      contentLength = Number(value);
    }
  }
  if (!['via', 'from', 'to', 'call-id', 'cseq'].every((h) => seen.has(h))) return null;
  return { method: requestLine[1]!, copied, hasToTag, headLength: end, contentLength };
}

/** The echo body: version, transport, source seen and request, values in base64. */
export function echoBody(request: Buffer, source: { address: string; port: number }, transport: 'udp' | 'tcp'): string {
  const seen = source.address.includes(':') ? `[${source.address}]:${source.port}` : `${source.address}:${source.port}`;
  return JSON.stringify({
    v: 1,
    transport,
    source: Buffer.from(seen, 'utf8').toString('base64'),
    request: request.toString('base64'),
  });
}

/** The 200 OK answer to a parsed request (§8.2.6), with the echo body. `tag`: the To tag to add. */
export function buildEchoAnswer(
  request: Buffer,
  head: SipHead,
  source: { address: string; port: number },
  transport: 'udp' | 'tcp',
  tag: string,
): Buffer {
  const body = echoBody(request, source, transport);
  const lines = ['SIP/2.0 200 OK'];
  for (const line of head.copied) {
    const isTo = /^(to|t)[ \t]*:/i.test(line);
    lines.push(isTo && !head.hasToTag ? `${line};tag=${tag}` : line);
  }
  lines.push(`Content-Type: ${ECHO_CONTENT_TYPE}`, `Content-Length: ${Buffer.byteLength(body)}`, '', body);
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

/** What to do with one SIP datagram or framed TCP message. */
export type SipOutcome =
  { kind: 'answer'; data: Buffer } | { kind: 'drop'; reason: 'not-sip' | 'ack' | 'too-large' | 'amplification' };

/**
 * One request -> its answer. Over UDP the answer must stay within `maxFactor` × the request (a
 * forged source would otherwise turn us into an amplifier): a real SIP request (Via, From, To,
 * Call-ID, CSeq, Max-Forwards, Contact…) is a few hundred bytes and fits; a tiny one is dropped.
 */
export function handleSipRequest(
  request: Buffer,
  source: { address: string; port: number },
  transport: 'udp' | 'tcp',
  tag: string,
  maxFactor = 3,
): SipOutcome {
  if (request.length > MAX_SIP_BYTES) return { kind: 'drop', reason: 'too-large' };
  const head = parseSipHead(request);
  if (!head) return { kind: 'drop', reason: 'not-sip' };
  if (head.method === 'ACK') return { kind: 'drop', reason: 'ack' };
  const data = buildEchoAnswer(request, head, source, transport, tag);
  if (transport === 'udp' && data.length > maxFactor * request.length) return { kind: 'drop', reason: 'amplification' };
  return { kind: 'answer', data };
}

/**
 * RFC 3261 §18.3 stream framing: the next whole message at the start of `buffer` (head, then
 * Content-Length bytes), 'more' when incomplete, 'bad' when it cannot be a bounded SIP message.
 * Leading CRLFs are keep-alives (RFC 5626 §3.5.1) and are skipped by the caller via `skip`.
 */
export function nextStreamMessage(
  buffer: Buffer,
): { kind: 'more' } | { kind: 'bad' } | { kind: 'message'; length: number } {
  const end = headEnd(buffer);
  if (end < 0) return buffer.length >= MAX_SIP_BYTES ? { kind: 'bad' } : { kind: 'more' };
  const head = parseSipHead(buffer.subarray(0, end));
  if (!head) return { kind: 'bad' };
  const length = end + (head.contentLength ?? 0);
  if (length > MAX_SIP_BYTES) return { kind: 'bad' };
  return buffer.length >= length ? { kind: 'message', length } : { kind: 'more' };
}

/** Bytes of CRLF keep-alive at the start of a stream buffer. */
export function skip(buffer: Buffer): number {
  let n = 0;
  while (n + 1 < buffer.length && buffer[n] === 0x0d && buffer[n + 1] === 0x0a) n += 2;
  return n;
}
