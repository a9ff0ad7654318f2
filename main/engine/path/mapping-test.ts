/**
 * The NAT's mapping behaviour (RFC 5780 §4.3), from one local port: Test I to the server's
 * primary address, Test II to its alternate IP with the primary port, Test III to the alternate
 * IP and port. The same public mapping for I and II is endpoint-independent; otherwise II = III is
 * address-dependent, and II ≠ III address-and-port-dependent. Sockets come from the injected
 * Transport and each request is one transaction (../transaction.ts), so it runs on the simulated
 * network in tests.
 *
 * Run it AFTER the port tests: its Tests II and III send from the port to the server's second
 * address, which opens exactly the hole in the router's filter that the port test's Test 2 must
 * find closed when no forward exists.
 */
import { sameEndpoint } from '../../../shared/address';
import type { NatMappingBehaviour } from '../../../shared/report';
import type { Clock } from '../clock';
import { unlimitedPacer } from '../pacer';
import type { Endpoint } from '../stun/codec';
import { retransmitSchedule, runTransaction } from '../transaction';
import { BindError, type Transport, type UdpSocket } from '../transport';

/** What the mapping test needs. */
export interface MappingTestDeps {
  transport: Transport;
  clock: Clock;
  /** The server's primary address and its second (OTHER-ADDRESS / CHANGED-ADDRESS) address. */
  server: { primary: Endpoint; alternate: Endpoint };
  /** The local port to test from: the SIP port. Another port is used when it is held. */
  port: number;
  /** Give-up time of each of the three requests (default 1500 ms: the test takes at most 4.5 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The outcome: the behaviour (null when a test got no answer) and the local port it was measured from. */
export interface MappingTestResult {
  mapping: NatMappingBehaviour | null;
  /** The port the requests left from; null when no socket could be opened. */
  port: number | null;
  /** The public endpoints seen by Tests I, II and III (as many as answered). */
  mapped: Endpoint[];
}

async function bindPreferring(transport: Transport, port: number): Promise<UdpSocket | null> {
  try {
    return await transport.bind(port);
  } catch (error) {
    if (!(error instanceof BindError)) throw error;
  }
  // The PBX holds its SIP port while it runs: another port still shows how the NAT maps.
  return transport.bind(0).catch(() => null);
}

/** Runs RFC 5780 §4.3 Tests I–III; never throws for network reasons. */
export async function testMappingBehaviour(deps: MappingTestDeps): Promise<MappingTestResult> {
  const socket = await bindPreferring(deps.transport, deps.port);
  if (!socket) return { mapping: null, port: null, mapped: [] };
  const schedule = retransmitSchedule(deps.timeoutMs ?? 1500);
  const { primary, alternate } = deps.server;
  const ask = async (to: Endpoint): Promise<Endpoint | null> => {
    const result = await runTransaction({
      socket,
      to,
      schedule,
      clock: deps.clock,
      pacer: unlimitedPacer,
      signal: deps.signal,
      acceptFrom: (from) => sameEndpoint(from, to),
    });
    if (result.kind !== 'answer' || result.message.kind !== 'success') return null;
    return result.message.xorMapped ?? result.message.mapped;
  };
  const mapped: Endpoint[] = [];
  try {
    const one = await ask(primary);
    if (!one) return { mapping: null, port: socket.localPort, mapped };
    mapped.push(one);
    const two = await ask({ address: alternate.address, port: primary.port });
    if (!two) return { mapping: null, port: socket.localPort, mapped };
    mapped.push(two);
    if (sameEndpoint(one, two)) return { mapping: 'endpoint-independent', port: socket.localPort, mapped };
    const three = await ask(alternate);
    if (!three) return { mapping: null, port: socket.localPort, mapped };
    mapped.push(three);
    const mapping = sameEndpoint(two, three) ? 'address-dependent' : 'address-and-port-dependent';
    return { mapping, port: socket.localPort, mapped };
  } finally {
    socket.close();
  }
}
