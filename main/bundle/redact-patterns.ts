/**
 * What the bundle's redaction looks for, in every spelling a report, a log or an OS command's
 * output uses: IPv4 (zero-padded, URL-encoded, BSD's `a.b.c.d.port`, before a full stop), IPv6
 * (any case, `addr:fe80::3`, URL-encoded, zones left as they are), MAC addresses (colons, dashes,
 * Cisco dots, bare hex, `enx…`/`wlx…` interface names) and home folders (`/home/x`, `/Users/x`,
 * `C:\Users\x`, JSON- and URL-escaped). Each matcher reports spans; redact.ts decides what they
 * become. Addresses are parsed with shared/address.ts, never judged by their text.
 */
import { canonicalIp, ipScope, type IpScope } from '../../shared/address';

/** One thing found in a text: `value` is its canonical form, the same for every spelling. */
export interface Found {
  start: number;
  end: number;
  value: string;
  /** Text kept in front of the placeholder (an interface name's `enx`, a home folder's prefix). */
  keep?: string;
}

const PERCENT_DOT = /%2e/gi;
const PERCENT_COLON = /%3a/gi;

/** IPv4: four parts, each optionally zero-padded, dots or %2E; an optional BSD `.port` after. */
const IPV4 = /(?<!\d|\.|%2e)(0*\d{1,3})((?:\.|%2e)0*\d{1,3}){3}(?=(?:(?:\.|%2e)\d{1,5})?(?!\d|(?:\.|%2e)\d))/gi;

/** Netmasks say nothing about anyone and are what makes a route or interface listing readable. */
function isNetmask(bytes: number[]): boolean {
  const bits = bytes.reduce((n, b) => n * 256 + b, 0);
  const inverted = 0xffffffff - bits;
  return bytes[0] === 255 && (inverted & (inverted + 1)) === 0;
}

/** IPv4 addresses in `text`; `value` is canonical dotted decimal. 0.0.0.0 and netmasks are left. */
export function findIpv4(text: string): (Found & { scope: IpScope })[] {
  const found: (Found & { scope: IpScope })[] = [];
  for (const match of text.matchAll(IPV4)) {
    const parts = match[0].replace(PERCENT_DOT, '.').split('.').map(Number);
    if (parts.some((p) => p > 255) || isNetmask(parts)) continue;
    const value = parts.join('.');
    const scope = ipScope(value);
    if (scope === 'unspecified') continue;
    found.push({ start: match.index, end: match.index + match[0].length, value, scope });
  }
  return found;
}

/**
 * Runs of hex digits, colons, dots and %3A not glued to a hex digit, colon or dot before. Here and
 * below, a letter after a backslash is an escape (JSON's "\n2001:db8::1"), not part of a word.
 */
const IPV6_RUN = /(?<![0-9a-f:.%])(?:[0-9a-f.]|%3a)*(?::|%3a)(?:[0-9a-f.:]|%3a)*/gi;

/** IPv6 addresses in `text`; `value` is RFC 5952 text without the zone, which stays in the text. */
export function findIpv6(text: string): (Found & { scope: IpScope; family: 4 | 6 })[] {
  const found: (Found & { scope: IpScope; family: 4 | 6 })[] = [];
  for (const match of text.matchAll(IPV6_RUN)) {
    let start = match.index;
    let raw = match[0];
    // "addr:fe80::3": a label's colon in front; "…::1." or "…::1:" at the end of a sentence.
    if (/^(?::|%3a)(?!:|%3a)/i.test(raw)) {
      const skip = raw.startsWith(':') ? 1 : 3;
      start += skip;
      raw = raw.slice(skip);
    } else if (/[g-z_]/i.test(text[start - 1] ?? '') && text[start - 2] !== '\\') continue; // "std::string" is no address
    raw = raw.replace(/\.+$/, '');
    if (/[^:]:$/.test(raw)) raw = raw.slice(0, -1);
    if (/[g-z_]/i.test(text[start + raw.length] ?? '')) continue;
    const plain = raw.replace(PERCENT_COLON, ':');
    if ((plain.match(/:/g) ?? []).length < 2) continue;
    const canonical = canonicalIp(plain);
    if (!canonical) continue;
    const scope = ipScope(canonical);
    if (scope === 'unspecified') continue;
    // A v4-mapped address is its IPv4 address: the same placeholder as the plain spelling.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(canonical)?.[1];
    found.push({ start, end: start + raw.length, value: mapped ?? canonical, scope, family: mapped ? 4 : 6 });
  }
  return found;
}

const MAC_SEPARATED =
  /(?<![.-]|[0-9a-f:]:|(?<!\\)\w)([0-9a-f]{1,2})(:|-|%3a)((?:[0-9a-f]{1,2}\2){4}[0-9a-f]{1,2})(?!\w|:[0-9a-f]|%3a|-[0-9a-f])/gi;
const MAC_CISCO = /(?<![.]|(?<!\\)\w)([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})(?![\w]|\.[0-9a-f])/gi;
const MAC_BARE = /(?<![-]|(?<!\\)\w)(enx|wlx)?([0-9a-f]{12})(?![\w-])/gi;
const NOT_SECRET_MACS = new Set(['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff']);

function macValue(hex: string): string {
  return hex.toLowerCase().match(/../g)!.join(':');
}

/**
 * MAC addresses in `text`. Cisco-dotted and bare hex need a hex letter (or to be one of `known`):
 * twelve digits alone are more often a number than an address.
 */
export function findMacs(text: string, known: ReadonlySet<string>): Found[] {
  const found: Found[] = [];
  const add = (start: number, length: number, value: string, keep?: string) => {
    if (!NOT_SECRET_MACS.has(value)) found.push({ start, end: start + length, value, keep });
  };
  for (const m of text.matchAll(MAC_SEPARATED)) {
    const groups = m[0].split(m[2]!.length === 1 ? m[2]! : /%3a/i);
    if (m[2] === '-' && groups.some((g) => g.length !== 2)) continue;
    add(m.index, m[0].length, macValue(groups.map((g) => g.padStart(2, '0')).join('')));
  }
  for (const m of text.matchAll(MAC_CISCO)) {
    const value = macValue(m[1]! + m[2]! + m[3]!);
    if (/[a-f]/i.test(m[0]) || known.has(value)) add(m.index, m[0].length, value);
  }
  for (const m of text.matchAll(MAC_BARE)) {
    const value = macValue(m[2]!);
    if (m[1] || /[a-f]/i.test(m[2]!) || known.has(value))
      add(m.index, m[0].length, value, m[1] ? `${m[1]}-` : undefined);
  }
  return found;
}

// Separators as written, JSON-escaped (\\) and URL-encoded.
const SEP = String.raw`(?:\\\\|\\|/|%5c|%2f)`;
const NAME = String.raw`[^\\/\s"'<>&|*?:;,()%\[\]{}\u{F0000}-\u{FFFFD}]+`;
const HOME = new RegExp(
  String.raw`((?:[a-z]:)?${SEP}(?:users|documents and settings)${SEP}|${SEP}home${SEP})(${NAME}(?: ${NAME})?(?=${SEP})|${NAME})`,
  'giu',
);
/** Folders under Users/home that belong to nobody in particular. */
const SHARED_HOMES = new Set([
  'root',
  'public',
  'default',
  'default user',
  'all users',
  'shared',
  'guest',
  'administrator',
]);

/** User names found as home folders in `text` (`value` lower case; `keep` the folder before it). */
export function findHomes(text: string): Found[] {
  const found: Found[] = [];
  for (const m of text.matchAll(HOME)) {
    const name = m[2]!;
    if (name.length < 2 || SHARED_HOMES.has(name.toLowerCase())) continue;
    found.push({ start: m.index, end: m.index + m[0].length, value: name.toLowerCase(), keep: m[1] });
  }
  return found;
}
