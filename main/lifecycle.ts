/**
 * The app never leaves the PBX down on its way out. Closing the window, quitting the app, a
 * crashed renderer and an uncaught error in the main process all cancel the run first; a run
 * that stopped the PBX services starts them again as it ends (see `executePlan`), and the app
 * waits for that, saying so in the window, before it closes. Electron-free: main/index.ts wires it.
 */
import type { Logger } from './logging';

/** What the guard needs from the app. */
export interface ShutdownDeps {
  /** The run manager (only what the guard uses). */
  manager: { readonly running: boolean; dispose(): Promise<void> };
  /** Tells the window what is happening ('restarting' while the run winds down). */
  notify(state: 'restarting' | 'idle'): void;
  /** Quits the app for real (the guard's own before-quit handler lets it through). */
  quit(): void;
  /** Ends the process after a fatal error. */
  exit(code: number): void;
  logger: Logger;
}

/** An event whose default (closing, quitting) can be held back. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** The guard's handlers, one per way out. */
export interface ShutdownGuard {
  /** app 'before-quit': hold the quit while a run winds down, then quit. */
  beforeQuit(event: PreventableEvent): void;
  /** BrowserWindow 'close': hold the close while a run winds down, then quit. */
  windowClose(event: PreventableEvent): void;
  /** webContents 'render-process-gone': the window is gone, the run must not go on alone. */
  rendererGone(reason: string): void;
  /** process 'uncaughtException' / 'unhandledRejection': wind down, then exit 1. */
  fatal(error: unknown): void;
  /** Resolves once the current wind-down (if any) is over. */
  settled(): Promise<void>;
}

/** Builds the guard. */
export function createShutdownGuard(deps: ShutdownDeps): ShutdownGuard {
  let windingDown: Promise<void> | null = null;
  let quitting = false;

  const windDown = (why: string): Promise<void> => {
    if (windingDown) return windingDown;
    deps.logger.warn(
      `${why}: cancelling the running check first (PBX services are started again if they were stopped)`,
    );
    deps.notify('restarting');
    windingDown = deps.manager
      .dispose()
      .catch((error: unknown) => deps.logger.error(`winding down failed: ${(error as Error).message ?? String(error)}`))
      .finally(() => deps.notify('idle'));
    return windingDown;
  };

  const holdThenQuit = (event: PreventableEvent, why: string): void => {
    if (quitting) return;
    if (!deps.manager.running && !windingDown) return;
    event.preventDefault();
    void windDown(why).then(() => {
      quitting = true;
      deps.quit();
    });
  };

  return {
    beforeQuit: (event) => holdThenQuit(event, 'quit requested during a check'),
    windowClose: (event) => holdThenQuit(event, 'window closed during a check'),
    rendererGone: (reason) => {
      if (deps.manager.running) void windDown(`the window's renderer is gone (${reason})`);
    },
    fatal: (error) => {
      deps.logger.error(`fatal error in the main process: ${(error as Error)?.stack ?? String(error)}`);
      void windDown('fatal error').then(() => deps.exit(1));
    },
    settled: () => windingDown ?? Promise.resolve(),
  };
}
