/**
 * "Restart as administrator" (issue 14). Stopping the PBX services needs administrator rights; a
 * technician who opened the app by double-click has none. On Windows the app starts itself again
 * through the consent prompt (Start-Process -Verb RunAs, which is ShellExecute's "runas" verb) and
 * quits once the new copy is on its way. Elsewhere there is nothing to start: the window shows the
 * exact `sudo` command instead (a GUI running as root is not something to offer).
 *
 * The single-instance lock is let go before the prompt (the elevated copy must be allowed to take
 * it) and taken back when the user says no or the start fails, so this copy goes on as before.
 * Nothing is pasted into the script: the program, its arguments and its folder travel in the
 * environment (runPowerShell).
 */
import { win32 } from 'node:path';
import type { RelaunchResult } from '../shared/api';
import { runPowerShell } from './engine/host/powershell';
import { parsePowerShellJson } from './engine/host/windows-parse';
import type { CommandRunner } from './engine/host/runner';

/** ERROR_CANCELLED: the user answered "No" to the consent prompt. */
const ERROR_CANCELLED = 1223;
/**
 * Windows' own words for ERROR_CANCELLED ("The operation was canceled by the user."), in English
 * and French, for a PowerShell that does not expose the error's code to the script.
 */
const CANCELLED_TEXT = /cancel+ed by the user|annulée par l[’']utilisateur/i;
/** How long the consent prompt may stay open before the app stops waiting for it. */
const PROMPT_TIMEOUT_MS = 10 * 60_000;

/**
 * Starts `$env:VFC_EXE` elevated with `$env:VFC_ARGS` (one command line, already quoted) in
 * `$env:VFC_CWD`. Prints `{started:true}`, or `{declined:true}` (exit 2) when the user said no;
 * any other failure is the wrapper's `{error, id}` (exit 1). Constrained Language Mode: a
 * hashtable for splatting and property reads only.
 */
export const RELAUNCH_SCRIPT = `
$p = @{ FilePath = $env:VFC_EXE; Verb = 'RunAs'; WorkingDirectory = $env:VFC_CWD; ErrorAction = 'Stop' }
if ($env:VFC_ARGS) { $p.ArgumentList = $env:VFC_ARGS }
try { Start-Process @p }
catch {
  $code = $null
  try { $code = $_.Exception.InnerException.NativeErrorCode } catch {}
  if ($code -eq ${ERROR_CANCELLED}) { Write-Output (ConvertTo-Json -Compress -InputObject @{declined=$true}); exit 2 }
  throw
}
Write-Output (ConvertTo-Json -Compress -InputObject @{started=$true})`;

/**
 * One argument quoted for a Windows command line, so that the C runtime's parser
 * (CommandLineToArgvW rules) gives it back unchanged: quotes around it when it is empty or has
 * spaces, tabs or quotes; a quote gets a backslash, and backslashes before a quote or the
 * closing quote are doubled.
 */
export function quoteWindowsArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    out += ch === '"' ? '\\'.repeat(backslashes * 2 + 1) : '\\'.repeat(backslashes);
    out += ch;
    backslashes = 0;
  }
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}

/** What the relaunch needs; Electron's pieces are injected (app-ipc.ts). */
export interface ElevateDeps {
  platform: NodeJS.Platform;
  runner: CommandRunner;
  /** The program to start again (process.execPath). */
  execPath: string;
  /** Its arguments (process.argv after the program: the app folder when run from source). */
  args: readonly string[];
  /** Lets the single-instance lock go, and takes it back. */
  releaseLock(): void;
  reacquireLock(): void;
  /** Quits this copy (the shutdown guard runs as for any quit). */
  quit(): void;
}

/** Starts the app again as administrator; see the file's comment. */
export async function relaunchElevated(deps: ElevateDeps): Promise<RelaunchResult> {
  if (deps.platform !== 'win32') return { outcome: 'unsupported' };
  if ([deps.execPath, ...deps.args].some((a) => a.includes('\0'))) {
    return { outcome: 'failed', message: 'the program path or its arguments contain a NUL character' };
  }
  deps.releaseLock();
  const result = await runPowerShell(
    deps.runner,
    RELAUNCH_SCRIPT,
    {
      VFC_EXE: deps.execPath,
      VFC_ARGS: deps.args.map(quoteWindowsArg).join(' '),
      VFC_CWD: win32.dirname(deps.execPath),
    },
    PROMPT_TIMEOUT_MS,
  );
  const answer = parseAnswer(result.stdout);
  if (result.exitCode === 0 && answer?.started === true) {
    deps.quit();
    return { outcome: 'started' };
  }
  deps.reacquireLock();
  if (answer?.declined === true || (typeof answer?.error === 'string' && CANCELLED_TEXT.test(answer.error)))
    return { outcome: 'declined' };
  const reason =
    (typeof answer?.error === 'string' && answer.error) ||
    result.error ||
    (result.timedOut ? 'no answer to the administrator prompt' : '') ||
    result.stderr.trim().split('\n')[0] ||
    `PowerShell exited with ${String(result.exitCode)}`;
  return { outcome: 'failed', message: reason.slice(0, 300) };
}

/** The JSON object PowerShell printed (parsePowerShellJson), or null. */
function parseAnswer(stdout: string): Record<string, unknown> | null {
  try {
    const value = parsePowerShellJson(stdout);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
