/**
 * Progress for the GUI and the terminal: counts, ETA, and throttling so a 10,000-port run does
 * not flood the IPC channel.
 */
import type { Progress } from '../../shared/report';
import type { Clock } from './clock';
import { QUIET_GAP_MS } from './scan-guard-policy';

/**
 * A gap this long between two finished ports is a pause (the scan guard's quiet gap and canary
 * check); shorter gaps are the give-up time of slow failures at a low concurrency.
 */
const STALL_MS = 2000;

/** Keeps counts and emits at most one event per `intervalMs` (the last one always). */
export class ProgressTracker {
  private done = 0;
  private passed = 0;
  private failed = 0;
  private lastEmit = -Infinity;
  private readonly startedAt: number;
  private testingStartedAt: number | null = null;
  private lastRecordAt: number | null = null;
  private stalls = 0;
  private stallMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly total: number,
    private readonly emit: ((progress: Progress) => void) | undefined,
    private readonly intervalMs = 100,
    /** What a failing port costs: the give-up time of one test (settings.timeoutMs). */
    private readonly giveUpMs = 3000,
    /** Ports tested at once (settings.concurrency): the failures' re-test goes this many at a time. */
    private readonly concurrency = 50,
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
    const now = this.clock.now();
    // The wait for the first answer is the ports' latency, not a pause.
    if (this.lastRecordAt !== null && now - this.lastRecordAt >= STALL_MS) {
      this.stalls++;
      this.stallMs += now - this.lastRecordAt;
    }
    this.lastRecordAt = now;
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
    const eta = phase === 'done' ? ([0, 0] as const) : this.estimate(now);
    const progress: Progress = {
      phase,
      done: this.done,
      total: this.total,
      passed: this.passed,
      failed: this.failed,
      etaMs: eta && Math.round((eta[0] + eta[1]) / 2),
      elapsedMs: Math.round(now - this.startedAt),
    };
    if (eta && eta[1] > eta[0]) progress.etaRangeMs = [Math.round(eta[0]), Math.round(eta[1])];
    return progress;
  }

  /**
   * The time left as [low, high]. Ports go at the pace seen while ports were finishing; pauses
   * (no port finished for STALL_MS: the scan guard's quiet gaps and canary checks after failures)
   * are counted apart. Once a port failed, the failures are re-tested at the end, `concurrency` at
   * a time, each batch waiting up to the give-up time. The low end assumes no further pause, the
   * high end a pause before that round (a quiet gap when none was seen yet) and as many more on
   * the way as so far per port.
   */
  private estimate(now: number): [number, number] | null {
    if (this.testingStartedAt === null || this.done === 0) return null;
    const pause = this.stalls ? this.stallMs / this.stalls : QUIET_GAP_MS + 2 * this.giveUpMs;
    const retest = this.failed > 0 ? Math.ceil(this.failed / this.concurrency) * this.giveUpMs : 0;
    const round: [number, number] =
      this.failed === 0 ? [0, 0] : [retest / 2, (this.stalls ? pause : QUIET_GAP_MS) + retest];
    const left = this.total - this.done;
    if (left === 0) {
      const gone = now - (this.lastRecordAt ?? now);
      return [Math.max(0, round[0] - gone), Math.max(0, round[1] - gone)];
    }
    const moving = (Math.max(1, now - this.testingStartedAt - this.stallMs) / this.done) * left;
    const morePauses = this.failed > 0 ? (this.stalls / this.done) * left : 0;
    return [moving + round[0], moving + round[1] + morePauses * pause];
  }

  private send(phase: Progress['phase'], force: boolean): void {
    if (!this.emit) return;
    const now = this.clock.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    this.emit(this.snapshot(phase));
  }
}
