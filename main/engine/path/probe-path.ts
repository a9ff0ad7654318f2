/**
 * The path step (issue 12), meant to run in parallel with the pre-flight: hops toward the STUN
 * server with the OS's tracer, and the default gateway asked about itself (UPnP IGD, NAT-PMP,
 * PCP). Bounded: the tracer is killed after TRACE_TIMEOUT_MS (7 s, its partial output is read),
 * the router questions are cut at PATH_BUDGET_MS (8 s) from the start, so the step ends within
 * about 8 s whatever the network does. The RFC 5780 §4.3 mapping test is separate
 * (./mapping-test.ts): it must run after the port tests.
 */
import { networkInterfaces } from 'node:os';
import type { PathReport, PortResult } from '../../../shared/report';
import { systemClock, type Clock } from '../clock';
import type { CommandResult, CommandRunner, Platform } from '../host/runner';
import type { Endpoint } from '../stun/codec';
import type { Transport } from '../transport';
import { pathFindings, type FindingContext } from './findings';
import { addressToward, findDefaultGateway, type LocalAddress } from './gateway';
import { traceHops } from './hops';
import { createHttpClient } from './http';
import { askRouter, summarizeRouter, type RouterAnswers } from './router';
import type { HttpClient } from './upnp';
import type { MappingTestResult } from './mapping-test';

/** The longest the router questions may take, from the start of the step. */
export const PATH_BUDGET_MS = 8000;

/** What the path step needs; tests replace every I/O dependency. */
export interface PathProbeDeps {
  platform: Platform;
  runner: CommandRunner;
  transport: Transport;
  /** The STUN server the check uses (hops are traced to its primary address); null: no hops. */
  server: { primary: Endpoint; alternate: Endpoint } | null;
  /** The default gateway, when the caller knows it; otherwise read from the routing table. */
  gateway?: string;
  /** This computer's IPv4 addresses with netmasks; default os.networkInterfaces(). */
  localAddresses?: readonly LocalAddress[];
  http?: HttpClient;
  clock?: Clock;
  signal?: AbortSignal;
  /** Budget of the router questions (default PATH_BUDGET_MS). */
  budgetMs?: number;
}

/** What the step saw, before findings (they need the port results). */
export interface PathProbe {
  /** `path` without findings yet: `findings` is empty. */
  path: PathReport;
  gateway: string | null;
  /** Every answer the router gave, per protocol. */
  answers: RouterAnswers | null;
  /** The commands run (tracer, routing table), verbatim, for the diagnostics bundle. */
  commands: CommandResult[];
  localAddresses: string[];
  durationMs: number;
}

/** The host's non-internal IPv4 addresses. */
function systemAddresses(): LocalAddress[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => ({ address: a.address, netmask: a.netmask }));
}

/** Starts the path step; resolves within about PATH_BUDGET_MS and never throws for network reasons. */
export async function startPathProbe(deps: PathProbeDeps): Promise<PathProbe> {
  const clock = deps.clock ?? systemClock;
  const start = clock.now();
  const budget = new AbortController();
  const timer = clock.setTimeout(() => budget.abort(), deps.budgetMs ?? PATH_BUDGET_MS);
  const onAbort = (): void => budget.abort();
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  if (deps.signal?.aborted) budget.abort();
  const commands: CommandResult[] = [];
  const locals = deps.localAddresses ?? systemAddresses();
  try {
    const trace = deps.server
      ? traceHops(deps.platform, deps.runner, deps.server.primary.address)
      : Promise.resolve({ hops: [], tool: null, commands: [] });
    let gateway = deps.gateway ?? null;
    if (!gateway) {
      const found = await findDefaultGateway(deps.platform, deps.runner);
      commands.push(found.command);
      gateway = found.gateway;
    }
    const router = gateway
      ? askRouter({
          transport: deps.transport,
          clock,
          http: deps.http ?? createHttpClient(),
          gateway,
          localAddress: addressToward(gateway, locals),
          signal: budget.signal,
        })
      : Promise.resolve(null);
    const [traced, answers] = await Promise.all([trace, router]);
    commands.push(...traced.commands);
    return {
      path: { hops: traced.hops, router: answers ? summarizeRouter(answers) : null, mapping: null, findings: [] },
      gateway,
      answers,
      commands,
      localAddresses: locals.map((l) => l.address),
      durationMs: Math.round(clock.now() - start),
    };
  } finally {
    clock.clearTimeout(timer);
    deps.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The report's `path` field: what the step saw, the mapping test's result (run after the port
 * tests; null when it was not run) and the findings decided from both and the port results.
 */
export function pathReport(
  probe: PathProbe,
  report: { publicAddress: string | null; ports: readonly Pick<PortResult, 'port'>[] },
  mappingTest: MappingTestResult | null,
  options: Pick<FindingContext, 'scopeOf'> = {},
): PathReport {
  const path: PathReport = { ...probe.path, mapping: mappingTest?.mapping ?? null, findings: [] };
  path.findings = pathFindings(path, report, {
    localAddresses: probe.localAddresses,
    mappingPort: mappingTest?.port ?? null,
    scopeOf: options.scopeOf,
  });
  return path;
}
