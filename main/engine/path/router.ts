/**
 * Asks the default gateway about itself, three ways at once: NAT-PMP (RFC 6886) and PCP
 * (RFC 6887) to UDP 5351, and UPnP IGD found by SSDP (M-SEARCH to the gateway and to
 * 239.255.255.250:1900), each with a short timeout. Only the gateway's own answers count: an
 * SSDP answer from another device, or a NAT-PMP/PCP answer from elsewhere, is ignored.
 */
import { sameIp } from '../../../shared/address';
import type { PathProtocol, PathRouter } from '../../../shared/report';
import type { Clock } from '../clock';
import type { Transport } from '../transport';
import { decodeNatPmpResponse, encodeNatPmpRequest, NAT_PMP_PORT } from './natpmp';
import { decodePcpResponse, encodePcpMapRequest, PCP_RESULT } from './pcp';
import { decodeSsdpAnswer, encodeMSearch, SSDP_GROUP, SSDP_PORT } from './ssdp';
import { udpAsk } from './udp-ask';
import { queryIgd, type HttpClient } from './upnp';

/** What asking the router needs. */
export interface RouterQueryDeps {
  transport: Transport;
  clock: Clock;
  http: HttpClient;
  gateway: string;
  /** This computer's address toward the gateway (PCP's client address, RFC 6887 §8.1). */
  localAddress: string | null;
  signal?: AbortSignal;
}

/** Everything the router said, per protocol (for tests and the bundle). */
export interface RouterAnswers {
  natPmp: { resultCode: number; externalAddress: string | null } | null;
  pcp: { resultCode: number; externalAddress: string | null } | null;
  upnp: {
    location: string;
    server: string | null;
    externalAddress: string | null;
    mappings: PathRouter['mappings'];
  } | null;
}

/** Asks the three ways in parallel; never throws for network reasons. */
export async function askRouter(deps: RouterQueryDeps): Promise<RouterAnswers> {
  const gateway = { address: deps.gateway, port: NAT_PMP_PORT };
  const fromGateway = (from: { address: string; port: number }) => sameIp(from.address, deps.gateway);
  const natPmp = udpAsk({
    transport: deps.transport,
    clock: deps.clock,
    signal: deps.signal,
    to: [gateway],
    request: encodeNatPmpRequest(),
    read: (d) => (fromGateway(d.from) && d.from.port === NAT_PMP_PORT ? decodeNatPmpResponse(d.data) : null),
  });
  // MAP with lifetime 0 for UDP port 9, where nothing is mapped: asks, creates nothing (see ./pcp.ts).
  const pcpRequest = deps.localAddress ? encodePcpMapRequest(deps.localAddress, 9) : null;
  const pcp = pcpRequest
    ? udpAsk({
        transport: deps.transport,
        clock: deps.clock,
        signal: deps.signal,
        to: [gateway],
        request: pcpRequest.data,
        read: (d) =>
          fromGateway(d.from) && d.from.port === NAT_PMP_PORT ? decodePcpResponse(d.data, pcpRequest.nonce) : null,
      })
    : Promise.resolve(null);
  const upnp = (async () => {
    const found = await udpAsk({
      transport: deps.transport,
      clock: deps.clock,
      signal: deps.signal,
      to: [
        { address: deps.gateway, port: SSDP_PORT },
        { address: SSDP_GROUP, port: SSDP_PORT },
      ],
      request: encodeMSearch(),
      read: (d) => (fromGateway(d.from) ? decodeSsdpAnswer(d) : null),
    });
    if (!found) return null;
    const igd = await queryIgd(found.location, deps.http, deps.signal);
    if (!igd) return null;
    return { location: found.location, server: found.server, ...igd };
  })();
  const [a, b, c] = await Promise.all([natPmp, pcp, upnp]);
  return {
    natPmp: a && { resultCode: a.resultCode, externalAddress: a.externalAddress },
    // A NAT-PMP-only router answers PCP with "unsupported version": it does not speak PCP.
    pcp:
      b && b.resultCode !== PCP_RESULT.UNSUPP_VERSION
        ? { resultCode: b.resultCode, externalAddress: b.externalAddress }
        : null,
    upnp: c,
  };
}

/**
 * The report's view of the answers: the external address from UPnP, else NAT-PMP, else PCP; the
 * protocol that gave it (else the first that answered); UPnP's mappings; null when none answered.
 */
export function summarizeRouter(answers: RouterAnswers): PathRouter | null {
  const answered: PathProtocol[] = [];
  if (answers.upnp) answered.push('upnp');
  if (answers.natPmp) answered.push('nat-pmp');
  if (answers.pcp) answered.push('pcp');
  if (answered.length === 0) return null;
  const sources: [PathProtocol, string | null | undefined][] = [
    ['upnp', answers.upnp?.externalAddress],
    ['nat-pmp', answers.natPmp?.externalAddress],
    ['pcp', answers.pcp?.externalAddress],
  ];
  const withAddress = sources.find(([, address]) => !!address);
  return {
    externalAddress: withAddress?.[1] ?? null,
    protocol: withAddress?.[0] ?? answered[0]!,
    mappings: answers.upnp?.mappings ?? [],
    answered,
  };
}
