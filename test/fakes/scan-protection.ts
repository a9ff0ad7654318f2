/**
 * A router's port-scan and flood protection, for the simulated network (issue 10). Three kinds,
 * as real devices do them:
 * - `psd`: xtables-addons' psd match (xt_psd.c), exactly: per source address, a new destination
 *   port adds a weight (`loWeight` below 1024, `hiWeight` from 1024); a packet to a port already
 *   seen changes nothing; the entry is forgotten when more than `delayMs` have passed since the
 *   last new port; once the sum reaches `threshold` every packet to a new port matches (and keeps
 *   the entry fresh). The action drops the matching packet, or also puts the source on a block
 *   list for `blockMs` (MikroTik's `psd=21,3s,3,1` + address list).
 * - `rate`: a meter on new flows per source (nftables `ct state new meter … limit rate over N/second
 *   burst B packets`): over it, the source goes on the block list for `blockMs`.
 * Block-listed sources lose every packet until their entry times out. Only packets that are not
 * replies to a flow the host opened count (conntrack's NEW), so Test 1's answers never do.
 */

/** One protection rule. `source`: only packets from this address are watched (default: all). */
export type Protection =
  | {
      kind: 'psd';
      source?: string;
      threshold?: number;
      delayMs?: number;
      loWeight?: number;
      hiWeight?: number;
      /** Also block-list the source for this long when it matches; absent: drop only. */
      blockMs?: number;
    }
  | { kind: 'rate'; source?: string; perSecond: number; burst: number; blockMs: number };

/** psd's per-source entry (struct host in xt_psd.c). */
interface PsdHost {
  timestamp: number;
  weight: number;
  ports: Set<number>;
}

/** The protection rules and their state; `admit` decides for each inbound packet. */
export class ScanProtection {
  /** Block list: source address → until when (ms). */
  readonly blockList = new Map<string, number>();
  /** Packets dropped, by reason. */
  readonly drops = { psd: 0, blockList: 0 };
  /** Every packet the rules looked at (not replies, not block-listed), with whether it matched. */
  readonly seen: { source: string; port: number; at: number; matched: boolean }[] = [];
  /** When each source was block-listed (for tests). */
  readonly blockedAt: { source: string; at: number }[] = [];
  private readonly psd: Map<string, PsdHost>[];
  private readonly buckets: Map<string, { tokens: number; last: number }>[];

  constructor(private readonly rules: readonly Protection[]) {
    this.psd = rules.map(() => new Map());
    this.buckets = rules.map(() => new Map());
  }

  /** Whether a packet from `source` to the router's public `port` gets through. */
  admit(source: string, port: number, reply: boolean, now: number): boolean {
    const until = this.blockList.get(source);
    if (until !== undefined && now < until) {
      this.drops.blockList++;
      return false;
    }
    if (until !== undefined) this.blockList.delete(source);
    if (reply) return true;
    for (const [index, rule] of this.rules.entries()) {
      if (rule.source !== undefined && rule.source !== source) continue;
      const match =
        rule.kind === 'psd' ? this.psdMatch(index, rule, source, port, now) : this.rateOver(index, rule, source, now);
      this.seen.push({ source, port, at: now, matched: match });
      if (!match) continue;
      if (rule.blockMs !== undefined) this.block(source, now, rule.blockMs);
      this.drops.psd++;
      return false;
    }
    return true;
  }

  /** Empties the block list (an admin removes the address from it). */
  unblock(source: string): void {
    this.blockList.delete(source);
  }

  private block(source: string, now: number, ms: number): void {
    if (!this.blockList.has(source)) this.blockedAt.push({ source, at: now });
    this.blockList.set(source, now + ms);
  }

  /** xt_psd.c's psd_match for one packet (UDP: no TCP flag cases). */
  private psdMatch(
    index: number,
    rule: Extract<Protection, { kind: 'psd' }>,
    source: string,
    port: number,
    now: number,
  ): boolean {
    const hosts = this.psd[index]!;
    const threshold = rule.threshold ?? 21;
    const delay = rule.delayMs ?? 3000;
    const weight = port < 1024 ? (rule.loWeight ?? 3) : (rule.hiWeight ?? 1);
    const host = hosts.get(source);
    if (host && now - host.timestamp <= delay && now >= host.timestamp) {
      if (host.ports.has(port)) return false;
      host.timestamp = now;
      if (host.weight >= threshold) return true;
      host.weight += weight;
      if (host.weight >= threshold) return true;
      host.ports.add(port);
      return false;
    }
    hosts.set(source, { timestamp: now, weight, ports: new Set([port]) });
    return false;
  }

  /** A token bucket per source: `burst` packets, then `perSecond`. */
  private rateOver(index: number, rule: Extract<Protection, { kind: 'rate' }>, source: string, now: number): boolean {
    const buckets = this.buckets[index]!;
    const bucket = buckets.get(source) ?? { tokens: rule.burst, last: now };
    bucket.tokens = Math.min(rule.burst, bucket.tokens + ((now - bucket.last) * rule.perSecond) / 1000);
    bucket.last = now;
    buckets.set(source, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return false;
    }
    return true;
  }
}
