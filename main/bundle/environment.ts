/**
 * environment.json: what support needs to know about the machine, collected without root where
 * possible: OS, app, host name, interfaces and addresses, default route, DNS servers, STUN name
 * resolution, elevation, time and time zone.
 */
import { getServers } from 'node:dns';
import { readFile } from 'node:fs/promises';
import { hostname, networkInterfaces, release, type as osType, version as osVersion } from 'node:os';
import type { Report } from '../../shared/report';
import { runPowerShell } from '../engine/host/powershell';
import type { CommandResult, CommandRunner, Platform } from '../engine/host/runner';

/** The environment document. */
export interface Environment {
  collectedAt: string;
  os: { platform: string; type: string; release: string; version: string; arch: string };
  app: { name: string; version: string; node: string; electron: string | null };
  hostname: string;
  /** DNS domain of this machine (from a dotted host name, or the Windows logon domain), if known. */
  domain: string | null;
  interfaces: {
    name: string;
    mac: string;
    addresses: { address: string; family: string; netmask: string; internal: boolean }[];
  }[];
  defaultRoute: string | null;
  /** DNS servers, and the search domains of /etc/resolv.conf (Linux, macOS). */
  dns: { servers: string[]; search: string[] };
  /** STUN names and what they resolved to, from the run's server selection. */
  stunResolution: { name: string; resolved: string[]; outcome: string }[];
  elevated: boolean | null;
  time: { iso: string; zone: string; offsetMinutes: number };
}

/** Collects the environment; runs one route command through `runner` (recorded in `commands`). */
export async function collectEnvironment(options: {
  platform: Platform;
  runner: CommandRunner;
  report: Report;
  appVersion: string;
  commands: CommandResult[];
  now?: Date;
  /** Reads a text file (resolv.conf); tests pass a fake. */
  readText?: (path: string) => Promise<string>;
  env?: Record<string, string | undefined>;
  /** This machine's name (default: os.hostname()). */
  hostName?: string;
}): Promise<Environment> {
  const now = options.now ?? new Date();
  const interfaces = Object.entries(networkInterfaces()).map(([name, list]) => ({
    name,
    mac: list?.[0]?.mac ?? '',
    addresses: (list ?? []).map((a) => ({
      address: a.address,
      family: String(a.family),
      netmask: a.netmask,
      internal: a.internal,
    })),
  }));
  let route: CommandResult;
  if (options.platform === 'win32') {
    route = await runPowerShell(
      options.runner,
      "$r = @(Get-NetRoute -DestinationPrefix '0.0.0.0/0' -ErrorAction SilentlyContinue | Select-Object 'InterfaceAlias', 'NextHop', 'RouteMetric'); Write-Output (ConvertTo-Json -Compress -InputObject @{routes=$r})",
      {},
      15_000,
    );
  } else if (options.platform === 'darwin')
    route = await options.runner.run('route', ['-n', 'get', 'default'], { timeoutMs: 5000 });
  else route = await options.runner.run('ip', ['route', 'show', 'default'], { timeoutMs: 5000 });
  options.commands.push(route);
  const name = options.hostName ?? hostname();
  const search =
    options.platform === 'win32'
      ? []
      : parseResolvSearch(await (options.readText ?? ((p) => readFile(p, 'utf8')))('/etc/resolv.conf').catch(() => ''));
  const env = options.env ?? process.env;
  const domain = name.includes('.')
    ? name.slice(name.indexOf('.') + 1)
    : options.platform === 'win32'
      ? (env.USERDNSDOMAIN?.toLowerCase() ?? null)
      : null;
  return {
    collectedAt: now.toISOString(),
    os: { platform: options.platform, type: osType(), release: release(), version: osVersion(), arch: process.arch },
    app: {
      name: 'VoIP Firewall Checker',
      version: options.appVersion,
      node: process.version,
      electron: process.versions.electron ?? null,
    },
    hostname: name,
    domain,
    interfaces,
    defaultRoute: route.exitCode === 0 ? route.stdout.trim() || null : null,
    dns: { servers: getServers(), search },
    stunResolution: options.report.servers.map((s) => ({
      name: s.name,
      resolved: s.resolved,
      outcome: s.code ?? 'picked',
    })),
    elevated: options.report.preflight?.services.elevated ?? null,
    time: {
      iso: now.toISOString(),
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      offsetMinutes: -now.getTimezoneOffset(),
    },
  };
}

/** The `search` and `domain` lines of resolv.conf(5), in order, without duplicates. */
export function parseResolvSearch(text: string): string[] {
  const domains: string[] = [];
  for (const line of text.split('\n')) {
    const [keyword, ...values] = line.trim().split(/\s+/);
    if (keyword !== 'search' && keyword !== 'domain') continue;
    for (const value of values) if (!domains.includes(value.toLowerCase())) domains.push(value.toLowerCase());
  }
  return domains;
}
