/**
 * What the Linux packet filter does with an unsolicited UDP datagram arriving on each checked port
 * (the check's Test 2, and a caller's audio): walks the input chains of nftables (`nft -j list
 * ruleset`, nft-rules.ts) or iptables (`iptables -S`, iptables-rules.ts, with ufw) rule by rule,
 * first match wins, jumps followed, the chain's policy last; firewalld zones in firewalld-rules.ts.
 * This file holds the walk they share.
 *
 * Rules that can never match such a packet are passed over (TCP only, loopback only, conntrack
 * ESTABLISHED/RELATED). An accept that depends on something else (a source address, an interface,
 * a mark) makes the port "conditional": it may or may not let the STUN server's answer in.
 */

/** Where a port ends up. */
export type PortFate = 'allowed' | 'blocked' | 'conditional';

/** The result for the checked ports. */
export interface InputCoverage {
  /** The input chains read, e.g. "inet filter input" or "INPUT". */
  chains: string[];
  allowed: number[];
  blocked: number[];
  conditional: number[];
  /**
   * Where the fix goes (nft: family, table, chain): the first chain that blocks a port, else the
   * first that lets one in only under a condition.
   */
  blockingChain: { family: string; table: string; chain: string } | null;
}

/** What a rule does with a packet it matches (null: nothing final, e.g. a counter or RETURN). */
export type Verdict = 'accept' | 'drop' | { jump: string; goto: boolean } | null;

/** One rule, reduced to what matters for an unsolicited UDP datagram. */
export interface Rule {
  /** Ports it matches (null: any port). */
  ports: ((port: number) => boolean) | null;
  /** It also depends on something else (address, interface, mark…). */
  conditional: boolean;
  verdict: Verdict;
}

/** A chain's rules in order, and its policy. */
export interface Chain {
  rules: Rule[];
  /** Base chains: the policy; others return to the caller. */
  policy: 'accept' | 'drop' | null;
}

/** Follows one port through `start`; null when the chain falls through (non-base chain). */
function walk(
  chains: Map<string, Chain>,
  name: string,
  port: number,
  depth: number,
): { fate: PortFate; sawConditional: boolean } | null {
  const chain = chains.get(name);
  if (!chain || depth > 16) return { fate: 'conditional', sawConditional: true };
  let sawConditional = false;
  for (const rule of chain.rules) {
    if (rule.ports && !rule.ports(port)) continue;
    if (rule.verdict === null) continue;
    if (rule.conditional) {
      // Might match, might not: an accept (or a jump) here is a maybe; a conditional drop is passed over.
      if (rule.verdict !== 'drop') sawConditional = true;
      continue;
    }
    if (rule.verdict === 'accept') return { fate: 'allowed', sawConditional };
    if (rule.verdict === 'drop') return { fate: sawConditional ? 'conditional' : 'blocked', sawConditional };
    const inner = walk(chains, rule.verdict.jump, port, depth + 1);
    if (inner) {
      if (inner.fate === 'blocked' && sawConditional) return { fate: 'conditional', sawConditional };
      return { fate: inner.fate, sawConditional: sawConditional || inner.sawConditional };
    }
    if (rule.verdict.goto) return null;
  }
  if (chain.policy === null) return null;
  if (chain.policy === 'accept') return { fate: 'allowed', sawConditional };
  return { fate: sawConditional ? 'conditional' : 'blocked', sawConditional };
}

/** Follows every port through every base chain on the input hook; the worst fate wins. */
export function cover(
  chains: Map<string, Chain>,
  bases: { key: string; label: string; family: string; table: string; chain: string }[],
  ports: readonly number[],
): InputCoverage {
  const out: InputCoverage = {
    chains: bases.map((b) => b.label),
    allowed: [],
    blocked: [],
    conditional: [],
    blockingChain: null,
  };
  let conditionalChain: InputCoverage['blockingChain'] = null;
  for (const port of ports) {
    // A packet must pass every base chain on the input hook.
    let fate: PortFate = 'allowed';
    for (const base of bases) {
      const result = walk(chains, base.key, port, 0) ?? { fate: 'allowed' as const };
      const where = { family: base.family, table: base.table, chain: base.chain };
      if (result.fate === 'blocked') {
        fate = 'blocked';
        out.blockingChain ??= where;
        break;
      }
      if (result.fate === 'conditional') {
        fate = 'conditional';
        conditionalChain ??= where;
      }
    }
    out[fate].push(port);
  }
  // With nothing blocked, the fix for the conditional ports goes where they were held up.
  out.blockingChain ??= conditionalChain;
  return out;
}

/** The worse fate of each port over two readings (a packet must get through both). */
export function mergeCoverage(a: InputCoverage, b: InputCoverage): InputCoverage {
  const fate = (c: InputCoverage, port: number): PortFate =>
    c.blocked.includes(port) ? 'blocked' : c.conditional.includes(port) ? 'conditional' : 'allowed';
  const out: InputCoverage = {
    chains: [...a.chains, ...b.chains],
    allowed: [],
    blocked: [],
    conditional: [],
    blockingChain: b.blockingChain ?? a.blockingChain,
  };
  for (const port of [...new Set([...a.allowed, ...a.blocked, ...a.conditional])].sort((x, y) => x - y)) {
    const [fa, fb] = [fate(a, port), fate(b, port)];
    out[
      fa === 'blocked' || fb === 'blocked'
        ? 'blocked'
        : fa === 'conditional' || fb === 'conditional'
          ? 'conditional'
          : 'allowed'
    ].push(port);
  }
  return out;
}

/** `5060`, `9000:10999` or `5060,9000:10999` as a port test. */
export function iptablesPorts(spec: string): (port: number) => boolean {
  const parts = spec.split(',').map((p) => p.split(':').map(Number));
  return (port) => parts.some(([from, to]) => port >= from! && port <= (to ?? from!));
}
