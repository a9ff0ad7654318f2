/**
 * The path findings (issue 12) as a pure decision from what the path probe saw and the port
 * results. A finding explains results; it never changes a port's code.
 */
import { ipScope, sameIp, type IpScope } from '../../../shared/address';
import type { PathFindingCode } from '../../../shared/codes';
import { pathFindingText } from '../../../shared/path-text';
import type { PathFinding, PathReport, PortResult } from '../../../shared/report';

/** What the findings need besides the path itself. */
export interface FindingContext {
  /** This computer's IPv4 addresses (a UPnP mapping to one of them is ours). Empty: unknown. */
  localAddresses: readonly string[];
  /** The local port the mapping test ran from. */
  mappingPort: number | null;
  /**
   * How to classify an address; default `ipScope`. The lab passes one that gives its documentation
   * ranges the roles they play there (LAN, link between routers, internet).
   */
  scopeOf?: (address: string) => IpScope;
}

const scopeSafe = (scopeOf: (a: string) => IpScope, address: string): IpScope | null => {
  try {
    return scopeOf(address);
  } catch {
    return null;
  }
};

/**
 * Hops between this computer's gateway (TTL 1) and the first public hop: the devices a packet
 * crosses before it is on the internet. Silent hops are skipped.
 */
function hopsBeforeInternet(path: PathReport, scopeOf: (a: string) => IpScope): string[] {
  const inner: string[] = [];
  for (const hop of path.hops) {
    if (hop.address === null) continue;
    const scope = scopeSafe(scopeOf, hop.address);
    if (scope === 'public') break;
    if (hop.ttl >= 2) inner.push(hop.address);
  }
  return inner;
}

/** Ports as "UDP 5060, TCP 5061". */
const portList = (items: readonly { protocol: string; externalPort: number }[]): string =>
  [...new Set(items.map((m) => `${m.protocol} ${m.externalPort}`))].join(', ');

/**
 * Decides the findings (English text, values for other languages), in this order:
 * CARRIER_GRADE_NAT, DOUBLE_NAT, UPNP_MAPPINGS_ELSEWHERE, ENDPOINT_DEPENDENT_MAPPING, UPNP_ENABLED.
 * - CARRIER_GRADE_NAT: the router's external address, or a hop after the gateway and before the
 *   first public one, lies in 100.64.0.0/10 (RFC 6598);
 * - DOUBLE_NAT: the router's external address is private, or public but not the one STUN saw; or,
 *   when the router did not say, a private hop sits after the gateway and before the first public one;
 * - UPNP_MAPPINGS_ELSEWHERE: an enabled mapping for a checked port points to another LAN host;
 * - ENDPOINT_DEPENDENT_MAPPING: RFC 5780 §4.3 found the mapping address(-and-port)-dependent;
 * - UPNP_ENABLED: the router answered UPnP.
 */
export function pathFindings(
  path: PathReport,
  report: { publicAddress: string | null; ports: readonly Pick<PortResult, 'port'>[] },
  context: FindingContext,
): PathFinding[] {
  const scopeOf = context.scopeOf ?? ipScope;
  const found: { code: PathFindingCode; values?: Record<string, string> }[] = [];
  const external = path.router?.externalAddress ?? null;
  const externalScope = external ? scopeSafe(scopeOf, external) : null;
  const inner = hopsBeforeInternet(path, scopeOf);

  // The router's own word about its external address wins over what the hops suggest.
  const cgn =
    externalScope === 'shared'
      ? external
      : externalScope === 'public'
        ? undefined
        : inner.find((a) => scopeSafe(scopeOf, a) === 'shared');
  if (cgn) found.push({ code: 'CARRIER_GRADE_NAT', values: { address: cgn } });

  let doubleNat: string | null = null;
  if (external && externalScope === 'private') doubleNat = external;
  else if (external && externalScope === 'public' && report.publicAddress && !sameIp(external, report.publicAddress))
    doubleNat = external;
  else if (!external) doubleNat = inner.find((a) => scopeSafe(scopeOf, a) === 'private') ?? null;
  if (doubleNat) found.push({ code: 'DOUBLE_NAT', values: { address: doubleNat } });

  if (path.router && context.localAddresses.length > 0) {
    const checked = new Set(report.ports.map((p) => p.port));
    const elsewhere = path.router.mappings.filter(
      (m) =>
        m.enabled &&
        m.protocol === 'UDP' &&
        checked.has(m.externalPort) &&
        !context.localAddresses.some((local) => sameIp(local, m.internalClient)),
    );
    if (elsewhere.length > 0) {
      const hosts = [...new Set(elsewhere.map((m) => m.internalClient))].join(', ');
      found.push({ code: 'UPNP_MAPPINGS_ELSEWHERE', values: { ports: portList(elsewhere), hosts } });
    }
  }

  if (path.mapping === 'address-dependent' || path.mapping === 'address-and-port-dependent')
    found.push({ code: 'ENDPOINT_DEPENDENT_MAPPING', values: { port: String(context.mappingPort ?? '') } });

  if (path.router?.answered.includes('upnp')) found.push({ code: 'UPNP_ENABLED' });

  return found.map((f) => ({
    code: f.code,
    text: pathFindingText(f, 'en'),
    ...(f.values ? { values: f.values } : {}),
  }));
}
