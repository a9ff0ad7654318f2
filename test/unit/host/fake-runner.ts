/**
 * A CommandRunner answering from fixtures, keyed by the command line (PowerShell by the script it
 * was given). Records what was asked.
 */
import type { CommandResult, CommandRunner } from '../../../main/engine/host/runner';

/** A canned answer. */
export type Canned = Partial<Pick<CommandResult, 'stdout' | 'stderr' | 'exitCode' | 'timedOut' | 'error'>>;

/** Decodes the script inside a PowerShell -EncodedCommand call. */
export function powershellScript(args: readonly string[]): string | null {
  const index = args.indexOf('-EncodedCommand');
  return index < 0 ? null : Buffer.from(args[index + 1] ?? '', 'base64').toString('utf16le');
}

/** Creates a runner; `answer` picks the canned result for a command line (or a PowerShell script). */
export function fakeRunner(answer: (line: string, script: string | null) => Canned | undefined) {
  const calls: { line: string; script: string | null; env?: Record<string, string> }[] = [];
  const runner: CommandRunner = {
    async run(command, args, options) {
      const script = powershellScript(args);
      const line = [command, ...args].join(' ');
      calls.push({ line, script, env: options?.env });
      const canned = answer(line, script);
      return {
        command,
        args: [...args],
        exitCode: canned ? (canned.exitCode ?? 0) : null,
        stdout: canned?.stdout ?? '',
        stderr: canned?.stderr ?? '',
        durationMs: 1,
        timedOut: canned?.timedOut ?? false,
        ...(canned ? (canned.error ? { error: canned.error } : {}) : { error: 'ENOENT' }),
      };
    },
  };
  return { runner, calls };
}
