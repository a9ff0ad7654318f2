/**
 * Server selection, before any port is touched: resolve the configured STUN servers, then check
 * them in order from a throwaway local port and pick the first one that has a working second
 * address and honours CHANGE-REQUEST.
 *
 * Order matters (RFC 5780 §4): first a plain request to the primary address (mapping and the
 * advertised second address), then a plain request to the second address itself (it must answer,
 * and this opens our NAT for it), and only then a CHANGE-REQUEST: its answer can now get through a
 * port-restricted NAT, so silence or an answer from the primary address tells us about the server,
 * not about the router. The throwaway port is never one of the checked ports.
 */
import type { RunCode } from '../../shared/codes';
import type { ServerAttempt } from '../../shared/report';
import { ipScope, isIpv4, sameEndpoint, sameIp } from '../../shared/address';
import type { ServerSpec } from '../../shared/servers';
import type { Clock } from './clock';
import type { Pacer } from './pacer';
import { ERROR_UNKNOWN_ATTRIBUTE } from './stun/constants';
import { formatEndpoint, type BindingResponse, type Endpoint } from './stun/codec';
import { runTransaction, type Schedule, type TransactionResult } from './transaction';
import type { Transport, UdpSocket } from './transport';
import type { Capabilities } from '../server/vfc-protocol';

/** Resolves a host name to IPv4 addresses; rejects with an error carrying a `code` (ENOTFOUND…). */
export type Resolver = (host: string) => Promise<string[]>;

/** The server picked for the port tests. */
export interface SelectedServer {
  spec: ServerSpec;
  primary: Endpoint;
  alternate: Endpoint;
  alternateSource: 'OTHER-ADDRESS' | 'CHANGED-ADDRESS';
  changeRequestVerified: boolean;
  /** Our public address as the server saw the throwaway port. */
  mapped: Endpoint;
  software: string | null;
  /** What our own server offers (VFC-CAPABILITIES of its first answer); absent for anybody else's. */
  capabilities?: Capabilities;
}

/** Result of selection: a server, or the run code explaining why none could be used. */
export type Selection =
  | { ok: true; server: SelectedServer; attempts: ServerAttempt[] }
  | { ok: false; code: RunCode; attempts: ServerAttempt[] };

/** What selection needs. */
export interface SelectionDeps {
  transport: Transport;
  clock: Clock;
  pacer: Pacer;
  resolve: Resolver;
  schedule: Schedule;
  /** Ports the run will check: the throwaway port must not be one of them. */
  checkedPorts: ReadonlySet<number>;
  signal?: AbortSignal;
}

/** SOFTWARE of the first request to each server (RFC 5389 §15.10). */
export const SOFTWARE = 'voip-fwcheck';

/** How long one name may take to resolve before it counts as a DNS failure. */
export const DNS_TIMEOUT_MS = 5000;

type Check = { ok: true; server: SelectedServer } | { ok: false; code: RunCode; detail: string };

/** Picks a server from `specs`, in order. Names are resolved in parallel up front. */
export async function selectServer(specs: readonly ServerSpec[], deps: SelectionDeps): Promise<Selection> {
  const attempts: ServerAttempt[] = [];
  const lookups = specs.map((spec) => resolveWithTimeout(spec.host, deps));
  for (const [index, spec] of specs.entries()) {
    if (deps.signal?.aborted) return { ok: false, code: 'CANCELLED', attempts };
    const lookup = await untilAborted(lookups[index]!, deps.signal);
    if (lookup === null) return { ok: false, code: 'CANCELLED', attempts };
    const name = `${spec.host}:${spec.port}`;
    if (!lookup.ok) {
      attempts.push({ name, resolved: [], code: 'DNS_FAILED', detail: lookup.detail });
      continue;
    }
    let last: Check | null = null;
    for (const address of lookup.addresses.slice(0, 3)) {
      last = await checkServer(spec, { address, port: spec.port }, deps);
      if (last.ok || deps.signal?.aborted) break;
    }
    if (deps.signal?.aborted) return { ok: false, code: 'CANCELLED', attempts };
    if (last?.ok) {
      attempts.push({ name, resolved: lookup.addresses, code: null, detail: describeChoice(last.server) });
      return { ok: true, server: last.server, attempts };
    }
    attempts.push({
      name,
      resolved: lookup.addresses,
      code: last?.code ?? 'DNS_FAILED',
      detail: last?.detail ?? 'no IPv4 address',
    });
  }
  return { ok: false, code: worstCode(attempts), attempts };
}

/**
 * A fallback for a run whose chosen server's second address the router blocks (issue 10): the
 * first of `specs`, in order, that passes selection with a second address other than `blocked`.
 */
export async function selectFallback(
  specs: readonly ServerSpec[],
  blocked: string,
  deps: SelectionDeps,
): Promise<{ server: SelectedServer; attempts: ServerAttempt[] } | null> {
  const attempts: ServerAttempt[] = [];
  for (const spec of specs) {
    if (deps.signal?.aborted) return null;
    const picked = await selectServer([spec], deps);
    attempts.push(...picked.attempts);
    if (picked.ok && !sameIp(picked.server.alternate.address, blocked)) return { server: picked.server, attempts };
  }
  return null;
}

/** Resolves with `promise`, or with null as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | null> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(null);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The run code when no server could be used: the most specific thing a server told us. */
function worstCode(attempts: ServerAttempt[]): RunCode {
  const order: RunCode[] = ['CHANGE_REQUEST_IGNORED', 'NO_SECOND_ADDRESS', 'STUN_MALFORMED', 'STUN_UNREACHABLE'];
  for (const code of order) if (attempts.some((a) => a.code === code)) return code;
  return 'DNS_FAILED';
}

function describeChoice(server: SelectedServer): string {
  const verified = server.changeRequestVerified
    ? 'CHANGE-REQUEST answered from the second address'
    : 'CHANGE-REQUEST not verifiable from here (the NAT maps per destination)';
  return `second address ${formatEndpoint(server.alternate)} (${server.alternateSource}); ${verified}`;
}

async function resolveWithTimeout(
  host: string,
  deps: SelectionDeps,
): Promise<{ ok: true; addresses: string[] } | { ok: false; detail: string }> {
  if (isIpv4(host)) return { ok: true, addresses: [host] };
  let timer: unknown;
  const timeout = new Promise<never>((_, reject) => {
    timer = deps.clock.setTimeout(
      () => reject(Object.assign(new Error('timed out'), { code: 'ETIMEOUT' })),
      DNS_TIMEOUT_MS,
    );
  });
  try {
    const addresses = (await Promise.race([deps.resolve(host), timeout])).filter(isIpv4);
    if (addresses.length === 0) return { ok: false, detail: `${host} has no IPv4 address` };
    return { ok: true, addresses };
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    return { ok: false, detail: `${host}: ${code}` };
  } finally {
    deps.clock.clearTimeout(timer);
  }
}

/**
 * A local port for checking servers that is not one of the checked ports: the OS's choice first;
 * when the checked range covers the OS's ephemeral range, explicit ports from the top down.
 */
async function bindThrowaway(deps: SelectionDeps): Promise<UdpSocket> {
  for (let i = 0; i < 5; i++) {
    const socket = await deps.transport.bind(0);
    if (!deps.checkedPorts.has(socket.localPort)) return socket;
    socket.close(); // never pollute a port we are about to check
  }
  let tries = 0;
  for (let port = 65535; port > 1024 && tries < 200; port--) {
    if (deps.checkedPorts.has(port)) continue;
    tries++;
    try {
      return await deps.transport.bind(port);
    } catch {
      // taken: try the next one
    }
  }
  throw new Error('could not get a throwaway port outside the checked range');
}

const same = (a: Endpoint) => (b: Endpoint) => sameEndpoint(a, b);

/** Checks one resolved server address with the three-step sequence described above. */
async function checkServer(spec: ServerSpec, primary: Endpoint, deps: SelectionDeps): Promise<Check> {
  let socket: UdpSocket;
  try {
    socket = await bindThrowaway(deps);
  } catch (error) {
    return { ok: false, code: 'STUN_UNREACHABLE', detail: `no local socket: ${(error as Error).message}` };
  }
  const base = { socket, schedule: deps.schedule, clock: deps.clock, pacer: deps.pacer, signal: deps.signal };
  const where = formatEndpoint(primary);
  try {
    // Step 1: mapping and second address.
    // SOFTWARE makes the request big enough for our own server's VFC-CAPABILITIES (codec.ts).
    const first = await runTransaction({ ...base, to: primary, acceptFrom: same(primary), software: SOFTWARE });
    const firstAnswer = expectSuccess(first, where);
    if (!firstAnswer.ok) return firstAnswer;
    const message = firstAnswer.message;
    const mapped = message.xorMapped ?? message.mapped;
    if (!mapped) return { ok: false, code: 'STUN_MALFORMED', detail: `${where} sent no mapped address` };
    const other = message.other;
    if (!other) {
      return {
        ok: false,
        code: 'NO_SECOND_ADDRESS',
        detail: `${where} advertises no second address (no OTHER-ADDRESS or CHANGED-ADDRESS)`,
      };
    }
    const otherText = formatEndpoint(other);
    const otherScope = ipScope(other.address);
    if (otherScope === 'unspecified' || otherScope === 'multicast' || otherScope === 'reserved' || other.port === 0) {
      return { ok: false, code: 'NO_SECOND_ADDRESS', detail: `${where} advertises ${otherText} as its second address` };
    }
    if (sameIp(other.address, primary.address)) {
      return {
        ok: false,
        code: 'NO_SECOND_ADDRESS',
        detail: `${where} advertises a second address on the same IP (${otherText})`,
      };
    }
    if (otherScope !== ipScope(primary.address) || !isIpv4(other.address)) {
      // A public server advertising 10.x is misconfigured behind NAT; never send to the customer's LAN.
      return {
        ok: false,
        code: 'NO_SECOND_ADDRESS',
        detail: `${where} advertises ${otherText}, which is not in its own address scope`,
      };
    }
    // Step 2: the second address must answer by itself.
    const second = await runTransaction({ ...base, to: other, acceptFrom: same(other) });
    if (second.kind === 'aborted') return { ok: false, code: 'CANCELLED', detail: 'cancelled' };
    if (second.kind === 'timeout') {
      return { ok: false, code: 'NO_SECOND_ADDRESS', detail: `the second address ${otherText} does not answer` };
    }
    const secondMapped = second.message.xorMapped ?? second.message.mapped;
    const independentMapping = !!secondMapped && sameEndpoint(secondMapped, mapped);
    // Step 3: CHANGE-REQUEST to the primary; the answer must come from the second address. An
    // answer from the primary itself (ignored, or error 420) is accepted too, to decide at once.
    const change = await runTransaction({
      ...base,
      to: primary,
      changeIp: true,
      changePort: true,
      acceptFrom: (from) => same(other)(from) || same(primary)(from),
    });
    if (change.kind === 'aborted') return { ok: false, code: 'CANCELLED', detail: 'cancelled' };
    let verified = false;
    if (change.kind === 'answer') {
      const error = change.message.error;
      if (error?.code === ERROR_UNKNOWN_ATTRIBUTE) {
        return { ok: false, code: 'NO_SECOND_ADDRESS', detail: `${where} answers CHANGE-REQUEST with error 420` };
      }
      if (error)
        return {
          ok: false,
          code: 'STUN_MALFORMED',
          detail: `${where} answers CHANGE-REQUEST with error ${error.code}`,
        };
      if (same(primary)(change.from)) {
        return {
          ok: false,
          code: 'CHANGE_REQUEST_IGNORED',
          detail: `${where} answers CHANGE-REQUEST from its primary address`,
        };
      }
      verified = true;
    } else {
      const stray = change.strays[0];
      if (stray?.reason === 'undecodable') {
        return {
          ok: false,
          code: 'STUN_MALFORMED',
          detail: `${where}: ${stray.error?.reason ?? 'undecodable answer'}`,
        };
      }
      if (stray) {
        return {
          ok: false,
          code: 'STUN_MALFORMED',
          detail: `CHANGE-REQUEST answered from ${formatEndpoint(stray.from)}`,
        };
      }
      if (independentMapping) {
        // Our NAT maps one port for all destinations and we opened it to the second address in
        // step 2, so the answer would have arrived: the server silently drops change requests.
        return { ok: false, code: 'NO_SECOND_ADDRESS', detail: `${where} does not answer CHANGE-REQUEST` };
      }
    }
    return {
      ok: true,
      server: {
        spec,
        primary,
        alternate: other,
        alternateSource: message.otherSource ?? 'OTHER-ADDRESS',
        changeRequestVerified: verified,
        mapped,
        software: message.software,
        ...(message.vfc ? { capabilities: message.vfc } : {}),
      },
    };
  } finally {
    socket.close();
  }
}

function expectSuccess(
  result: TransactionResult,
  where: string,
): { ok: true; message: BindingResponse } | { ok: false; code: RunCode; detail: string } {
  if (result.kind === 'aborted') return { ok: false, code: 'CANCELLED', detail: 'cancelled' };
  if (result.kind === 'timeout') {
    const stray = result.strays[0];
    if (stray?.reason === 'undecodable') {
      return { ok: false, code: 'STUN_MALFORMED', detail: `${where}: ${stray.error?.reason ?? 'undecodable answer'}` };
    }
    if (stray)
      return { ok: false, code: 'STUN_MALFORMED', detail: `${where} answered from ${formatEndpoint(stray.from)}` };
    const sendError = result.sendErrors[0];
    return { ok: false, code: 'STUN_UNREACHABLE', detail: `${where}: no answer${sendError ? ` (${sendError})` : ''}` };
  }
  if (result.message.kind === 'error') {
    return {
      ok: false,
      code: 'STUN_MALFORMED',
      detail: `${where} answered error ${result.message.error?.code ?? '?'}`,
    };
  }
  return { ok: true, message: result.message };
}
