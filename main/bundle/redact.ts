/**
 * Redaction for the bundle: IP addresses, MAC addresses, STUN server names, this machine's name
 * and domain, user names and home folders are replaced by placeholders that say what they were
 * (`ip-public-1`, `mac-2`, `user-1`, `domain-1.invalid`): the same value by the same placeholder in
 * every file, so the structure stays readable and nothing identifying leaves the customer. Ports,
 * codes and counts are left alone.
 *
 * Each stage replaces what it finds by a private-use character standing for the placeholder, so a
 * later stage never rewrites an earlier one's placeholder (a user called "host" or "mac" cannot
 * eat `host-1`); the characters become the placeholders at the end.
 */
import { isIp } from '../../shared/address';
import { findHomes, findIpv4, findIpv6, findMacs, type Found } from './redact-patterns';

/** Kinds of names the redactor is told about. */
export type NameKind = 'stun-server' | 'host' | 'domain' | 'user';

const TOKEN_BASE = 0xf0000;
const TOKENS = /[\u{F0000}-\u{FFFFD}]/gu;
/** Words that name nobody: left alone even when a machine or a domain is called so. */
const GENERIC = new Set([
  'localhost',
  'localdomain',
  'local',
  'lan',
  'home',
  'internal',
  'intranet',
  'corp',
  'workgroup',
  'root',
  'invalid',
]);
/** Second-level labels under which a two-label suffix is a public suffix (co.uk), not a company. */
const PUBLIC_SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'ltd', 'plc']);

/** A consistent replacement table, shared by every file of one bundle. */
export class Redactor {
  private readonly table = new Map<string, number>();
  private readonly placeholders: string[] = [];
  private readonly counters = new Map<string, number>();
  private readonly names = new Map<string, NameKind>();
  private readonly macs = new Set<string>();
  private namePattern: RegExp | null = null;

  /** Names to replace wherever they appear as whole words, in any case. */
  addNames(kind: NameKind, names: Iterable<string>): void {
    for (const name of names) {
      const clean = name.trim().toLowerCase().replace(/\.$/, '');
      // An address given as a name (a STUN server "[2001:db8::1]") is left to the address stages.
      if (clean.length < 2 || GENERIC.has(clean) || this.names.has(clean) || isIp(clean.replace(/^\[|\]$/g, '')))
        continue;
      this.names.set(clean, kind);
      this.namePattern = null;
    }
  }

  /**
   * A machine's name, short or fully qualified: the first label is a host, the rest a domain,
   * redacted with every parent domain that is not a public suffix (corp.example.com, example.com).
   */
  addHost(name: string): void {
    const labels = name.trim().toLowerCase().replace(/\.$/, '').split('.');
    this.addNames('host', [labels[0] ?? '']);
    this.addDomain(labels.slice(1).join('.'));
  }

  /** A DNS domain (the host's, a DNS search domain) and its parents, as in addHost. */
  addDomain(domain: string): void {
    const labels = domain.trim().toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i);
      if (suffix.length === 1 && (i > 0 || suffix[0]!.length < 4)) break; // "com", "lan"
      if (suffix.length === 2 && PUBLIC_SECOND_LEVEL.has(suffix[0]!)) break;
      this.addNames('domain', [suffix.join('.')]);
    }
  }

  /** MAC addresses known to belong here: found even where twelve digits could be a number. */
  addMacs(macs: Iterable<string>): void {
    for (const mac of macs) {
      const hex = mac.toLowerCase().replace(/[^0-9a-f]/g, '');
      if (hex.length === 12) this.macs.add(hex.match(/../g)!.join(':'));
    }
  }

  /** Learns the user names of home folders in `text` so that they go in every file, even earlier ones. */
  learn(text: string): void {
    this.addNames(
      'user',
      findHomes(text).map((f) => f.value),
    );
  }

  /** Replaces everything sensitive in `text`. */
  apply(text: string): string {
    let out = text.replace(TOKENS, '\uFFFD'); // input never holds our placeholders' characters
    out = this.replace(out, findHomes(out), (f) => this.token(`name:${f.value}`, this.names.get(f.value) ?? 'user'));
    out = this.replace(out, this.findNames(out), (f) => this.token(`name:${f.value}`, this.names.get(f.value)!));
    out = this.replace(out, findMacs(out, this.macs), (f) => this.token(`mac:${f.value}`, 'mac'));
    out = this.replace(out, findIpv6(out), (f) =>
      this.token(`ip:${f.value}`, `${f.family === 4 ? 'ip' : 'ipv6'}-${f.scope}`),
    );
    out = this.replace(out, findIpv4(out), (f) => this.token(`ip:${f.value}`, `ip-${f.scope}`));
    return out.replace(TOKENS, (c) => this.placeholders[c.codePointAt(0)! - TOKEN_BASE]!);
  }

  /** How many distinct values were replaced (for the README of the bundle). */
  get size(): number {
    return this.table.size;
  }

  private findNames(text: string): Found[] {
    if (this.names.size === 0) return [];
    if (!this.namePattern) {
      const alternatives = [...this.names.keys()]
        .sort((a, b) => b.length - a.length) // longest first: "stun.a.org" before "a.org"
        .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.namePattern = new RegExp(`(?<![-]|(?<!\\\\)\\w)(?:${alternatives.join('|')})(?![\\w-])`, 'gi');
    }
    return [...text.matchAll(this.namePattern)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
      value: m[0].toLowerCase(),
    }));
  }

  private replace<T extends Found>(text: string, found: T[], token: (f: T) => string): string {
    let out = '';
    let at = 0;
    for (const f of [...found].sort((a, b) => a.start - b.start)) {
      if (f.start < at) continue; // overlaps one already replaced
      out += text.slice(at, f.start) + (f.keep ?? '') + token(f);
      at = f.end;
    }
    return out + text.slice(at);
  }

  private token(key: string, kind: string): string {
    let index = this.table.get(key);
    if (index === undefined) {
      const n = (this.counters.get(kind) ?? 0) + 1;
      this.counters.set(kind, n);
      const suffix = kind === 'stun-server' || kind === 'domain' ? '.invalid' : '';
      index = this.placeholders.push(`${kind}-${n}${suffix}`) - 1;
      this.table.set(key, index);
    }
    return String.fromCodePoint(TOKEN_BASE + index);
  }
}
