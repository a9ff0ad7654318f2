/**
 * What a SIP ALG did to our request: the request as sent against the request as our server
 * received it, start line, then header by header (RFC 3261 §7.3: names are case-insensitive,
 * compact forms §7.3.3 are the same header, several values of one header keep their order §7.3.1),
 * then the body; an SDP body (RFC 4566 §5) line by line per type (o=, c=, m=…).
 */
import type { SipDifference } from '../../../shared/report';
import { splitSip, type SipHeader } from './sip-message';

export type { SipDifference } from '../../../shared/report';

// §7.3.3 compact forms and the usual spelling of the headers we send.
const CANONICAL: Record<string, string> = {
  v: 'Via',
  via: 'Via',
  f: 'From',
  from: 'From',
  t: 'To',
  to: 'To',
  i: 'Call-ID',
  'call-id': 'Call-ID',
  m: 'Contact',
  contact: 'Contact',
  l: 'Content-Length',
  'content-length': 'Content-Length',
  c: 'Content-Type',
  'content-type': 'Content-Type',
  cseq: 'CSeq',
  'max-forwards': 'Max-Forwards',
  'user-agent': 'User-Agent',
  'record-route': 'Record-Route',
};

function canonical(name: string): string {
  return CANONICAL[name.toLowerCase()] ?? name;
}

/** Groups values by key, keeping first-seen key order and value order. */
function group<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k) ?? [];
    list.push(value(item));
    out.set(k, list);
  }
  return out;
}

/** Pairs the values of each key in order: changed where both differ, else added or removed. */
function diffGroups(sent: Map<string, string[]>, received: Map<string, string[]>, label: (k: string) => string) {
  const out: SipDifference[] = [];
  for (const key of new Set([...sent.keys(), ...received.keys()])) {
    const a = sent.get(key) ?? [];
    const b = received.get(key) ?? [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const s = a[i] ?? null;
      const r = b[i] ?? null;
      if (s === r) continue;
      const change = s === null ? 'added' : r === null ? 'removed' : 'changed';
      out.push({ field: label(key), change, sent: s, received: r });
    }
  }
  return out;
}

function headerDiff(sent: SipHeader[], received: SipHeader[]): SipDifference[] {
  const byName = (list: SipHeader[]) =>
    group(
      list,
      (h) => canonical(h.name),
      (h) => h.value,
    );
  return diffGroups(byName(sent), byName(received), (k) => k);
}

function sdpLines(body: string): { type: string; line: string }[] {
  return body
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .map((line) => ({ type: /^([a-z])=/.exec(line)?.[1] ?? '?', line }));
}

function bodyDiff(sent: string, received: string, sdp: boolean): SipDifference[] {
  if (sent === received) return [];
  if (!sdp) return [{ field: 'Body', change: 'changed', sent, received }];
  const lines = (body: string) =>
    group(
      sdpLines(body),
      (l) => l.type,
      (l) => l.line,
    );
  return diffGroups(lines(sent), lines(received), (k) => `SDP ${k}=`);
}

/**
 * Every difference between `sent` and `received`; empty when the request arrived byte for byte.
 * A received message that is not SIP any more counts as one changed `Request-Line`.
 */
export function compareSip(sent: Buffer, received: Buffer): SipDifference[] {
  if (sent.equals(received)) return [];
  const a = splitSip(sent);
  const b = splitSip(received);
  if (!a) throw new Error('the sent request is not a SIP message');
  if (!b) return [{ field: 'Request-Line', change: 'changed', sent: a.startLine, received: null }];
  const out: SipDifference[] = [];
  if (a.startLine !== b.startLine)
    out.push({ field: 'Request-Line', change: 'changed', sent: a.startLine, received: b.startLine });
  out.push(...headerDiff(a.headers, b.headers));
  const sdp = a.headers.some((h) => canonical(h.name) === 'Content-Type' && /^application\/sdp/i.test(h.value));
  out.push(...bodyDiff(a.body, b.body, sdp));
  return out;
}

/** The fields that differ, once each, in order of first appearance (the report's `changed`). */
export function changedFields(differences: readonly SipDifference[]): string[] {
  return [...new Set(differences.map((d) => d.field))];
}
