/**
 * One run at a time, for the window: start with validated settings, cancel, progress and the
 * final report pushed to a listener, the last report kept for the diagnostics bundle.
 * Electron-free: the IPC layer adapts it.
 */
import { randomUUID } from 'node:crypto';
import type { PortResult, Progress, Report, RunSettings } from '../shared/report';
import { validateSettings } from '../shared/validate';
import { executePlan, planRun, type PathOptions, type PlanPreflight } from './engine/plan';
import type { CheckDeps } from './engine/run-check';

/** How often port results are pushed to the window while a check runs. */
const RESULT_BATCH_MS = 200;

/** Events a run manager emits. */
export interface RunEvents {
  progress(runId: string, progress: Progress): void;
  /** Port results as they come, in batches (at most one batch every RESULT_BATCH_MS). */
  results?(runId: string, results: PortResult[]): void;
  finished(runId: string, report: Report): void;
  failed(runId: string, error: Error): void;
}

/** Why a manager call was refused. */
export class RunError extends Error {
  constructor(
    readonly code: 'RUN_IN_PROGRESS' | 'NO_SUCH_RUN' | 'NO_REPORT',
    message: string,
  ) {
    super(message);
    this.name = 'RunError';
  }
}

/** Keeps the current run and the last report. */
export class RunManager {
  private current: { id: string; controller: AbortController; done: Promise<void> } | null = null;
  private last: Report | null = null;

  constructor(
    private readonly events: RunEvents,
    private readonly deps: Omit<CheckDeps, 'signal' | 'onProgress' | 'owners' | 'heldPorts'> = {},
  ) {}

  /**
   * Starts a run planned from the pre-flight, as the CLI plans it (`planRun`); throws RunError
   * when one is going, SettingsError on bad settings. `stopServices`: the admin confirmed that
   * the PBX services may be stopped for the run.
   */
  start(
    input: RunSettings,
    extra: { preflight?: PlanPreflight | null; stopServices?: boolean; path?: PathOptions | null } = {},
  ): string {
    if (this.current) throw new RunError('RUN_IN_PROGRESS', 'a check is already running');
    const settings = validateSettings(input);
    const plan = planRun(settings, extra.preflight ?? null, {
      stopServices: extra.stopServices ?? false,
      ownPid: process.pid,
    });
    const id = randomUUID();
    const controller = new AbortController();
    let batch: PortResult[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = (): void => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (batch.length) this.events.results?.(id, batch);
      batch = [];
    };
    const done = executePlan(plan, {
      ...this.deps,
      path: extra.path ?? null,
      // SIP ALG and TCP forwards against our own server (issue 11): the window has no switch for
      // them yet, so it runs them as the CLI does by default.
      ours: { sip: true, tcpPorts: null },
      signal: controller.signal,
      onProgress: (progress) => this.events.progress(id, progress),
      onResult: (result) => {
        batch.push(result);
        timer ??= setTimeout(flush, RESULT_BATCH_MS);
      },
    })
      .then((report) => {
        flush();
        this.last = report;
        this.events.finished(id, report);
      })
      .catch((error: unknown) => {
        flush();
        this.events.failed(id, error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => {
        if (this.current?.id === id) this.current = null;
      });
    this.current = { id, controller, done };
    return id;
  }

  /** Cancels the run `id`; resolves once every socket of it is closed. */
  async cancel(id: string): Promise<void> {
    if (!this.current || this.current.id !== id) throw new RunError('NO_SUCH_RUN', `no running check with id ${id}`);
    this.current.controller.abort();
    await this.current.done;
  }

  /** True while a run is going. */
  get running(): boolean {
    return this.current !== null;
  }

  /** The last finished report, for the bundle. */
  get lastReport(): Report | null {
    return this.last;
  }

  /** Cancels whatever runs (app quit). */
  async dispose(): Promise<void> {
    if (this.current) await this.cancel(this.current.id);
  }
}
