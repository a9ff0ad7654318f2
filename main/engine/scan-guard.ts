/**
 * The scan guard: runs the port tests so that a router's port-scan protection is never mistaken
 * for a missing forward (issue 10). Numbers and rules: scan-guard-policy.ts.
 *
 * - A port that fails Test 2 (INBOUND_NO_RESPONSE) is a suspect, never reported at once. Suspects
 *   are re-tested (Test 2 only) in a final round that ends with a canary check.
 * - Canaries are ports that passed, re-tested with Test 2 only (canary.ts). When failures follow a
 *   pass, the guard stops starting new ports, waits out psd's quiet gap, and asks a canary: one
 *   that fails means the second address is blocked (a block list); one that passes while the first
 *   suspect passes too after the gap means new ports were being dropped (psd). Either is a trip.
 * - After a trip, new ports go in bursts of at most 15 with quiet gaps longer than 3 s, a canary
 *   first. A block that outlasts BLOCK_BOUND_MS sends the rest to the next server (another second
 *   address), or makes them SCAN_BLOCKED.
 * - Without a trip the rate starts at START_RATE (the cap above the normal pace) and grows towards
 *   the user's cap.
 */
import { setMaxListeners } from 'node:events';
import { sleep, type Clock } from './clock';
import type { PortVerdict } from './decide';
import type { AdaptivePacer } from './pacer';
import { probePort, probeTest2, type ProbeContext, type ProbeOutcome } from './probe';
import { CanaryKeeper } from './canary';
import { schedulePorts, shuffle } from './scheduler';
import * as policy from './scan-guard-policy';
import type { Endpoint } from './stun/codec';
import { formatEndpoint } from './stun/codec';

type Verdict = Extract<ProbeOutcome, { kind: 'verdict' }>;

/** A server the guard may test through: its probe context and its name for the report. */
export interface GuardServer {
  name: string;
  context: ProbeContext;
}

/** What the guard needs. */
export interface GuardOptions {
  ports: readonly number[];
  concurrency: number;
  order: 'sequential' | 'shuffled';
  random?: () => number;
  clock: Clock;
  /** The run's signal (cancel). */
  signal: AbortSignal;
  pacer: AdaptivePacer;
  /** The user's --rate: never exceeded. */
  rateCap: number;
  /** The server chosen by selection. */
  server: GuardServer;
  /** Another server with a different second address, found when first needed (null: none). */
  fallback?: (blocked: string) => Promise<GuardServer | null>;
  /** A verdict without any datagram for ports known to be unusable (held by another process). */
  held?: (port: number) => Verdict | null;
  /** Each port's final verdict, once. */
  onResult: (port: number, outcome: Verdict) => void;
  /** A port failed Test 2 and waits for its re-test (counts as done for progress). */
  onSuspect?: (port: number) => void;
  /** How the rest of the run will go, each time that changes (the time-left estimate reads it). */
  onOutlook?: (outlook: policy.GuardOutlook) => void;
}

/** Runs the ports through the guard; resolves with what happened when a trip was seen, else null. */
export async function guardedScan(options: GuardOptions): Promise<policy.GuardSummary | null> {
  return new ScanGuard(options).run();
}

/** One run's guard: state and lifetime of a port test. */
class ScanGuard {
  private readonly start: number;
  private server: GuardServer;
  private mode: 'normal' | 'safe' = 'normal';
  private burst: number = policy.MAX_SAFE_BURST;
  private streakNeeded = policy.FIRST_STREAK;
  private passesSinceCheck = 0;
  private passesSinceQuiet = 0;
  private newPorts = 0;
  private lossSeen = false;
  private test1s = 0;
  private test1Retransmitted = 0;
  private lastRamp: number;
  private trip: policy.TripRecord | null = null;
  private retested = 0;
  private looks = 0;
  private confirmingSince: number | null = null;
  private confirming = 0;
  private blockedMs = 0;
  private fallbackName: string | null = null;
  private blockedPorts = 0;
  /** INBOUND_NO_RESPONSE ports not reported yet, with Test 1's mapping and when they failed. */
  private suspects = new Map<number, { outcome: Verdict; mapped: Endpoint; at: number; newPorts: number }>();
  private readonly canaries: CanaryKeeper;
  /** Ports announced as suspects (onSuspect) once. */
  private readonly announced = new Set<number>();
  /** Datagrams already sent for ports not reported yet. */
  private readonly spent = new Map<number, number>();

  constructor(private readonly options: GuardOptions) {
    this.start = options.clock.now();
    this.lastRamp = this.start;
    this.server = options.server;
    this.canaries = new CanaryKeeper();
    options.pacer.setRate(policy.startRate(options.rateCap));
    this.outlook();
  }

  /** Tells the time-left estimate how the rest of the run will go. */
  private outlook(): void {
    this.options.onOutlook?.({
      mode: this.mode,
      burst: this.burst,
      concurrency: this.options.concurrency,
      streakNeeded: this.streakNeeded,
      looks: this.looks,
      confirmGiveUpMs: policy.confirmSchedule(this.server.context.schedule, this.lossSeen).giveUpAt,
      confirmingSince: this.confirmingSince,
      confirming: this.confirming,
    });
  }

  async run(): Promise<policy.GuardSummary | null> {
    let pending: readonly number[] = this.options.ports;
    for (;;) {
      const left = await this.testAll(pending);
      if (left.length === 0 || this.options.signal.aborted) {
        for (const port of left) this.cancelled(port);
        break;
      }
      // The block outlasted the bound: the next server (another second address), else SCAN_BLOCKED.
      const next = this.fallbackName === null && this.trip ? await this.options.fallback?.(this.trip.source) : null;
      if (!next) {
        for (const port of left) this.blocked(port);
        break;
      }
      this.fallbackName = next.name;
      this.server = next;
      this.retested += left.length;
      pending = left;
    }
    if (!this.trip) return null;
    return {
      trip: this.trip,
      retested: this.retested,
      burst: this.burst,
      blockedMs: this.blockedMs,
      fallback: this.fallbackName,
      blockedPorts: this.blockedPorts,
    };
  }

  /**
   * Tests `ports` through the current server, then re-tests the suspects until a canary passes
   * after them; returns the ports a block kept from being tested (none when all got a verdict).
   */
  private async testAll(ports: readonly number[]): Promise<number[]> {
    const left = await this.phase(ports, 'full');
    if (left.length > 0) return this.withSuspects(left);
    for (let round = 1; round <= policy.MAX_CONFIRM_ROUNDS; round++) {
      if (this.suspects.size === 0) return [];
      const previous = this.suspects;
      const confirming = [...previous.keys()].sort((a, b) => a - b);
      this.suspects = new Map();
      if (this.trip) this.retested += confirming.length;
      this.confirmingSince = this.options.clock.now();
      this.confirming = confirming.length;
      this.outlook();
      const rest = await this.phase(confirming, 'confirm', previous);
      this.confirmingSince = null;
      this.confirming = 0;
      if (rest.length > 0) return this.withSuspects(rest);
      // Failures are final only once a canary passes after them: a block would fail it too.
      if ((await this.askCanary()) !== 'failed') {
        for (const [port, suspect] of this.suspects) this.report(port, suspect.outcome);
        this.suspects.clear();
        return [];
      }
      this.noteTrip(confirming[0]!, 'blocked');
      if ((await this.waitUnblocked()) === 'blocked-out') return this.withSuspects([]);
    }
    return this.withSuspects([]);
  }

  /** `ports` and every suspect, suspects forgotten (they go on untested or elsewhere). */
  private withSuspects(ports: readonly number[]): number[] {
    const all = [...new Set([...ports, ...this.suspects.keys()])].sort((a, b) => a - b);
    this.suspects.clear();
    return all;
  }

  /**
   * Tests `ports` (`full`: Test 1 and 2; `confirm`: Test 2 again on suspects of `previous`) until
   * done, the run is cancelled, or a block outlasts the bound; returns the ports left untested.
   */
  private async phase(
    ports: readonly number[],
    kind: 'full' | 'confirm',
    previous?: ReadonlyMap<number, { mapped: Endpoint }>,
  ): Promise<number[]> {
    // Shuffled once, here: chunks after a pause keep that order.
    const shuffled = kind === 'full' && this.options.order === 'shuffled';
    let queue = shuffled ? shuffle(ports, this.options.random ?? Math.random) : [...ports];
    while (queue.length > 0 && !this.options.signal.aborted) {
      if (this.mode === 'safe') {
        await this.quiet();
        if ((await this.askCanary()) === 'failed') {
          this.noteTrip(queue[0]!, 'blocked');
          if ((await this.waitUnblocked()) === 'blocked-out') return queue;
          continue;
        }
      }
      const chunk = this.mode === 'safe' ? queue.slice(0, this.burstLength(queue, kind)) : queue;
      const { untested, onset } = await this.chunk(chunk, kind, previous);
      queue = [...untested, ...queue.slice(chunk.length)];
      if (onset === null || this.options.signal.aborted) continue;
      const found = await this.investigate(onset);
      if (found === 'blocked-out') return queue;
    }
    return this.options.signal.aborted ? queue : [];
  }

  /**
   * How many of `queue`'s first ports fit in one burst after a trip: each costs its psd weight
   * (3 below port 1024, else 1) or the datagrams its Test 2 may draw from the second address
   * (a failing port is answered at every send: rate-over rules count them), whichever is more.
   */
  private burstLength(queue: readonly number[], kind: 'full' | 'confirm'): number {
    const full = this.server.context.schedule;
    const test2 =
      kind === 'full' ? policy.burstSchedule(full, this.lossSeen) : policy.confirmSchedule(full, this.lossSeen);
    const sends = test2.sendAt.length;
    return policy.burstLength(queue, sends, this.burst);
  }

  /** Runs one chunk through the scheduler; stops early when failures follow a pass. */
  private async chunk(
    ports: readonly number[],
    kind: 'full' | 'confirm',
    previous: ReadonlyMap<number, { mapped: Endpoint }> | undefined,
  ): Promise<{ untested: number[]; onset: number | null }> {
    const stop = new AbortController();
    setMaxListeners(0, stop.signal);
    const onAbort = (): void => stop.abort();
    this.options.signal.addEventListener('abort', onAbort, { once: true });
    const context: ProbeContext = { ...this.server.context, signal: stop.signal };
    if (this.mode === 'safe') context.quickSchedule = policy.burstSchedule(context.schedule, false);
    // Once the path has shown loss, Test 2 gets every datagram again: a streak of quick failures
    // must mean something.
    const { quickSchedule: _quick, ...lossy } = context;
    const untested = new Set(ports);
    let onset: number | null = null;
    let streakStart: number | null = null;
    let streak = 0;
    try {
      await schedulePorts({
        ports,
        concurrency: this.mode === 'safe' ? Math.min(this.options.concurrency, this.burst) : this.options.concurrency,
        order: 'sequential',
        clock: this.options.clock,
        signal: stop.signal,
        probe: async (port) => {
          const held = this.options.held?.(port);
          if (held) return held;
          const mapped = previous?.get(port)?.mapped;
          if (kind === 'confirm' && mapped) {
            return probeTest2(port, mapped, context, policy.confirmSchedule(context.schedule, this.lossSeen));
          }
          return probePort(port, this.lossSeen ? lossy : context);
        },
        onResult: (port, outcome) => {
          if (outcome.verdict.reason === 'cancelled' && stop.signal.aborted) {
            this.spent.set(port, (this.spent.get(port) ?? 0) + outcome.sent);
            return; // back to the queue
          }
          untested.delete(port);
          this.noteTest1(outcome);
          this.ramp();
          const code = outcome.verdict.code;
          if (code === 'PASS' || code === 'INBOUND_NO_RESPONSE') this.newPorts++;
          if (code === 'PASS') {
            this.passed(port, outcome);
            streak = 0;
            streakStart = null;
            return;
          }
          if (code !== 'INBOUND_NO_RESPONSE' || !outcome.verdict.mapped) {
            this.report(port, outcome);
            return;
          }
          this.spent.set(port, (this.spent.get(port) ?? 0) + outcome.sent);
          if (kind === 'full' && !this.announced.has(port)) {
            this.announced.add(port);
            this.options.onSuspect?.(port);
          }
          this.suspects.set(port, {
            outcome: { ...outcome, sent: 0 },
            mapped: outcome.verdict.mapped,
            at: this.options.clock.now(),
            newPorts: this.newPorts - 1,
          });
          streakStart ??= port;
          streak++;
          // After a trip the bursts and their canaries do this job.
          const watching = this.mode === 'normal' && this.passesSinceCheck > 0;
          if (onset === null && watching && streak >= this.streakNeeded) {
            onset = streakStart;
            stop.abort();
          }
        },
      });
    } finally {
      this.options.signal.removeEventListener('abort', onAbort);
    }
    return { untested: ports.filter((p) => untested.has(p)), onset };
  }

  /** Counts Test 1s that needed a retransmission: loss (or a slow path) once past LOSS_SEEN. */
  private noteTest1(outcome: Verdict): void {
    if (outcome.test1Sent === undefined) return;
    this.test1s++;
    if (outcome.test1Sent > 1) this.test1Retransmitted++;
    if (this.lossSeen) return;
    this.lossSeen = policy.lossSeen(this.test1Retransmitted, this.test1s);
    if (this.lossSeen) this.outlook();
  }

  private passed(port: number, outcome: Verdict): void {
    this.passesSinceCheck++;
    this.passesSinceQuiet++;
    if (outcome.verdict.mapped) this.canaries.add(port, outcome.verdict.mapped);
    this.report(port, outcome);
  }

  /** Speeds up towards the cap while nothing goes wrong (never after a trip). */
  private ramp(): void {
    const now = this.options.clock.now();
    if (this.mode !== 'normal' || now - this.lastRamp < policy.RAMP_EVERY_MS) return;
    this.lastRamp = now;
    const pacer = this.options.pacer;
    pacer.setRate(Math.min(this.options.rateCap, pacer.rate * policy.RAMP_FACTOR));
  }

  /** Failures followed passes: a real partial forward, or the router reacting? */
  private async investigate(onset: number): Promise<'real' | 'tripped' | 'blocked-out'> {
    const passedBefore = this.passesSinceQuiet;
    this.looks++;
    this.outlook();
    this.options.pacer.setRate(Math.min(this.options.rateCap, policy.START_RATE));
    await this.quiet();
    this.passesSinceCheck = 0;
    const canary = await this.askCanary();
    if (canary === 'failed') {
      this.noteTrip(onset, 'blocked', passedBefore);
      return this.waitUnblocked();
    }
    const suspect = this.suspects.get(onset);
    if (!suspect || this.options.signal.aborted) return 'real';
    const again = await probeTest2(onset, suspect.mapped, this.server.context);
    if (again.kind === 'verdict' && again.verdict.code === 'PASS') {
      this.suspects.delete(onset);
      this.noteTrip(onset, 'dropped', passedBefore);
      this.retested++;
      this.passed(onset, again);
      return 'tripped';
    }
    this.streakNeeded = Math.min(policy.MAX_STREAK, this.streakNeeded * 2);
    this.outlook();
    return 'real';
  }

  /** Records the first trip and switches to bursts with quiet gaps. */
  private noteTrip(port: number, kind: policy.TripRecord['kind'], passedBefore = this.passesSinceQuiet): void {
    if (this.mode === 'normal') this.burst = policy.safeBurst(passedBefore);
    this.mode = 'safe';
    this.options.pacer.setRate(Math.min(this.options.rateCap, policy.START_RATE));
    this.outlook();
    if (this.trip) return;
    const suspect = this.suspects.get(port);
    this.trip = {
      port,
      atMs: Math.round((suspect?.at ?? this.options.clock.now()) - this.start),
      newPorts: suspect?.newPorts ?? this.newPorts,
      source: this.server.context.alternate.address,
      kind,
    };
  }

  /** Probes the canary until it passes, or the block outlasts the bound (canary.ts). */
  private async waitUnblocked(): Promise<'tripped' | 'blocked-out'> {
    const { clock, signal } = this.options;
    const waited = await this.canaries.waitUntilPassing(this.server.context, clock, signal, policy.BLOCK_BOUND_MS);
    this.blockedMs = Math.max(this.blockedMs, waited.ms);
    return waited.passed ? 'tripped' : 'blocked-out';
  }

  private askCanary(): Promise<'passed' | 'failed' | 'none'> {
    return this.canaries.ask(this.server.context);
  }

  /** Waits out psd's delay threshold, so its sum starts again from zero. */
  private async quiet(): Promise<void> {
    this.passesSinceQuiet = 0;
    await sleep(this.options.clock, policy.QUIET_GAP_MS, this.options.signal).catch(() => undefined);
  }

  /** Reports a final verdict, with every datagram the port cost over all its tests. */
  private report(port: number, outcome: Verdict): void {
    const sent = (this.spent.get(port) ?? 0) + outcome.sent;
    this.spent.delete(port);
    this.options.onResult(port, { ...outcome, sent });
  }

  private blocked(port: number): void {
    this.blockedPorts++;
    const verdict: PortVerdict = {
      code: 'SCAN_BLOCKED',
      mapped: null,
      detail: `blocked by scan protection: ${formatEndpoint(this.server.context.alternate)}`,
    };
    this.report(port, { kind: 'verdict', verdict, sent: 0 });
  }

  private cancelled(port: number): void {
    const verdict: PortVerdict = { code: 'NOT_TESTED', mapped: null, reason: 'cancelled', detail: 'cancelled' };
    this.report(port, { kind: 'verdict', verdict, sent: 0 });
  }
}
