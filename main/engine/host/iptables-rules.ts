/**
 * iptables (`iptables -S`, every chain of the filter table) and ufw (`ufw status verbose`), reduced
 * to rules walked by linux-rules.ts.
 */
import { cover, iptablesPorts, type Chain, type InputCoverage, type Rule, type Verdict } from './linux-rules';

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
