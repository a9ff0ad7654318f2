/**
 * The one entry point that does a check. The CLI and the GUI's IPC handler both call it, so they
 * can never disagree.
 */
import { lookup } from 'node:dns/promises';
import { setMaxListeners } from 'node:events';
import { isPortFailure, isUntested, type PortCode, type RunCode, type WarningCode } from '../../shared/codes';
import { warningText } from '../../shared/messages';
import { sameIp, splitHostPort } from '../../shared/address';
import { parsePortSpec } from '../../shared/ports';
import {
  REPORT_SCHEMA,
  type PortOwner,
  type PortResult,
  type Progress,
  type Report,
  type RunSettings,
  type RunWarning,
} from '../../shared/report';
import { parseServerList } from '../../shared/servers';
import { systemClock, type Clock } from './clock';
import type { VerdictReason } from './decide';
import { createPacer } from './pacer';
import type { ProbeContext } from './probe';
import { ProgressTracker } from './progress';
import { guardedScan } from './scan-guard';
import { quickSchedule, warningValues, type GuardSummary } from './scan-guard-policy';
import { selectFallback, selectServer, type Resolver, type SelectedServer } from './select-server';
import { formatEndpoint, type Endpoint } from './stun/codec';
import { retransmitSchedule } from './transaction';
import type { Capabilities } from '../server/vfc-protocol';
import { countingTransport, createNodeTransport, type TrafficCounter, type Transport } from './transport';

/** Everything a check depends on that tests replace. All optional: the defaults are the real ones. */
export interface CheckDeps {
  transport?: Transport;
  clock?: Clock;
  resolve?: Resolver;
  random?: () => number;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Called with each port's result as soon as it is known (the window shows them live). */
  onResult?: (result: PortResult) => void;
  /** Called once the server is chosen, before the port tests (the path step traces toward it). */
  onServerSelected?: (server: { primary: Endpoint; alternate: Endpoint; capabilities?: Capabilities | null }) => void;
  /** Owners of ports found in use by pre-flight, by port number. */
  owners?: ReadonlyMap<number, PortOwner>;
  /**
   * Ports known to be unusable before any bind (held by another process in the endpoint list, or
   * inside a Windows excluded range), with the reason. A trial bind alone can succeed on Windows
   * while another process holds the port.
   */
  heldPorts?: ReadonlyMap<number, string>;
  /** Wall-clock time for `startedAt`. */
  now?: () => Date;
}

/** Resolves IPv4 addresses with the system resolver (honours /etc/hosts and the OS's DNS). */
export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, family: 4 })).map((entry) => entry.address);

/**
 * Runs a check with `settings` (already validated: see `validateSettings`). Never throws for
 * network reasons: every outcome is a report with a run code.
 */
export async function runCheck(settings: RunSettings, deps: CheckDeps = {}): Promise<Report> {
  const clock = deps.clock ?? systemClock;
  const counter: TrafficCounter = { sent: 0, received: 0 };
  const transport = countingTransport(deps.transport ?? createNodeTransport(), counter);
  const startedAt = (deps.now ?? (() => new Date()))().toISOString();
  const start = clock.now();
  const ports = parsePortSpec(settings.ports);
  const specs = parseServerList(settings.stun);
  const pacer = createPacer(clock, settings.rate);
  const schedule = retransmitSchedule(settings.timeoutMs);
  const progress = new ProgressTracker(
    clock,
    ports.length,
    deps.onProgress,
    undefined,
    settings.timeoutMs,
    settings.concurrency,
  );
  progress.setPacer(pacer, settings.rate);
  const results = new Map<number, PortResult>();
  // Typed reasons stay inside the engine (the report's shape is unchanged): the run code reads them.
  const reasons = new Map<number, VerdictReason>();
  // One internal signal for the whole run: every transaction and wait listens to it, far more
  // than EventTarget's default of 10 listeners.
  const internal = new AbortController();
  setMaxListeners(0, internal.signal);
  if (deps.signal?.aborted) internal.abort();
  const forwardAbort = (): void => internal.abort();
  let scan: GuardSummary | null = null;
  deps.signal?.addEventListener('abort', forwardAbort, { once: true });
  const signal = internal.signal;

  const finish = (
    code: RunCode,
    server: Report['server'],
    publicAddress: string | null,
    attempts: Report['servers'],
  ): Report => {
    const list = ports.map((port) => results.get(port) ?? notTested(port));
    const summary = {
      total: list.length,
      passed: list.filter((r) => r.code === 'PASS').length,
      failed: list.filter((r) => isPortFailure(r.code)).length,
      notTested: list.filter((r) => isUntested(r.code)).length,
    };
    progress.phase('done');
    deps.signal?.removeEventListener('abort', forwardAbort);
    return {
      schema: REPORT_SCHEMA,
      code,
      server,
      publicAddress,
      summary,
      ports: list,
      durationMs: Math.round(clock.now() - start),
      startedAt,
      settings,
      servers: attempts,
      stats: { packetsSent: counter.sent, packetsReceived: counter.received },
      warnings: warningsFor(list, reasons, publicAddress, scan),
    };
  };

  progress.phase('selecting');
  const selectionDeps = {
    transport,
    clock,
    pacer,
    resolve: deps.resolve ?? systemResolver,
    schedule,
    checkedPorts: new Set(ports),
    signal,
  };
  const selection = await selectServer(specs, selectionDeps);
  if (!selection.ok) {
    return finish(signal?.aborted ? 'CANCELLED' : selection.code, null, null, selection.attempts);
  }
  const chosen = selection.server;
  deps.onServerSelected?.({ primary: chosen.primary, alternate: chosen.alternate, capabilities: chosen.capabilities });
  const attempts = [...selection.attempts];
  const server: Report['server'] = {
    name: `${chosen.spec.host}:${chosen.spec.port}`,
    primary: formatEndpoint(chosen.primary),
    alternate: formatEndpoint(chosen.alternate),
    alternateSource: chosen.alternateSource,
    changeRequestVerified: chosen.changeRequestVerified,
    software: chosen.software,
  };

  progress.phase('testing');
  // Ports counted as failed for progress while their failure waits for its re-test.
  const provisional = new Set<number>();
  const contextFor = (picked: SelectedServer): ProbeContext => ({
    transport,
    clock,
    pacer,
    schedule,
    quickSchedule: quickSchedule(schedule),
    primary: picked.primary,
    alternate: picked.alternate,
    expectedPublicIp: settings.publicIp,
    signal,
  });
  // Servers after the chosen one, for a fallback when the router blocks the chosen one's second address.
  const rest = specs.slice(selection.attempts.length);
  const guard = await guardedScan({
    ports,
    concurrency: settings.concurrency,
    order: settings.order,
    clock,
    signal,
    random: deps.random,
    pacer,
    rateCap: settings.rate,
    server: { name: server.name, context: contextFor(chosen) },
    fallback: async (blocked) => {
      const other = await selectFallback(rest, blocked, { ...selectionDeps, checkedPorts: new Set(ports) });
      if (!other) return null;
      attempts.push(...other.attempts);
      return { name: `${other.server.spec.host}:${other.server.spec.port}`, context: contextFor(other.server) };
    },
    held: (port) => {
      const held = deps.heldPorts?.get(port);
      if (held === undefined) return null;
      return {
        kind: 'verdict',
        verdict: { code: 'PORT_IN_USE', mapped: null, reason: 'port-in-use', detail: held },
        sent: 0,
      };
    },
    onResult: (port, outcome) => {
      const { verdict } = outcome;
      const result: PortResult = {
        port,
        protocol: 'udp',
        code: verdict.code,
        mapped: verdict.mapped ? formatEndpoint(verdict.mapped) : null,
        owner: verdict.code === 'PORT_IN_USE' ? (deps.owners?.get(port) ?? null) : null,
        sent: outcome.sent,
      };
      if (verdict.detail) result.detail = verdict.detail;
      if (verdict.mappedRewritten) result.mappedRewritten = true;
      if (verdict.reason) reasons.set(port, verdict.reason);
      results.set(port, result);
      deps.onResult?.(result);
      const counted = verdict.code === 'PASS' ? 'passed' : isUntested(verdict.code) ? 'notTested' : 'failed';
      if (provisional.delete(port)) progress.settle(counted);
      else progress.record(counted);
    },
    onSuspect: (port) => {
      provisional.add(port);
      progress.record('failed', true);
    },
    onOutlook: (outlook) => progress.setOutlook(outlook),
  });
  scan = guard;

  const list = [...results.values()];
  const verdicts = list.map((r) => ({ code: r.code, reason: reasons.get(r.port) }));
  return finish(runCode(verdicts, !!signal?.aborted), server, chosen.mapped.address, attempts);
}

function notTested(port: number): PortResult {
  return { port, protocol: 'udp', code: 'NOT_TESTED', mapped: null, owner: null };
}

/**
 * The run's verdict from its ports. ALL_PASSED only when every port passed, ALL_FAILED only when
 * every port was tested and none passed; ports that could not be tested (out of sockets) make it
 * SOME_FAILED, never a clean verdict either way. A server that ignored or refused CHANGE-REQUEST
 * during the run (typed reasons, never `detail` text) makes a run without a pass its fault.
 */
export function runCode(results: readonly { code: PortCode; reason?: VerdictReason }[], cancelled: boolean): RunCode {
  if (cancelled) return 'CANCELLED';
  const tested = results.filter((r) => !isUntested(r.code));
  const untested = results.length - tested.length;
  const passed = tested.filter((r) => r.code === 'PASS').length;
  if (passed === 0 && tested.some((r) => r.reason === 'answer-from-primary')) return 'CHANGE_REQUEST_IGNORED';
  if (passed === 0 && tested.some((r) => r.reason === 'refused-by-primary')) return 'NO_SECOND_ADDRESS';
  if (untested === 0 && tested.length > 0 && passed === tested.length) return 'ALL_PASSED';
  if (untested === 0 && passed === 0 && tested.length > 0) return 'ALL_FAILED';
  return 'SOME_FAILED';
}

function warningsFor(
  list: readonly PortResult[],
  reasons: ReadonlyMap<number, VerdictReason>,
  publicAddress: string | null,
  scan: GuardSummary | null,
): RunWarning[] {
  const warnings: RunWarning[] = [];
  if (scan) {
    // First: it changes how every other result reads.
    const { ports, values } = warningValues(scan);
    const warning = { code: 'SCAN_PROTECTION_TRIPPED' as const, ports, addresses: [scan.trip.source], values };
    warnings.push({ ...warning, text: warningText(warning, 'en') });
  }
  const add = (code: WarningCode, ports: number, addresses: string[] = []): void => {
    warnings.push({ code, ports, addresses, text: warningText({ code, ports, addresses }, 'en') });
  };
  const untested = list.filter((r) => r.code === 'NOT_TESTED' && reasons.get(r.port) === 'out-of-sockets').length;
  if (untested > 0) add('PORTS_NOT_TESTED', untested);
  const rewritten = list.filter((r) => r.mappedRewritten).length;
  if (rewritten > 0) add('MAPPED_ADDRESS_REWRITTEN', rewritten);
  if (publicAddress) {
    // the public address of each port that left through another one
    const elsewhere = list.flatMap((r) => {
      const address = r.mapped ? splitHostPort(r.mapped)?.host : undefined;
      return address && !sameIp(address, publicAddress) ? [address] : [];
    });
    if (elsewhere.length > 0) add('SEVERAL_PUBLIC_ADDRESSES', elsewhere.length, [...new Set(elsewhere)]);
  }
  return warnings;
}
