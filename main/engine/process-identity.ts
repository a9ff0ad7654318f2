/**
 * Is the process that wrote a stop marker still the one running under its PID? A PID that exists
 * is not enough: after a crash or a reboot another process may have it (Windows hands PIDs out
 * again within minutes), and then nobody would ever start the PBX services again. The marker says
 * when its writer started; the OS says when the process now holding that PID started. Two starts
 * more than a few seconds apart are two processes.
 *
 * When the OS cannot say (no `ps`, access denied, a slow PowerShell), the answer stays the
 * conservative one, "still running": the services are then left to that process, as before.
 */
import { processAlive, type Liveness } from './pbx-guard';
import { runPowerShell } from './host/powershell';
import type { CommandRunner, Platform } from './host/runner';
import { parsePowerShellJson } from './host/windows-parse';

/** How far apart two start times may be and still be one process (`ps` gives whole seconds). */
const SAME_START_MS = 5000;
const TIMEOUT_MS = 8000;

/** Seconds since the process started, printed as `{"seconds":N}`; the PID comes in the environment. */
export const ELAPSED_SCRIPT = `
$p = Get-Process -Id ([int]$env:VFC_PID) -ErrorAction Stop
Write-Output (ConvertTo-Json -Compress -InputObject @{seconds=[int64]((Get-Date) - $p.StartTime).TotalSeconds})`;

/** `ps -o etime=`'s "[[dd-]hh:]mm:ss" as seconds, or null when it is not that. */
export function parseElapsed(text: string): number | null {
  const match = /^\s*(?:(\d+)-)?(?:(\d{1,2}):)?(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!match) return null;
  const [, days, hours, minutes, seconds] = match;
  return ((Number(days ?? 0) * 24 + Number(hours ?? 0)) * 60 + Number(minutes)) * 60 + Number(seconds);
}

/** What the liveness check needs: the OS and how to ask it. */
export interface IdentityDeps {
  platform: Platform;
  runner: CommandRunner;
  /** Whether a PID exists at all (default: signal 0). */
  exists?: (pid: number) => boolean;
  now?: () => number;
}

/** Seconds since `pid` started, as the OS says; null when it cannot say. */
async function elapsedSeconds(deps: IdentityDeps, pid: number): Promise<number | null> {
  if (deps.platform === 'win32') {
    const result = await runPowerShell(deps.runner, ELAPSED_SCRIPT, { VFC_PID: String(pid) }, TIMEOUT_MS);
    try {
      const value = (parsePowerShellJson(result.stdout) as { seconds?: unknown } | null)?.seconds;
      return result.exitCode === 0 && typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
    } catch {
      return null;
    }
  }
  const result = await deps.runner.run('ps', ['-o', 'etime=', '-p', String(pid)], {
    timeoutMs: TIMEOUT_MS,
    env: { LC_ALL: 'C' },
  });
  return result.exitCode === 0 ? parseElapsed(result.stdout) : null;
}

/** A liveness check that tells a reused PID from the marker's own process (see above). */
export function processLiveness(deps: IdentityDeps): Liveness {
  const exists = deps.exists ?? processAlive;
  const now = deps.now ?? Date.now;
  return async (pid, startedAt) => {
    if (!exists(pid)) return false;
    const recorded = startedAt === undefined ? NaN : Date.parse(startedAt);
    if (Number.isNaN(recorded)) return true;
    const seconds = await elapsedSeconds(deps, pid);
    if (seconds === null) return true;
    return Math.abs(now() - seconds * 1000 - recorded) <= SAME_START_MS;
  };
}
