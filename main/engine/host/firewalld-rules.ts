/**
 * firewalld by zone (`firewall-cmd --list-all-zones`, `--info-service`): rich rules in firewalld's
 * order, ports, services and the zone target, walked by linux-rules.ts.
 */
import { cover, iptablesPorts, type Chain, type InputCoverage, type Rule, type Verdict } from './linux-rules';

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
