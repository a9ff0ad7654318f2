/**
 * Redaction for the bundle: IP addresses (public and local), MAC addresses, STUN server names and
 * this machine's name are replaced by placeholders — the same value by the same placeholder in
 * every file — so the structure stays readable and nothing identifying leaves the customer.
 */

import { isIPv6 } from 'node:net';

const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/g;
// IPv6 candidates: hex and colons (two at least), an optional zone; confirmed with isIPv6.
const IPV6 = /(?<![\w:.])[0-9a-f]*:[0-9a-f]*:[0-9a-f:.]*(?:%[\w.]+)?(?![\w])/gi;
const MAC = /(?<![\w:])(?:[0-9a-f]{2}:){5}[0-9a-f]{2}(?![\w:])/gi;

function scopeOf(ip: string): 'local' | 'public' {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  const local =
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127);
  return local ? 'local' : 'public';
}

/** A consistent replacement table, shared by every file of one bundle. */
export class Redactor {
  private readonly table = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly names: string[] = [];

  /** Names to replace wherever they appear (STUN servers, host name), as whole words. */
  addNames(kind: 'stun-server' | 'host', names: Iterable<string>): void {
    for (const name of names) {
      const clean = name.trim().toLowerCase();
      if (clean.length < 2 || this.table.has(clean) || /^[\d.]+$/.test(clean)) continue;
      this.table.set(clean, this.placeholder(kind, kind === 'stun-server' ? '.invalid' : ''));
      this.names.push(clean);
    }
    this.names.sort((a, b) => b.length - a.length); // longest first: "stun.a.org" before "a.org"
  }

  /** Replaces everything sensitive in `text`. */
  apply(text: string): string {
    let out = text;
    for (const name of this.names) {
      const pattern = new RegExp(`(?<![\\w.-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'gi');
      out = out.replace(pattern, this.table.get(name)!);
    }
    out = out.replace(MAC, (mac) => this.lookup(mac.toLowerCase(), 'mac'));
    out = out.replace(IPV6, (ip) => (isIPv6(ip.replace(/%.*$/, '')) ? this.lookup(ip.toLowerCase(), 'ipv6') : ip));
    out = out.replace(IPV4, (ip) => this.lookup(ip, `ip-${scopeOf(ip)}`));
    return out;
  }

  /** How many distinct values were replaced (for the README of the bundle). */
  get size(): number {
    return this.table.size;
  }

  private lookup(value: string, kind: string): string {
    let placeholder = this.table.get(value);
    if (!placeholder) {
      placeholder = this.placeholder(kind);
      this.table.set(value, placeholder);
    }
    return placeholder;
  }

  private placeholder(kind: string, suffix = ''): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `${kind}-${n}${suffix}`;
  }
}
