/**
 * Progress for the GUI and the terminal: counts, ETA, and throttling so a 10,000-port run does
 * not flood the IPC channel.
 */
import type { Progress } from '../../shared/report';
import type { Clock } from './clock';

/** Keeps counts and emits at most one event per `intervalMs` (the last one always). */
export class ProgressTracker {
  private done = 0;
  private passed = 0;
  private failed = 0;
  private lastEmit = -Infinity;
  private readonly startedAt: number;
  private testingStartedAt: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly total: number,
    private readonly emit: ((progress: Progress) => void) | undefined,
    private readonly intervalMs = 100,
  ) {
    this.startedAt = clock.now();
  }

  /** Announces a phase change (always emitted). */
  phase(phase: Progress['phase']): void {
    if (phase === 'testing') this.testingStartedAt = this.clock.now();
    this.send(phase, true);
  }

  /** Counts one finished port. */
  record(outcome: 'passed' | 'failed' | 'notTested'): void {
    this.done++;
    if (outcome === 'passed') this.passed++;
    if (outcome === 'failed') this.failed++;
    this.send('testing', this.done === this.total);
  }

  /**
   * Changes the outcome of a port already counted (a provisional failure that a re-test turned
   * into a pass, or that a cancel left untested); `done` stays.
   */
  revise(from: 'passed' | 'failed' | 'notTested', to: 'passed' | 'failed' | 'notTested'): void {
    if (from === to) return;
    if (from === 'passed') this.passed--;
    if (from === 'failed') this.failed--;
    if (to === 'passed') this.passed++;
    if (to === 'failed') this.failed++;
    this.send('testing', false);
  }

  /** The current snapshot. */
  snapshot(phase: Progress['phase']): Progress {
    const now = this.clock.now();
    let etaMs: number | null = null;
    if (phase === 'done') etaMs = 0;
    else if (this.testingStartedAt !== null && this.done > 0) {
      const rate = (now - this.testingStartedAt) / this.done;
      etaMs = Math.round(rate * (this.total - this.done));
    }
    return {
      phase,
      done: this.done,
      total: this.total,
      passed: this.passed,
      failed: this.failed,
      etaMs,
      elapsedMs: Math.round(now - this.startedAt),
    };
  }

  private send(phase: Progress['phase'], force: boolean): void {
    if (!this.emit) return;
    const now = this.clock.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    this.emit(this.snapshot(phase));
  }
}
