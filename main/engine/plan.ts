/**
 * The run plan: the pre-flight's findings and the settings in, everything a run needs out (port
 * owners, ports known to be held, whether the PBX services are stopped for it). The CLI and the
 * window both plan and execute a check through this module and nothing else, so the two can
 * never run different checks.
 */
import type { Preflight, ServicesReport } from '../../shared/preflight';
import type { PortOwner, Report, RunSettings } from '../../shared/report';
import { systemClock } from './clock';
import type { CommandResult, CommandRunner, Platform } from './host/runner';
import { runOursStep, type ChosenServer, type OursOptions } from './ours';
import { pathReport, startPathProbe, testMappingBehaviour, type PathProbe } from './path';
import { runCheck, type CheckDeps } from './run-check';
import type { Endpoint } from './stun/codec';
import { createNodeTransport } from './transport';

/** What the plan reads from a pre-flight (a `PreflightRun` or a finished `Preflight`). */
export interface PlanPreflight {
  owners: Preflight['owners'];
  services: ServicesReport;
  /** Runs `work` with the running PBX services stopped; restarts them whatever happens. */
  withPbxStopped<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves with the whole pre-flight (firewall included) for the report. */
  complete: Promise<Preflight>;
  /** Raw outputs of the commands run, for the diagnostics bundle (the path step adds its own). */
  commands?: CommandResult[];
}

/** The path step's machine (issue 12); null or absent: the step is skipped. */
export interface PathOptions {
  platform: Platform;
  runner: CommandRunner;
}

/** The SIP port: the NAT mapping test (RFC 5780 §4.3) runs from it, after the port tests. */
const SIP_PORT = 5060;

/** Why the PBX services are or are not stopped for this run. */
export type StopDecision =
  | 'stop' // asked for, PBX running, elevation not known to be missing
  | 'not-requested' // the user did not ask
  | 'nothing-running' // asked for, but no PBX service runs
  | 'not-elevated' // asked for, PBX running, but this process cannot stop services
  | 'no-preflight'; // asked for, but the pre-flight was skipped: nothing is known of the services

/** Everything a run needs, decided before it starts. */
export interface RunPlan {
  settings: RunSettings;
  /** Owners of the UDP ports found in use, this process excluded. */
  owners: Map<number, PortOwner>;
  /** Ports known to be unusable before any bind (held by another process, excluded), with the reason. */
  heldPorts: Map<number, string>;
  /**
   * The same once the PBX services are stopped: only the excluded ranges (the services' ports are
   * free then, and only a fresh bind can tell).
   */
  heldWhileStopped: Map<number, string>;
  stop: StopDecision;
  preflight: PlanPreflight | null;
}

/** Builds the plan for `settings` from the pre-flight (null: skipped). */
export function planRun(
  settings: RunSettings,
  preflight: PlanPreflight | null,
  options: { stopServices: boolean; ownPid: number },
): RunPlan {
  const owners = new Map<number, PortOwner>();
  const heldByProcess = new Map<number, string>();
  const excluded = new Map<number, string>();
  for (const o of preflight?.owners.owners ?? []) {
    // Our own sockets (a previous run still closing, the throwaway port) are not another owner.
    if (o.protocol !== 'udp' || o.pid === options.ownPid) continue;
    if (o.pid !== null && !owners.has(o.port)) owners.set(o.port, { pid: o.pid, name: o.name ?? '?' });
    if (!heldByProcess.has(o.port))
      heldByProcess.set(
        o.port,
        `held by ${o.name ?? o.user ?? 'another process'}${o.pid !== null ? ` (PID ${o.pid})` : ''}`,
      );
  }
  for (const range of preflight?.owners.excludedRanges ?? []) {
    if (range.protocol !== 'udp') continue;
    for (let port = range.from; port <= range.to; port++) excluded.set(port, 'inside a Windows excluded port range');
  }
  return {
    settings,
    owners,
    heldPorts: new Map([...excluded, ...heldByProcess]),
    heldWhileStopped: excluded,
    stop: stopDecision(preflight, options.stopServices),
    preflight,
  };
}

function stopDecision(preflight: PlanPreflight | null, requested: boolean): StopDecision {
  if (!requested) return 'not-requested';
  if (!preflight) return 'no-preflight';
  if (!preflight.services.pbx.some((s) => s.running)) return 'nothing-running';
  if (preflight.services.elevated === false) return 'not-elevated';
  return 'stop';
}

/**
 * Executes a plan: the check (inside the PBX stop when planned), then the whole pre-flight
 * attached to the report. `deps` are the engine's (transport, clock, signal, progress…).
 */
export async function executePlan(
  plan: RunPlan,
  deps: Omit<CheckDeps, 'owners' | 'heldPorts'> & { path?: PathOptions | null; ours?: OursOptions | null },
): Promise<Report> {
  const pre = plan.preflight;
  // Services that could not be stopped (or were not, when the marker could not be written) still
  // hold their ports: the held list applies unless something was actually stopped.
  const stopped = (): boolean => !!pre && pre.services.stopped.length > 0;
  const path = deps.path ? pathStep(deps.path, deps) : null;
  let chosen: ChosenServer | null = null;
  const check = async (): Promise<Report> => {
    const report = await runCheck(plan.settings, {
      ...deps,
      owners: plan.owners,
      heldPorts: stopped() ? plan.heldWhileStopped : plan.heldPorts,
      onServerSelected: (server) => {
        chosen = server;
        path?.start(server);
        deps.onServerSelected?.(server);
      },
    });
    // The mapping test's requests to the second address open the very hole Test 2 must find
    // closed, so it runs after the port tests, while the PBX is still stopped if it was.
    if (path) report.path = await path.finish(report);
    // SIP ALG and TCP forwards (issue 11): only against our own server, and only when enabled.
    if (deps.ours)
      await runOursStep(report, chosen, deps.ours, { clock: deps.clock ?? systemClock, signal: deps.signal });
    return report;
  };
  let report: Report;
  if (pre && plan.stop === 'stop') report = await pre.withPbxStopped(check);
  else {
    if (pre) pre.services.stopRequested = plan.stop !== 'not-requested';
    report = await check();
  }
  if (path) pre?.commands?.push(...path.commands());
  if (pre) report.preflight = await pre.complete;
  return report;
}

/**
 * The path step around a check: started toward the server as soon as it is chosen (bounded, in
 * parallel with the port tests), then the mapping test, then the report's `path` field.
 */
function pathStep(options: PathOptions, deps: Pick<CheckDeps, 'transport' | 'clock' | 'signal'>) {
  const transport = deps.transport ?? createNodeTransport();
  const clock = deps.clock ?? systemClock;
  let probe: Promise<PathProbe | null> | null = null;
  let server: { primary: Endpoint; alternate: Endpoint } | null = null;
  let ran: PathProbe | null = null;
  const start = (chosen: typeof server): void => {
    if (probe) return;
    server = chosen;
    probe = startPathProbe({ ...options, transport, clock, server: chosen, signal: deps.signal }).catch(() => null);
  };
  return {
    start,
    async finish(report: Report): Promise<Report['path']> {
      start(null); // no server chosen: the router can still say what it knows
      ran = await probe;
      if (!ran) return undefined;
      const mapping =
        server && report.code !== 'CANCELLED' && !deps.signal?.aborted
          ? await testMappingBehaviour({ transport, clock, server, port: SIP_PORT, signal: deps.signal }).catch(
              () => null,
            )
          : null;
      return pathReport(ran, report, mapping);
    },
    commands: (): CommandResult[] => ran?.commands ?? [],
  };
}
