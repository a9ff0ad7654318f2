/**
 * Readers for the OS's route tracers: Windows `tracert -d`, iputils `tracepath -n` and
 * `traceroute -n` (Linux, macOS). Only ASCII tokens are trusted (hop numbers, addresses), so
 * localized Windows text and OEM code-page bytes cannot mislead them: a hop line is a line that
 * starts with its TTL, and its address is the first IP address on it; a hop with none did not answer.
 */
import { canonicalIp } from '../../../shared/address';
import { lines } from '../host/runner';

/** One hop: the TTL it answered at and the address that answered, or null when none did (`*`). */
export interface Hop {
  ttl: number;
  address: string | null;
}

/** The tools we read. */
export type TraceTool = 'tracert' | 'tracepath' | 'traceroute';

const HOP_LINE = /^\s*(\d{1,3})\??:?\s+(.*)$/;
const TOKEN = /[0-9A-Fa-f:.]+/g;

/** The first token of `text` that is an IP address, canonical; null when there is none. */
function firstAddress(text: string): string | null {
  for (const token of text.match(TOKEN) ?? []) {
    if (!token.includes('.') && !token.includes(':')) continue;
    const ip = canonicalIp(token.replace(/[.:]+$/, ''));
    if (ip) return ip;
  }
  return null;
}

/**
 * Reads one tracer's output into hops, in TTL order, one per TTL (the first answer wins; tracepath
 * prints a TTL twice when it probes the path MTU). Header, summary and `[LOCALHOST]` lines are ignored.
 */
export function parseHops(tool: TraceTool, output: string): Hop[] {
  const byTtl = new Map<number, Hop>();
  for (const line of lines(output)) {
    if (tool === 'tracepath' && line.includes('[LOCALHOST]')) continue;
    const match = HOP_LINE.exec(line);
    if (!match) continue;
    // tracert's header ("通过最多 4 个跃点…") never starts with a number; tracepath's hop lines end
    // the TTL with a colon, traceroute's and tracert's with spaces.
    if (tool === 'tracepath' && !/^\s*\d{1,3}\??:/.test(line)) continue;
    if (tool !== 'tracepath' && /^\s*\d{1,3}:/.test(line)) continue;
    const ttl = Number(match[1]);
    if (ttl < 1 || ttl > 255) continue;
    // tracert puts the round-trip times before the address ("<1 ms"): they hold no dot or colon.
    const address = firstAddress(match[2]!);
    const known = byTtl.get(ttl);
    if (!known || (known.address === null && address !== null)) byTtl.set(ttl, { ttl, address });
  }
  return [...byTtl.values()].sort((a, b) => a.ttl - b.ttl);
}
