/**
 * Canaries: ports that passed, re-tested with Test 2 only (RFC 5780 §4.4) to tell a router that
 * blocks the STUN server's second address from ports that are really not forwarded. A forward
 * that passed once does not vanish during a check, so a canary that now fails means the source
 * of Test 2's answers is being blocked (issue 10).
 */
import { sleep, type Clock } from './clock';
import { probeTest2, type ProbeContext } from './probe';
import type { Endpoint } from './stun/codec';

/** How often a blocked canary is asked again. */
export const CANARY_EVERY_MS = 5000;

/** What a canary check found: `none` when no port has passed yet (nothing to compare with). */
export type CanaryAnswer = 'passed' | 'failed' | 'none';

/** Keeps the ports that passed and asks them. */
export class CanaryKeeper {
  /** Passed ports with Test 1's mapping, oldest first. */
  private readonly passed = new Map<number, Endpoint>();
  /** Canary checks asked so far (tests and the bench read it). */
  asked = 0;

  /** Remembers a port that passed. */
  add(port: number, mapped: Endpoint): void {
    this.passed.delete(port);
    this.passed.set(port, mapped);
  }

  /** How many ports can serve as canaries. */
  get size(): number {
    return this.passed.size;
  }

  /**
   * Asks the most recent passed port, full Test 2 schedule (loss must not look like a block).
   * When it fails, the oldest one is asked too, so one port that stopped passing for its own
   * reasons (the PBX took it) is not taken for a block: both must fail.
   */
  async ask(context: ProbeContext): Promise<CanaryAnswer> {
    const ports = [...this.passed.keys()];
    const candidates = [...new Set([ports[ports.length - 1], ports[0]])].filter((p): p is number => p !== undefined);
    if (candidates.length === 0) return 'none';
    let asked = 0;
    for (const port of candidates) {
      const mapped = this.passed.get(port)!;
      this.asked++;
      const outcome = await probeTest2(port, mapped, context);
      if (outcome.kind !== 'verdict') continue; // out of sockets: try the other one
      if (outcome.verdict.code === 'PASS') return 'passed';
      if (outcome.verdict.code === 'NOT_TESTED') return 'none'; // cancelled
      if (outcome.verdict.code === 'INBOUND_NO_RESPONSE') asked++; // else the port's own trouble
    }
    return asked > 0 ? 'failed' : 'none';
  }

  /**
   * Asks every CANARY_EVERY_MS until a canary passes (or there is none to ask), or `boundMs` have
   * passed since the first wait: a block list entry times out, or outlasts the check's patience.
   */
  async waitUntilPassing(
    context: ProbeContext,
    clock: Clock,
    signal: AbortSignal,
    boundMs: number,
  ): Promise<{ passed: boolean; ms: number }> {
    const since = clock.now();
    while (clock.now() - since < boundMs && !signal.aborted) {
      await sleep(clock, CANARY_EVERY_MS, signal).catch(() => undefined);
      if ((await this.ask(context)) !== 'failed') return { passed: true, ms: clock.now() - since };
    }
    return { passed: false, ms: clock.now() - since };
  }
}
