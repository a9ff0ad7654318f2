/**
 * Progress for the GUI and the terminal: counts, ETA, and throttling so a 10,000-port run does
 * not flood the IPC channel.
 */
import type { Progress } from '../../shared/report';
import type { Clock } from './clock';
import { QUIET_GAP_MS } from './scan-guard-policy';

/** A gap this long between two finished ports is a pause (the scan guard's quiet gap, a re-test). */
const STALL_MS = 1000;

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
   * are counted apart. Once a port failed, the failures' re-test round at the end costs one pause
   * (a quiet gap and the give-up time, before any pause was seen). The low end assumes no further
   * pause before it, the high end as many more as so far per port.
   */
  private estimate(now: number): [number, number] | null {
    if (this.testingStartedAt === null || this.done === 0) return null;
    const pause = this.stalls ? this.stallMs / this.stalls : QUIET_GAP_MS + 2 * this.giveUpMs;
    const finalRound = this.failed > 0 ? pause : 0;
    const left = this.total - this.done;
    if (left === 0) {
      const rest = Math.max(0, finalRound - (now - (this.lastRecordAt ?? now)));
      return [rest, rest];
    }
    const moving = Math.max(1, now - this.testingStartedAt - this.stallMs) / this.done;
    const low = moving * left + finalRound;
    const morePauses = this.failed > 0 ? (this.stalls / this.done) * left : 0;
    return [low, low + morePauses * pause];
  }

  private send(phase: Progress['phase'], force: boolean): void {
    if (!this.emit) return;
    const now = this.clock.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    this.emit(this.snapshot(phase));
  }
}
