/**
 * The pre-flight: before the port test, who holds the ports, which PBX services exist, whether we
 * may stop them, and the host firewall. The firewall is read in the background with its own time
 * limit: it never delays the port test.
 */
import type { Preflight, ServicesReport } from '../../shared/preflight';
import { readFirewall } from './host/firewall';
import { lanAddresses } from './host/lan';
import { findPortOwners } from './host/owners';
import {
  createProcessRunner,
  nodeFiles,
  type CommandResult,
  type CommandRunner,
  type FileAccess,
  type Platform,
} from './host/runner';
import { detectElevation, listPbxServices, manualStartCommand } from './host/services';
import { defaultStateDir, guardedServicesStopped, type StopMarker } from './pbx-guard';
import type { FixCommand } from '../../shared/preflight';

/** What the pre-flight needs; defaults are the real machine. */
export interface PreflightDeps {
  platform?: Platform;
  runner?: CommandRunner;
  files?: FileAccess;
  uid?: number | null;
  programPath?: string;
  firewallTimeoutMs?: number;
  /** Folder of the stop marker (default: the machine-wide state folder). */
  stateDir?: string;
  /** Who stops the services, for the marker (default 'cli'). */
  by?: StopMarker['by'];
  /** This machine's LAN addresses (default: from its network interfaces). */
  lanAddresses?: () => string[];
}

/** A pre-flight in progress: owners and services now, the firewall when it is ready. */
export interface PreflightRun {
  owners: Preflight['owners'];
  services: ServicesReport;
  /** Resolves with the whole pre-flight once the firewall has been read (or timed out). */
  complete: Promise<Preflight>;
  /** Raw outputs of every command run, for the diagnostics bundle. */
  commands: CommandResult[];
  /** Runs `work` with the running PBX services stopped; restarts them whatever happens. */
  withPbxStopped<T>(work: () => Promise<T>): Promise<T>;
  /** The command that starts `services` again by hand. */
  manualRestart(services: readonly string[]): FixCommand;
}

/** Default time limit for reading the firewall rules. */
const FIREWALL_TIMEOUT_MS = 45_000;

/** The platform of this process, as the pre-flight names it. */
export function currentPlatform(): Platform {
  return process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux';
}

/** Starts the pre-flight for `ports`; resolves once owners and services are known. */
export async function startPreflight(ports: readonly number[], deps: PreflightDeps = {}): Promise<PreflightRun> {
  const started = performance.now();
  const platform = deps.platform ?? currentPlatform();
  const runner = deps.runner ?? createProcessRunner();
  const commands: CommandResult[] = [];
  const serviceDeps = {
    platform,
    runner,
    uid: deps.uid === undefined ? (process.getuid?.() ?? null) : deps.uid,
    commands,
  };
  const elevation = detectElevation(serviceDeps);
  const firewall = elevation.then((elevated) =>
    readFirewall({
      platform,
      runner,
      ports,
      programPath: deps.programPath ?? process.execPath,
      timeoutMs: deps.firewallTimeoutMs ?? FIREWALL_TIMEOUT_MS,
      elevated,
      commands,
    }),
  );
  const [owners, pbx, elevated] = await Promise.all([
    findPortOwners({ platform, runner, files: deps.files ?? nodeFiles, ports, commands }),
    listPbxServices(serviceDeps),
    elevation,
  ]);
  const services: ServicesReport = {
    pbx,
    elevated,
    stopRequested: false,
    stopped: [],
    restarted: [],
    failures: [],
    manualRestart: null,
  };
  return {
    owners,
    services,
    commands,
    manualRestart: (names) => manualStartCommand(platform, names),
    withPbxStopped: (work) => {
      services.stopRequested = true;
      return guardedServicesStopped(
        serviceDeps,
        services,
        { dir: deps.stateDir ?? defaultStateDir(platform, process.env), pid: process.pid, by: deps.by ?? 'cli' },
        work,
      );
    },
    complete: firewall.then((fw) => ({
      platform,
      owners,
      services,
      firewall: fw,
      durationMs: Math.round(performance.now() - started),
      lanAddresses: (deps.lanAddresses ?? lanAddresses)(),
    })),
  };
}
