/**
 * Entry point of `voip-fwcheck serve` (wired by main/cli.ts): parse the options, start the
 * server, log JSON lines on stdout, and run until SIGINT (through `io.onInterrupt`, or a signal
 * handler of ours when none is given) or SIGTERM (systemd, docker stop); then close every socket,
 * flush the counters and return 0. A second interrupt leaves at once (Node's default action).
 */
import { jsonLinesLogger } from './log';
import { parseServeArgs, SERVE_USAGE } from './options';
import { startServer } from './server';

/** Where `serve` writes and how it learns of Ctrl-C; the same shape as the checker's CliIo. */
export interface ServeIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
  /** Registers a Ctrl-C handler ('exit': leave now); returns the unregister function. */
  onInterrupt?: (handler: () => 'wait' | 'exit') => () => void;
  /** Process signals to stop on; tests pass an EventEmitter. Default: `process`. */
  signals?: {
    once(signal: 'SIGTERM' | 'SIGINT', f: () => void): unknown;
    off(signal: 'SIGTERM' | 'SIGINT', f: () => void): unknown;
  };
}

/** Exit codes of `serve`: 0 stopped cleanly, 2 bad arguments, 3 could not start. */
export const SERVE_EXIT = { stopped: 0, usage: 2, couldNotStart: 3 } as const;

/** Runs `voip-fwcheck serve` with `argv` (without "serve") until interrupted; resolves with the exit code. */
export async function serveMain(argv: readonly string[], io: ServeIo): Promise<number> {
  const args = parseServeArgs(argv);
  if (args.kind === 'help') {
    io.stdout.write(SERVE_USAGE);
    return SERVE_EXIT.stopped;
  }
  if (args.kind === 'error') {
    io.stderr.write(`voip-fwcheck serve: ${args.message}\nRun "voip-fwcheck serve --help" for the options.\n`);
    return SERVE_EXIT.usage;
  }
  const logger = jsonLinesLogger((line) => io.stdout.write(line));
  let server;
  try {
    server = await startServer(args.settings, { logger });
  } catch (error) {
    io.stderr.write(`voip-fwcheck serve: ${(error as Error).message}\n`);
    return SERVE_EXIT.couldNotStart;
  }
  const signals = io.signals ?? process;
  let stopping = false;
  let cleanup = (): void => undefined;
  await new Promise<void>((resolve) => {
    const stop = (reason: string) => (): 'wait' | 'exit' => {
      if (stopping) return 'exit';
      stopping = true;
      logger.event('stopping', { reason });
      resolve();
      return 'wait';
    };
    const onTerm = stop('SIGTERM');
    const onInt = stop('SIGINT');
    const unregister = io.onInterrupt?.(onInt);
    signals.once('SIGTERM', onTerm);
    if (!unregister) signals.once('SIGINT', onInt);
    cleanup = () => {
      unregister?.();
      signals.off('SIGTERM', onTerm);
      signals.off('SIGINT', onInt);
    };
  });
  cleanup();
  await server.close();
  return SERVE_EXIT.stopped;
}
