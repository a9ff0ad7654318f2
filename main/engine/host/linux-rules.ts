/**
 * What the Linux packet filter does with an unsolicited UDP datagram arriving on each checked port
 * (the check's Test 2, and a caller's audio): walks the input chains of nftables (`nft -j list
 * ruleset`) or iptables (`iptables -S`) rule by rule, first match wins, jumps followed, the
 * chain's policy last.
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

type Verdict = 'accept' | 'drop' | { jump: string; goto: boolean } | null;

/** One rule, reduced to what matters for an unsolicited UDP datagram. */
interface Rule {
  /** Ports it matches (null: any port). */
  ports: ((port: number) => boolean) | null;
  /** It also depends on something else (address, interface, mark…). */
  conditional: boolean;
  verdict: Verdict;
}

interface Chain {
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

function cover(
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

/* ------------------------------------------------------------------ nftables (JSON) */

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

/* ------------------------------------------------------------------ iptables -S */

/** `5060`, `9000:10999` or `5060,9000:10999` as a port test. */
function iptablesPorts(spec: string): (port: number) => boolean {
  const parts = spec.split(',').map((p) => p.split(':').map(Number));
  return (port) => parts.some(([from, to]) => port >= from! && port <= (to ?? from!));
}

/** Reads `iptables -S` (every chain of the filter table) and follows each checked port. */
export function iptablesInputCoverage(text: string, ports: readonly number[]): InputCoverage {
  const chains = new Map<string, Chain>();
  const chain = (name: string): Chain => {
    let found = chains.get(name);
    if (!found) chains.set(name, (found = { rules: [], policy: null }));
    return found;
  };
  for (const raw of text.split(/\r?\n/)) {
    const tokens = raw.trim().match(/"[^"]*"|\S+/g) ?? [];
    if (tokens[0] === '-P' && tokens[1]) {
      chain(tokens[1]).policy = tokens[2] === 'ACCEPT' ? 'accept' : 'drop';
      continue;
    }
    if (tokens[0] === '-N' && tokens[1]) {
      chain(tokens[1]);
      continue;
    }
    if (tokens[0] !== '-A' || !tokens[1]) continue;
    let ports: ((port: number) => boolean) | null = null;
    let conditional = false;
    let verdict: Verdict = null;
    let skip = false;
    for (let i = 2; i < tokens.length; i++) {
      const t = tokens[i]!;
      const next = tokens[i + 1] ?? '';
      const negated = t === '!';
      const option = negated ? next : t;
      const value = negated ? (tokens[i + 2] ?? '') : next;
      if (negated) i++;
      switch (option) {
        case '-p':
          if (['udp', '17', 'all', '0'].includes(value) === negated) skip = true;
          i++;
          break;
        case '--dport':
        case '--dports':
        case '--destination-port':
        case '--destination-ports': {
          const test = iptablesPorts(value);
          ports = negated ? (p) => !test(p) : test;
          i++;
          break;
        }
        case '--ctstate':
        case '--state': {
          const states = value.split(',');
          if (states.includes('NEW') === negated) skip = true;
          i++;
          break;
        }
        case '-i':
          if (value === 'lo' && !negated) skip = true;
          else conditional = true;
          i++;
          break;
        case '-m':
          i++; // the module name; its options follow
          break;
        case '-j':
        case '-g':
          verdict =
            value === 'ACCEPT'
              ? 'accept'
              : value === 'DROP' || value === 'REJECT'
                ? 'drop'
                : value === 'RETURN' || value === 'LOG'
                  ? null
                  : { jump: value, goto: option === '-g' };
          if (typeof verdict === 'object' && verdict !== null) chain(value);
          i = tokens.length;
          break;
        case '-s':
        case '-d':
        case '--source':
        case '--destination':
        case '--mark':
        case '--src-range':
        case '--match-set':
          conditional = true;
          i++;
          break;
        default:
          // other match options (comments, limits, counters) take one value
          if (option === '--comment') i++;
          else if (option.startsWith('--')) {
            conditional = option !== '--reject-with';
            i++;
          }
      }
    }
    if (!skip) chain(tokens[1]).rules.push({ ports, conditional, verdict });
  }
  const input = chains.has('INPUT')
    ? [{ key: 'INPUT', label: 'INPUT', family: 'ip', table: 'filter', chain: 'INPUT' }]
    : [];
  if (input.length && chains.get('INPUT')!.policy === null) chains.get('INPUT')!.policy = 'accept';
  return cover(chains, input, ports);
}

/* ------------------------------------------------------------------ ufw status verbose */

/** `ufw status verbose`: null when ufw is inactive; IPv6 rules are left out (the check is IPv4). */
export function ufwInputCoverage(
  text: string,
  ports: readonly number[],
): (InputCoverage & { denyRules: boolean }) | null {
  if (/^Status:\s*inactive/m.test(text)) return null;
  const incoming = /^Default:.*?\b(allow|deny|reject) \(incoming\)/m.exec(text)?.[1] ?? 'deny';
  const rules: Rule[] = [];
  let denyRules = false;
  let inTable = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').trimEnd();
    if (/^--\s/.test(line)) {
      inTable = true;
      continue;
    }
    if (!inTable || !line.trim()) continue;
    const [to = '', action = '', from = ''] = line.trim().split(/\s{2,}/);
    if (/\(v6\)/.test(to) || /\(v6\)/.test(from)) continue;
    const verb = /^(ALLOW|DENY|REJECT|LIMIT)(?: (IN|OUT|FWD))?$/.exec(action);
    if (!verb || (verb[2] && verb[2] !== 'IN')) continue;
    let conditional = !/^Anywhere$/.test(from) || verb[1] === 'LIMIT';
    let test: ((port: number) => boolean) | null = null;
    const target = /^(?:(\S+) )?([\d,:]+)(?:\/(udp|tcp))?(?: on (\S+))?$/.exec(to);
    if (target) {
      if (target[3] === 'tcp') continue;
      if (target[1] || target[4]) conditional = true; // to one address, or on one interface
      test = iptablesPorts(target[2]!);
    } else if (/^Anywhere(?: on \S+)?$/.test(to)) {
      if (to !== 'Anywhere') conditional = true;
    } else continue; // an application profile (OpenSSH…): its ports are not in this output
    const verdict: Verdict = verb[1] === 'DENY' || verb[1] === 'REJECT' ? 'drop' : 'accept';
    if (verdict === 'drop') denyRules = true;
    rules.push({ ports: test, conditional, verdict });
  }
  const chains = new Map<string, Chain>([['ufw', { rules, policy: incoming === 'allow' ? 'accept' : 'drop' }]]);
  const coverage = cover(chains, [{ key: 'ufw', label: 'ufw', family: '', table: '', chain: '' }], ports);
  return { ...coverage, denyRules };
}

/* ------------------------------------------------------------------ firewalld */

/** One zone of `firewall-cmd --list-all-zones`. */
export interface FirewalldZone {
  name: string;
  isDefault: boolean;
  active: boolean;
  target: string;
  interfaces: string[];
  sources: string[];
  services: string[];
  ports: string[];
  richRules: string[];
}

/** Splits `firewall-cmd --list-all-zones` (or `--list-all`) into zones. */
export function parseFirewalldZones(text: string): FirewalldZone[] {
  const zones: FirewalldZone[] = [];
  let zone: FirewalldZone | null = null;
  let inRich = false;
  for (const raw of text.split(/\r?\n/)) {
    const header = /^(\S+)(?: \(([^)]*)\))?\s*$/.exec(raw);
    if (header) {
      const flags = header[2] ?? '';
      zone = {
        name: header[1]!,
        isDefault: /\bdefault\b/.test(flags),
        active: /\bactive\b/.test(flags),
        target: 'default',
        interfaces: [],
        sources: [],
        services: [],
        ports: [],
        richRules: [],
      };
      zones.push(zone);
      inRich = false;
      continue;
    }
    if (!zone) continue;
    const field = /^\s+([a-z -]+):\s*(.*)$/.exec(raw);
    if (field) {
      const [, key, value = ''] = field;
      const list = value.trim() ? value.trim().split(/\s+/) : [];
      inRich = key === 'rich rules';
      if (key === 'target') zone.target = value.trim();
      else if (key === 'interfaces') zone.interfaces = list;
      else if (key === 'sources') zone.sources = list;
      else if (key === 'services') zone.services = list;
      else if (key === 'ports') zone.ports = list;
      continue;
    }
    if (inRich && raw.trim().startsWith('rule ')) zone.richRules.push(raw.trim());
  }
  return zones;
}

/** The ports of `firewall-cmd --info-service=NAME` (`ports: 5060/tcp 5060/udp`). */
export function parseFirewalldService(text: string): string[] {
  const line = /^\s*ports:\s*(.*)$/m.exec(text)?.[1] ?? '';
  return line.trim() ? line.trim().split(/\s+/) : [];
}

/** The zone internet traffic meets: the default one if it has interfaces, else the first active one that has. */
export function firewalldInternetZone(zones: readonly FirewalldZone[]): FirewalldZone | null {
  const withInterfaces = zones.filter((z) => z.active && z.interfaces.length > 0);
  return withInterfaces.find((z) => z.isDefault) ?? withInterfaces[0] ?? zones.find((z) => z.isDefault) ?? null;
}

/** `5060/udp`, `9000-9999/udp` entries → a UDP port test (null when none is UDP). */
function firewalldPorts(entries: readonly string[]): ((port: number) => boolean) | null {
  const udp = entries.filter((e) => e.endsWith('/udp')).map((e) => e.slice(0, -4).replace('-', ':'));
  return udp.length ? iptablesPorts(udp.join(',')) : null;
}

/**
 * Follows each port through one firewalld zone: rich rules that drop or reject first (as
 * firewalld orders them), then rich rules that accept, ports and services, then the zone target.
 */
export function firewalldCoverage(
  zone: FirewalldZone,
  servicePorts: ReadonlyMap<string, readonly string[]>,
  ports: readonly number[],
): InputCoverage & { blockingRichRules: string[] } {
  const drops: Rule[] = [];
  const blockingRichRules: string[] = [];
  const accepts: Rule[] = [];
  for (const rich of zone.richRules) {
    const port = /\bport port="([\d-]+)" protocol="(udp|tcp)"/.exec(rich);
    if (port && port[2] !== 'udp') continue;
    const verdict: Verdict = /\b(drop|reject)\b\s*$/.test(rich) ? 'drop' : /\baccept\b/.test(rich) ? 'accept' : null;
    if (!verdict) continue;
    const conditional = /\bsource\b|\bdestination\b|\blimit\b/.test(rich);
    const rule: Rule = { ports: port ? iptablesPorts(port[1]!.replace('-', ':')) : null, conditional, verdict };
    (verdict === 'drop' ? drops : accepts).push(rule);
    // An unconditional drop of a checked port wins over any port opened in the zone: it must go.
    if (verdict === 'drop' && !conditional && ports.some((p) => !rule.ports || rule.ports(p)))
      blockingRichRules.push(rich);
  }
  const open = firewalldPorts(zone.ports);
  if (open) accepts.push({ ports: open, conditional: false, verdict: 'accept' });
  for (const service of zone.services) {
    const test = firewalldPorts(servicePorts.get(service) ?? []);
    if (test) accepts.push({ ports: test, conditional: false, verdict: 'accept' });
  }
  const policy = zone.target === 'ACCEPT' ? 'accept' : 'drop';
  const chains = new Map<string, Chain>([['zone', { rules: [...drops, ...accepts], policy }]]);
  const label = `firewalld zone ${zone.name}`;
  const coverage = cover(chains, [{ key: 'zone', label, family: '', table: zone.name, chain: '' }], ports);
  return { ...coverage, blockingRichRules };
}
