/**
 * Hops toward the STUN server with the operating system's own tracer, bounded to 4 hops and
 * short waits: `tracert -d -h 4 -w 500` on Windows (from System32 by its full path, see
 * windowsToolPath); on Linux `traceroute -n -m 4 -w 1`, else `tracepath -n -m 4`; on macOS
 * `/usr/sbin/traceroute -n -m 4 -w 1`. The platform is a parameter; output goes through
 * ./hops-parse.ts.
 *
 * Measured in the lab (4 silent hops): Linux traceroute sends every probe at once and waits once,
 * 5 s by default, 1 s with `-w 1`; tracepath has no wait option, spends about 3 s per silent hop
 * (13 s for four) and, writing to a pipe, prints nothing until it ends, so a tracepath killed by
 * its time limit gives no hop at all: it only runs where traceroute is missing. BSD traceroute
 * waits per probe (3 per hop), so `-w 1` keeps four silent hops near 12 s, and it prints each hop
 * as it goes, so a run cut at the time limit still gives the first hops.
 */
import type { CommandResult, CommandRunner, Platform } from '../host/runner';
import { parseHops, type Hop, type TraceTool } from './hops-parse';

/** Most hops asked for: the gateway, a modem or carrier NAT behind it, and the next one. */
export const MAX_HOPS = 4;
/** Time limit of one tracer run; its partial output is read when it is killed. */
export const TRACE_TIMEOUT_MS = 7000;

/** One tracer invocation. */
export interface TraceCommand {
  tool: TraceTool;
  command: string;
  args: string[];
}

/** The tracers to try for `target` on `platform`, in order (the next only when one cannot run). */
export function traceCommands(platform: Platform, target: string): TraceCommand[] {
  const max = String(MAX_HOPS);
  switch (platform) {
    case 'win32':
      return [{ tool: 'tracert', command: 'tracert', args: ['-d', '-h', max, '-w', '500', target] }];
    case 'darwin':
      return [{ tool: 'traceroute', command: '/usr/sbin/traceroute', args: ['-n', '-m', max, '-w', '1', target] }];
    case 'linux':
      return [
        { tool: 'traceroute', command: 'traceroute', args: ['-n', '-m', max, '-w', '1', target] },
        { tool: 'tracepath', command: 'tracepath', args: ['-n', '-m', max, target] },
      ];
  }
}

/** What tracing found, with the commands as run (for the diagnostics bundle). */
export interface TraceResult {
  hops: Hop[];
  /** The tool whose output was read, or null when none could run. */
  tool: TraceTool | null;
  commands: CommandResult[];
}

/**
 * Runs the platform's tracer toward `target` (an IP address: no name is resolved by the tool).
 * A tool that cannot run (not installed, refused) or prints no hop at all is replaced by the
 * next, within what is left of `timeoutMs`; a tool that timed out is read as far as it got.
 * Never throws.
 */
export async function traceHops(
  platform: Platform,
  runner: CommandRunner,
  target: string,
  timeoutMs = TRACE_TIMEOUT_MS,
): Promise<TraceResult> {
  const commands: CommandResult[] = [];
  let left = timeoutMs;
  for (const step of traceCommands(platform, target)) {
    if (left < 1000) break;
    const result = await runner.run(step.command, step.args, { timeoutMs: left });
    left -= result.durationMs;
    commands.push(result);
    const hops = parseHops(step.tool, result.stdout).filter((hop) => hop.ttl <= MAX_HOPS);
    if (hops.length > 0) return { hops, tool: step.tool, commands };
  }
  return { hops: [], tool: null, commands };
}
