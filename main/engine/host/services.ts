/**
 * The PBX's own services: find them, stop them for the check, start them again afterwards —
 * always, whatever happened in between — and say loudly when a restart failed. Also whether this
 * process has the rights to do so.
 */
import type { FixCommand, PbxService, ServicesReport } from '../../../shared/preflight';
import { PBX_SERVICES_SCRIPT, powershellFailure, runPowerShell, serviceActionScript } from './powershell';
import { byHand, quotePowerShell, shCommand } from './quote';
import { lines, succeeded, type CommandResult, type CommandRunner, type Platform } from './runner';
import { parsePowerShellJson, parseScQuery, parseWhoamiElevated } from './windows-parse';

/** What the service functions need. */
export interface ServiceDeps {
  platform: Platform;
  runner: CommandRunner;
  /** process.getuid() on POSIX. */
  uid: number | null;
  commands: CommandResult[];
}

async function record(deps: ServiceDeps, promise: Promise<CommandResult>): Promise<CommandResult> {
  const result = await promise;
  deps.commands.push(result);
  return result;
}

/** Administrator (Windows: High or System mandatory level SID) or root; null when unknown. */
export async function detectElevation(deps: ServiceDeps): Promise<boolean | null> {
  if (deps.platform !== 'win32') return deps.uid === null ? null : deps.uid === 0;
  const result = await record(deps, deps.runner.run('whoami', ['/groups', '/fo', 'csv', '/nh'], { timeoutMs: 10_000 }));
  return parseWhoamiElevated(result.stdout);
}

/** `systemctl list-units` plain output → 3CX units. */
export function parseSystemdUnits(text: string): PbxService[] {
  const out: PbxService[] = [];
  for (const line of lines(text)) {
    const [unit, , active, , ...description] = line.trim().split(/\s+/);
    if (!unit || !/^3cx.*\.service$/i.test(unit)) continue;
    out.push({
      name: unit.replace(/\.service$/, ''),
      displayName: description.join(' ') || unit,
      running: active === 'active',
    });
  }
  return out;
}

/** Lists the PBX services (3CX*) on this machine. */
export async function listPbxServices(deps: ServiceDeps): Promise<PbxService[]> {
  if (deps.platform === 'win32') {
    const result = await record(deps, runPowerShell(deps.runner, PBX_SERVICES_SCRIPT, {}, 20_000));
    try {
      const data = parsePowerShellJson(result.stdout) as { services?: unknown; error?: unknown };
      if (typeof data.error === 'string') throw new Error(data.error);
      const list = Array.isArray(data.services) ? data.services : data.services ? [data.services] : [];
      return (list as { Name?: string; DisplayName?: string; Status?: string }[])
        .filter((s) => typeof s.Name === 'string')
        .map((s) => ({ name: s.Name!, displayName: s.DisplayName ?? s.Name!, running: s.Status === 'Running' }));
    } catch {
      // PowerShell blocked or broken: sc.exe lists the services too.
      const sc = await record(
        deps,
        deps.runner.run('sc', ['query', 'type=', 'service', 'state=', 'all'], { timeoutMs: 20_000 }),
      );
      return succeeded(sc) ? parseScQuery(sc.stdout).filter((s) => /^3cx/i.test(s.name)) : [];
    }
  }
  if (deps.platform === 'linux') {
    const result = await record(
      deps,
      deps.runner.run(
        'systemctl',
        ['list-units', '--type=service', '--all', '--plain', '--no-legend', '--no-pager', '3CX*', '3cx*'],
        { timeoutMs: 10_000 },
      ),
    );
    return succeeded(result) ? parseSystemdUnits(result.stdout) : [];
  }
  return [];
}

/**
 * The command an admin runs by hand to start the services again; every name quoted for its shell
 * (quote.ts), or a by-hand note when one cannot be.
 */
export function manualStartCommand(platform: Platform, names: readonly string[]): FixCommand {
  const what = 'start the PBX services listed above again';
  if (platform === 'win32') {
    // -Name takes wildcards: a name with * ? [ ] could start other services.
    const quoted = names.map((n) => (/[*?[\]]/.test(n) ? null : quotePowerShell(n)));
    return quoted.every((q): q is string => q !== null)
      ? { shell: 'powershell', command: `Start-Service -Name ${quoted.join(',')}`, needsElevation: true }
      : byHand('powershell', `${what} (services.msc)`);
  }
  // `--`: a unit name that starts with - is still a name.
  const command = shCommand(['sudo', 'systemctl', 'start', '--', ...names]);
  return command === null
    ? byHand('sh', `${what} with systemctl start`)
    : { shell: 'sh', command, needsElevation: true };
}

/** Stops or starts services; one result per service. */
export async function changeServices(
  deps: ServiceDeps,
  action: 'stop' | 'start',
  names: readonly string[],
): Promise<{ name: string; ok: boolean; message: string }[]> {
  if (names.length === 0) return [];
  if (deps.platform === 'win32') {
    const result = await record(
      deps,
      runPowerShell(deps.runner, serviceActionScript(action), { VFC_SERVICES: JSON.stringify(names) }, 120_000),
    );
    try {
      const data = parsePowerShellJson(result.stdout) as { results?: unknown };
      const list = (Array.isArray(data.results) ? data.results : data.results ? [data.results] : []) as {
        Name: string;
        Ok: boolean;
        Error: string | null;
      }[];
      if (list.length === 0) throw new Error((data as { error?: string }).error ?? 'no result');
      return names.map((name) => {
        const row = list.find((r) => r.Name === name);
        return { name, ok: !!row?.Ok, message: row?.Error ?? (row ? '' : 'no result') };
      });
    } catch (error) {
      // PowerShell blocked or broken: net.exe, one service at a time (/y: dependants too).
      const why = powershellFailure(result, (error as Error).message);
      const out: { name: string; ok: boolean; message: string }[] = [];
      for (const name of names) {
        const net = await record(
          deps,
          deps.runner.run('net', action === 'stop' ? ['stop', name, '/y'] : ['start', name], { timeoutMs: 120_000 }),
        );
        const ok = succeeded(net);
        const said = (net.stderr.trim() || net.stdout.trim()).split(/\r?\n/)[0] ?? '';
        out.push({
          name,
          ok,
          message: ok ? '' : `${said || net.error || `exit ${net.exitCode}`} (PowerShell: ${why})`,
        });
      }
      return out;
    }
  }
  // systemd: one unit at a time, so a failure names its unit.
  const out: { name: string; ok: boolean; message: string }[] = [];
  for (const name of names) {
    const result = await record(deps, deps.runner.run('systemctl', [action, name], { timeoutMs: 120_000 }));
    out.push({
      name,
      ok: succeeded(result),
      message: succeeded(result) ? '' : result.stderr.trim() || result.error || `exit ${result.exitCode}`,
    });
  }
  return out;
}

/**
 * Runs `work` with the running PBX services stopped, and starts them again afterwards on success,
 * failure, cancellation and error alike. Fills `report` with what was stopped and restarted.
 */
export async function withServicesStopped<T>(
  deps: ServiceDeps,
  report: ServicesReport,
  work: () => Promise<T>,
): Promise<T> {
  const running = report.pbx.filter((s) => s.running).map((s) => s.name);
  const stopped = await changeServices(deps, 'stop', running);
  report.stopped = stopped.filter((r) => r.ok).map((r) => r.name);
  for (const failure of stopped.filter((r) => !r.ok))
    report.failures.push({ service: failure.name, action: 'stop', message: failure.message });
  try {
    return await work();
  } finally {
    // Start in reverse order of stopping: dependants were stopped after what they depend on.
    const started = await changeServices(deps, 'start', [...report.stopped].reverse());
    report.restarted = started.filter((r) => r.ok).map((r) => r.name);
    const failed = started.filter((r) => !r.ok);
    for (const failure of failed)
      report.failures.push({ service: failure.name, action: 'start', message: failure.message });
    report.manualRestart = failed.length
      ? manualStartCommand(
          deps.platform,
          failed.map((f) => f.name),
        )
      : null;
  }
}
