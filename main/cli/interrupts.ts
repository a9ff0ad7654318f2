/**
 * How the command-line process hears that it must stop: Ctrl-C (SIGINT), a service manager
 * (SIGTERM) and a lost SSH session (SIGHUP) all cancel the check the same way, so PBX services
 * stopped for it are started again before the process ends. A terminal that went away must not
 * kill the process either: write errors on stdout and stderr (EIO, EPIPE) are ignored.
 */

/** The signals that cancel a check. */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** What the wiring needs of a process; `process` fits. */
export interface ProcessLike {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  exit(code: number): never | void;
  stdout: { on(event: 'error', listener: (error: Error) => void): unknown };
  stderr: { on(event: 'error', listener: (error: Error) => void): unknown };
}

/** Keeps a vanished terminal from crashing the process mid-check (its output is lost anyway). */
export function ignoreOutputErrors(proc: ProcessLike): void {
  proc.stdout.on('error', () => undefined);
  proc.stderr.on('error', () => undefined);
}

/**
 * Registers `handler` for every interrupt signal; 'exit' from it ends the process with 130.
 * Returns the function that unregisters it.
 */
export function onInterrupt(proc: ProcessLike, handler: () => 'wait' | 'exit'): () => void {
  const listener = (): void => {
    if (handler() === 'exit') proc.exit(130);
  };
  for (const signal of INTERRUPT_SIGNALS) proc.on(signal, listener);
  return () => {
    for (const signal of INTERRUPT_SIGNALS) proc.off(signal, listener);
  };
}
