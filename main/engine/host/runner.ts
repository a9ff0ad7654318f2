/**
 * Every OS command the pre-flight runs goes through a CommandRunner, and every file it reads
 * through FileAccess: tests replace both with fixtures, so the Windows and macOS code paths run
 * in Linux CI. Nothing here throws for a failed command: the result says what happened.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { win32 } from 'node:path';

/** The platforms the pre-flight knows. A parameter everywhere, never read deep inside. */
export type Platform = 'win32' | 'linux' | 'darwin';

/** What one command did; kept verbatim for the diagnostics bundle. */
export interface CommandResult {
  command: string;
  args: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  /** Set when the command could not run at all (ENOENT, EACCES…). */
  error?: string;
}

/** Runs commands. */
export interface CommandRunner {
  run(
    command: string,
    args: readonly string[],
    options?: { timeoutMs?: number; env?: Record<string, string> },
  ): Promise<CommandResult>;
}

/** Reads files (for /proc and /etc/passwd). Every method answers null instead of throwing. */
export interface FileAccess {
  readFile(path: string): Promise<string | null>;
  readdir(path: string): Promise<string[] | null>;
  readlink(path: string): Promise<string | null>;
}

/** Default time limit of one command. */
const DEFAULT_COMMAND_TIMEOUT_MS = 15_000;

/** Windows tools we run, under %SystemRoot%\System32. */
const WINDOWS_TOOLS: Record<string, string> = {
  powershell: 'WindowsPowerShell\\v1.0\\powershell.exe',
  netstat: 'NETSTAT.EXE',
  tasklist: 'tasklist.exe',
  netsh: 'netsh.exe',
  whoami: 'whoami.exe',
  route: 'ROUTE.EXE',
  ipconfig: 'ipconfig.exe',
  sc: 'sc.exe',
  net: 'net.exe',
  tracert: 'TRACERT.EXE',
};

/**
 * On Windows, a system tool named without a path is run from System32 by its full path. Windows
 * looks for a bare name in the program's own folder and the current folder before PATH, so an
 * elevated checker started from a Downloads folder would otherwise run a planted netstat.exe.
 */
export function windowsToolPath(command: string, env: Record<string, string | undefined>): string {
  const name = command.toLowerCase().replace(/\.exe$/, '');
  const tool = WINDOWS_TOOLS[name];
  if (!tool || /[\\/]/.test(command)) return command;
  const root = env.SystemRoot ?? env.windir ?? '';
  const base = /^[a-z]:\\[^"<>|?*]*$/i.test(root) ? root.replace(/\\+$/, '') : 'C:\\Windows';
  return win32.join(base, 'System32', tool);
}

/**
 * The real runner over child_process.execFile: no shell, hidden console window on Windows, a
 * time limit that kills the process. Output is read as UTF-8; the parsers trust only ASCII tokens
 * (digits, addresses, TCP/UDP), so OEM code-page text from Windows console tools cannot mislead them.
 */
export function createProcessRunner(platform: NodeJS.Platform = process.platform): CommandRunner {
  return {
    run(requested, args, options = {}) {
      const started = performance.now();
      const timeout = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
      const command = platform === 'win32' ? windowsToolPath(requested, process.env) : requested;
      return new Promise((resolve) => {
        execFile(
          command,
          [...args],
          {
            timeout,
            killSignal: 'SIGKILL',
            windowsHide: true,
            maxBuffer: 16 * 1024 * 1024,
            encoding: 'utf8',
            env: options.env ? { ...process.env, ...options.env } : process.env,
          },
          (error, stdout, stderr) => {
            const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
            const timedOut = !!failure?.killed && performance.now() - started >= timeout - 50;
            const spawnError = failure && typeof failure.code === 'string' ? failure.code : undefined;
            resolve({
              command,
              args: [...args],
              exitCode: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
              stdout: String(stdout ?? ''),
              stderr: String(stderr ?? ''),
              durationMs: Math.round(performance.now() - started),
              timedOut,
              ...(spawnError ? { error: spawnError } : timedOut ? { error: 'ETIMEDOUT' } : {}),
            });
          },
        );
      });
    },
  };
}

/** Real file access. */
export const nodeFiles: FileAccess = {
  readFile: (path) => readFile(path, 'utf8').catch(() => null),
  readdir: (path) => readdir(path).catch(() => null),
  readlink: (path) => readlink(path).catch(() => null),
};

/** True when a command ran and exited 0. */
export function succeeded(result: CommandResult): boolean {
  return result.exitCode === 0 && !result.timedOut && !result.error;
}

/** Splits text into lines, whatever the line endings. */
export function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}
