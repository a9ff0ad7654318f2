/**
 * Progress for the GUI and the terminal: counts, ETA, and throttling so a 10,000-port run does
 * not flood the IPC channel.
 */
import type { Progress } from '../../shared/report';
import type { Clock } from './clock';
import {
  FIRST_STREAK,
  MAX_SAFE_BURST,
  MAX_STREAK,
  QUIET_GAP_MS,
  RAMP_EVERY_MS,
  RAMP_FACTOR,
  type GuardOutlook,
} from './scan-guard-policy';

/** The typical length of the last pauses (their median), or `otherwise` before the first. */
function typical(pauses: readonly number[], otherwise: number): number {
  if (pauses.length === 0) return otherwise;
  const sorted = [...pauses].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
/** Pauses kept for `typical`: the recent ones say how long the next will be. */
const PAUSES_KEPT = 5;

/**
 * A gap this long between two finished ports is a pause (the scan guard's quiet gap and canary
 * check); shorter gaps are the give-up time of slow failures at a low concurrency.
 */
const STALL_MS = 2000;
/** The pace of the next ports is the pace of the last this many (the rate ramps up, failures slow it)… */
const RECENT = 100;
/**
 * …or of those of the last this long outside pauses, if more: ports finish in waves, not evenly
 * (longer smooths the waves but lags behind a change of pace: a second suits both in the bench).
 */
const PACE_WINDOW_MS = 1000;
/** Marks kept for the pace (about a window's worth at the fastest pace). */
const MAX_MARKS = 4096;
/** The last this many ports tell whether ports still pass now. */
const NOW = 20;
/** A pause longer than this many looks is a block waited out, not a look. */
const LONGEST_FORESEEN = 2;
/** A canary check that passes: one answer on loopback to a few hundred ms across the internet. */
const CANARY_MS = 300;

/** What the estimate assumes before the scan guard said anything (a run without a guard: tests). */
const NO_OUTLOOK: Omit<GuardOutlook, 'concurrency' | 'confirmGiveUpMs'> = {
  mode: 'normal',
  burst: MAX_SAFE_BURST,
  streakNeeded: FIRST_STREAK,
  looks: 0,
  confirmingSince: null,
  confirming: 0,
};

/** Keeps counts and emits at most one event per `intervalMs` (the last one always). */
export class ProgressTracker {
  private done = 0;
  private passed = 0;
  private failed = 0;
  /** Failures counted as done that wait for their re-test (provisional). */
  private pending = 0;
  private lastEmit = -Infinity;
  private readonly startedAt: number;
  private testingStartedAt: number | null = null;
  private lastRecordAt: number | null = null;
  /** Pauses in the normal mode (the guard looking after a streak of failures), and after a trip. */
  private readonly pauses: Record<GuardOutlook['mode'], number[]> = { normal: [], safe: [] };
  private stallMs = 0;
  /** Time spent testing outside pauses when each of the last ports finished, and the pacer's rate then. */
  private marks: { at: number; rate: number }[] = [];
  private outlook: GuardOutlook | null = null;
  /** The outcomes of the last RECENT ports. */
  private readonly recent: ('passed' | 'failed' | 'notTested')[] = [];
  /** Ports that passed since the guard last looked (it looks only after a pass). */
  private passesSinceLook = 0;
  /** The guard's looks when its re-test round started. */
  private looksAtConfirm = 0;
  /** The run's pacer and its rate limit (the cap). */
  private pacer: { readonly rate: number } | null = null;
  private rateCap = Infinity;

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

  /**
   * The run's pacer (its rate ramps up while nothing goes wrong, towards `cap`): the ports to come
   * go faster than the last ones did while it does.
   */
  setPacer(pacer: { readonly rate: number }, cap: number): void {
    this.pacer = pacer;
    this.rateCap = cap;
  }

  /** The scan guard's view of the rest of the run (scan-guard.ts). */
  setOutlook(outlook: GuardOutlook): void {
    if (outlook.looks > (this.outlook?.looks ?? 0)) this.passesSinceLook = 0;
    if (outlook.confirmingSince !== null && this.outlook?.confirmingSince !== outlook.confirmingSince)
      this.looksAtConfirm = outlook.looks;
    this.outlook = outlook;
  }

  /**
   * Counts one finished port; `provisional`: a failure that waits for its re-test (`settle`
   * gives its final outcome).
   */
  record(outcome: 'passed' | 'failed' | 'notTested', provisional = false): void {
    const now = this.clock.now();
    // The wait for the first answer is the ports' latency, not a pause.
    if (this.lastRecordAt !== null && now - this.lastRecordAt >= STALL_MS) {
      const pause = now - this.lastRecordAt;
      // A block list waited out (tens of seconds) is no guide to the quiet gaps and looks to come.
      if (pause <= LONGEST_FORESEEN * (QUIET_GAP_MS + CANARY_MS + this.giveUpMs)) {
        const pauses = this.pauses[this.outlook?.mode ?? 'normal'];
        pauses.push(pause);
        if (pauses.length > PAUSES_KEPT) pauses.shift();
      }
      this.stallMs += pause;
    }
    this.lastRecordAt = now;
    if (this.testingStartedAt !== null) {
      this.marks.push({ at: now - this.testingStartedAt - this.stallMs, rate: this.pacer?.rate ?? 0 });
      if (this.marks.length > 2 * MAX_MARKS) this.marks = this.marks.slice(-MAX_MARKS);
    }
    this.recent.push(outcome);
    if (this.recent.length > RECENT) this.recent.shift();
    this.done++;
    if (outcome === 'passed') this.passesSinceLook++;
    if (outcome === 'passed') this.passed++;
    if (outcome === 'failed') this.failed++;
    if (outcome === 'failed' && provisional) this.pending++;
    this.send('testing', this.done === this.total);
  }

  /** The final outcome of a provisional failure (its re-test passed, failed, or was cancelled). */
  settle(to: 'passed' | 'failed' | 'notTested'): void {
    this.pending = Math.max(0, this.pending - 1);
    if (to === 'passed') this.passesSinceLook++;
    this.revise('failed', to);
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
    const eta = phase === 'done' ? { low: 0, high: 0, best: 0 } : this.estimate(now);
    const progress: Progress = {
      phase,
      done: this.done,
      total: this.total,
      passed: this.passed,
      failed: this.failed,
      etaMs: eta && Math.round(eta.best),
      elapsedMs: Math.round(now - this.startedAt),
    };
    if (eta && Math.round(eta.high) > Math.round(eta.low))
      progress.etaRangeMs = [Math.round(eta.low), Math.round(eta.high)];
    return progress;
  }

  /**
   * The time left as [low, high], from what the scan guard does with the rest of the run:
   * - the ports still to test go at the recent pace (pace()), pauses left out, and fail
   *   as often as those did;
   * - after a trip, each burst of new ports waits a quiet gap and a canary first (as long as the
   *   last pauses after the trip: their median);
   * - before, a streak of failures after a pass makes the guard pause and look (a quiet gap, a
   *   canary, the first failure re-tested; as long as the last looks). Once it has looked, the
   *   failures come in streaks: it looks again each time as many failures as it needs (doubling
   *   each time) come while ports still pass. And when the ports still passing stop (the last
   *   ones to finish are the failures, which wait for their give-up time), the failures left form
   *   one streak: one more look if that is enough;
   * - the failures are re-tested at the end, `concurrency` at a time (bursts after a trip), each
   *   batch waiting up to the re-test's give-up time, then a canary.
   * The low end counts no look to come, the high end every one foreseen, one more when ports
   * still pass. A block list that outlasts a canary is not foreseen: the estimate grows when it
   * happens.
   */
  private estimate(now: number): { low: number; high: number; best: number } | null {
    if (this.testingStartedAt === null || this.done === 0) return null;
    const o = this.outlook ?? { ...NO_OUTLOOK, concurrency: this.concurrency, confirmGiveUpMs: this.giveUpMs };
    const left = this.total - this.done;
    const recentFailed = this.recent.filter((r) => r === 'failed').length;
    // Still passing now: among the last few, not the last RECENT (a failing range has begun).
    const recentPassed = this.recent.slice(-NOW).filter((r) => r === 'passed').length;
    const future = (recentFailed / Math.max(1, this.recent.length)) * left;
    const safe = o.mode === 'safe';
    const gap = typical(this.pauses.safe, QUIET_GAP_MS + CANARY_MS);
    const look = typical(this.pauses.normal, QUIET_GAP_MS + CANARY_MS + this.giveUpMs);
    // The re-test round of every failure: those waiting and those to come.
    const retest = (count: number): number => {
      if (count <= 0) return 0;
      const batch = safe ? o.burst : o.concurrency;
      return Math.ceil(count / batch) * (o.confirmGiveUpMs + (safe ? gap : 0)) + CANARY_MS;
    };
    const passing = this.passesSinceLook > 0;
    if (o.confirmingSince !== null && left === 0) {
      const rest = Math.max(0, retest(o.confirming) - (now - o.confirmingSince));
      const more = !safe && passing && this.looksAtConfirm === o.looks && o.confirming >= o.streakNeeded ? look : 0;
      return { low: rest, high: rest + more, best: rest + more };
    }
    const round = retest(Math.round(this.pending + future));
    const moving = this.moving(now, left, !safe);
    if (safe) {
      const total = moving + Math.ceil(left / o.burst) * gap + round;
      return { low: total, high: total, best: total };
    }
    let looks = 0;
    let streak = o.streakNeeded;
    let rest = future;
    if (o.looks > 0 && passing && recentPassed > 0) {
      for (; rest >= streak && looks < 10; looks++) {
        rest -= streak;
        streak = Math.min(MAX_STREAK, streak * 2);
      }
    }
    if (passing && this.pending + rest >= streak) looks++;
    const base = moving + round;
    return { low: base, high: base + looks * look, best: base + looks * look };
  }

  /**
   * How long the `left` ports take outside pauses: at the recent pace, faster as the pacer's rate
   * grows towards the cap (`ramping`: the normal mode) when the rate is what held them back.
   */
  private moving(now: number, left: number, ramping: boolean): number {
    const { perPort: pace, rate: seenAt } = this.pace(now);
    const rate = this.pacer?.rate;
    if (rate === undefined || !(seenAt > 0) || left === 0) return pace * left;
    let ms = 0;
    let rest = left;
    for (let r = rate, step = 0; ; step++) {
      const perPort = (pace * seenAt) / r;
      if (!ramping || r >= this.rateCap || step >= 20 || rest * perPort <= RAMP_EVERY_MS) return ms + rest * perPort;
      ms += RAMP_EVERY_MS;
      rest -= RAMP_EVERY_MS / perPort;
      r = Math.min(this.rateCap, r * RAMP_FACTOR);
    }
  }

  /**
   * Milliseconds per port, pauses left out, over the last RECENT ports or the last
   * PACE_WINDOW_MS, whichever holds more; and the pacer's average rate over the same ports.
   */
  private pace(now: number): { perPort: number; rate: number } {
    const marks = this.marks;
    const last = marks.at(-1);
    if (last === undefined || marks.length < 2) {
      return { perPort: Math.max(1, now - (this.testingStartedAt ?? now) - this.stallMs) / this.done, rate: 0 };
    }
    let first = Math.max(0, marks.length - 1 - RECENT);
    while (first > 0 && last.at - marks[first - 1]!.at <= PACE_WINDOW_MS) first--;
    // Ports that finished together with the first one belong to the time before it, not after.
    while (first < marks.length - 2 && marks[first + 1]!.at === marks[first]!.at) first++;
    let rate = 0;
    for (let i = first; i < marks.length; i++) rate += marks[i]!.rate;
    return { perPort: (last.at - marks[first]!.at) / (marks.length - 1 - first), rate: rate / (marks.length - first) };
  }

  private send(phase: Progress['phase'], force: boolean): void {
    if (!this.emit) return;
    const now = this.clock.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    this.emit(this.snapshot(phase));
  }
}
