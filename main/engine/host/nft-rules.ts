/**
 * nftables as `nft -j list ruleset` shows it: base chains on the input hook, rules reduced to
 * ports, conditions and verdicts, named and anonymous sets, jumps; walked by linux-rules.ts.
 */
import { cover, type Chain, type InputCoverage, type Rule, type Verdict } from './linux-rules';

interface NftChain {
  family: string;
  table: string;
  name: string;
  hook?: string;
  type?: string;
  policy?: string;
}
interface NftRule {
  family: string;
  table: string;
  chain: string;
  expr?: Record<string, unknown>[];
}
interface NftSet {
  family: string;
  table: string;
  name: string;
  elem?: unknown[];
}

/** A port test for an nft value: a number, a range, an anonymous set or a named set. */
function nftPorts(value: unknown, sets: Map<string, NftSet>, scope: string): ((port: number) => boolean) | undefined {
  if (typeof value === 'number') return (p) => p === value;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return (p) => p === Number(value);
    if (value.startsWith('@')) {
      const set = sets.get(`${scope} ${value.slice(1)}`);
      return set ? nftPorts({ set: set.elem ?? [] }, sets, scope) : undefined;
    }
    return undefined; // a service name or something else we cannot read
  }
  if (value && typeof value === 'object') {
    const v = value as { range?: unknown[]; set?: unknown[]; prefix?: unknown };
    if (Array.isArray(v.range) && typeof v.range[0] === 'number' && typeof v.range[1] === 'number') {
      const [from, to] = v.range as [number, number];
      return (p) => p >= from && p <= to;
    }
    if (Array.isArray(v.set)) {
      const tests = v.set.map((e) => nftPorts(e, sets, scope));
      if (tests.some((t) => t === undefined)) return undefined;
      return (p) => tests.some((t) => t!(p));
    }
  }
  return undefined;
}

/** Both tests (a rule's matches all apply). */
function both(a: ((port: number) => boolean) | null, b: (port: number) => boolean): (port: number) => boolean {
  return a ? (p) => a(p) && b(p) : b;
}

function nftRule(expressions: Record<string, unknown>[], sets: Map<string, NftSet>, scope: string): Rule | null {
  let ports = null as ((port: number) => boolean) | null;
  let conditional = false;
  let verdict: Verdict = null;
  for (const e of expressions) {
    if ('accept' in e) verdict = 'accept';
    else if ('drop' in e || 'reject' in e) verdict = 'drop';
    else if ('jump' in e || 'goto' in e) {
      const target = ((e.jump ?? e.goto) as { target?: string }).target;
      verdict = target ? { jump: `${scope} ${target}`, goto: 'goto' in e } : null;
    } else if ('return' in e) verdict = null;
    else if ('xt' in e) {
      // iptables-nft: the JSON names the extension but not its options.
      const xt = e.xt as { type?: string; name?: string };
      if (xt.type === 'target' && (xt.name === 'REJECT' || xt.name === 'DROP')) verdict = 'drop';
      else if (xt.type === 'target' && xt.name === 'ACCEPT') verdict = 'accept';
      else if (xt.name !== 'comment') conditional = true;
    } else if ('match' in e) {
      const m = e.match as { op?: string; left?: Record<string, unknown>; right?: unknown };
      const left = m.left ?? {};
      const payload = left.payload as { protocol?: string; field?: string } | undefined;
      const meta = left.meta as { key?: string } | undefined;
      const ct = left.ct as { key?: string } | undefined;
      const negated = m.op === '!=';
      if (payload && (payload.protocol === 'tcp' || payload.protocol === 'icmp' || payload.protocol === 'icmpv6'))
        return null; // never a UDP datagram
      if (payload && (payload.protocol === 'udp' || payload.protocol === 'th') && payload.field === 'dport') {
        const test = nftPorts(m.right, sets, scope);
        if (!test) conditional = true;
        else {
          ports = both(ports, negated ? (p: number) => !test(p) : test);
        }
        continue;
      }
      if (meta && (meta.key === 'l4proto' || meta.key === 'protocol')) {
        const names = ([] as unknown[]).concat((m.right as { set?: unknown[] })?.set ?? m.right);
        const udp = names.includes('udp') || names.includes(17);
        if (udp === negated) return null; // a rule for other protocols
        continue;
      }
      if (payload && (payload.protocol === 'ip' || payload.protocol === 'ip6') && payload.field === 'protocol') {
        const names = ([] as unknown[]).concat((m.right as { set?: unknown[] })?.set ?? m.right);
        if ((names.includes('udp') || names.includes(17)) === negated) return null;
        continue;
      }
      if (ct && ct.key === 'state') {
        const states = ([] as unknown[]).concat(m.right);
        const matchesNew = negated ? !states.includes('new') : states.includes('new');
        if (!matchesNew) return null; // established/related/invalid: not an unsolicited datagram
        continue;
      }
      if (meta && (meta.key === 'iifname' || meta.key === 'iif') && m.right === 'lo' && !negated) return null;
      conditional = true; // addresses, interfaces, marks…
    } else if ('counter' in e || 'log' in e || 'limit' in e || 'comment' in e) {
      if ('limit' in e) conditional = true;
    } else conditional = true; // anything else we do not model
  }
  return { ports, conditional, verdict };
}

/** Tables written by iptables-nft: their rules hold `xt` stubs whose options only `iptables -S` shows. */
export function nftIptablesTables(json: string): Set<string> {
  const data = JSON.parse(json) as { nftables?: Record<string, unknown>[] };
  const tables = new Set<string>();
  for (const e of data.nftables ?? []) {
    const rule = e.rule as NftRule | undefined;
    if (rule?.expr?.some((x) => 'xt' in x)) tables.add(`${rule.family} ${rule.table}`);
  }
  return tables;
}

/**
 * Reads `nft -j list ruleset` and follows each checked port; throws on unreadable JSON. Tables
 * in `skip` (iptables-nft's, read from `iptables -S` instead) are left out.
 */
export function nftInputCoverage(
  json: string,
  ports: readonly number[],
  skip: ReadonlySet<string> = new Set(),
): InputCoverage {
  const data = JSON.parse(json) as { nftables?: Record<string, unknown>[] };
  const entries = data.nftables ?? [];
  const sets = new Map<string, NftSet>();
  for (const e of entries) {
    const set = e.set as NftSet | undefined;
    if (set) sets.set(`${set.family} ${set.table} ${set.name}`, set);
  }
  const chains = new Map<string, Chain>();
  const bases: { key: string; label: string; family: string; table: string; chain: string }[] = [];
  for (const e of entries) {
    const chain = e.chain as NftChain | undefined;
    if (!chain || skip.has(`${chain.family} ${chain.table}`)) continue;
    const key = `${chain.family} ${chain.table} ${chain.name}`;
    const base = chain.hook === 'input' && (chain.type ?? 'filter') === 'filter';
    chains.set(key, { rules: [], policy: base ? (chain.policy === 'drop' ? 'drop' : 'accept') : null });
    if (base) bases.push({ key, label: key, family: chain.family, table: chain.table, chain: chain.name });
  }
  for (const e of entries) {
    const rule = e.rule as NftRule | undefined;
    if (!rule) continue;
    const scope = `${rule.family} ${rule.table}`;
    const parsed = nftRule(rule.expr ?? [], sets, scope);
    if (parsed) chains.get(`${scope} ${rule.chain}`)?.rules.push(parsed);
  }
  return cover(chains, bases, ports);
}
