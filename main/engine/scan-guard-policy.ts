/**
 * The numbers and pure rules of the scan guard (scan-guard.ts), drawn from what routers really do
 * (issue 10):
 * - xtables-addons psd (xt_psd.c): per source address, each new destination port adds a weight
 *   (1 for ports ≥ 1024, 3 below); the sum resets once more than 3 s pass after the last new port;
 *   21 trips it. Then it drops the packet, or the rule adds the source to a block list.
 * - Rate-over rules (nftables meters, MikroTik): more than N new flows per second after a burst
 *   puts the source on a block list for a while (30 s to two weeks).
 * - The "scanner" is always the STUN server's second address: Test 2's answers come from it,
 *   unsolicited, port after port. Test 1's answers are replies and count for nothing.
 */
import { PACES } from '../../shared/settings';
import type { Schedule } from './transaction';

/** Datagrams per second a run starts at (never above the user's --rate), and returns to after a trip. */
export const START_RATE = 100;

/**
 * The rate a run starts at: START_RATE, or the cap itself when the user asked for more than the
 * normal pace (`--pace fast`, a high `--rate`: a lab or a router without scan protection).
 */
export function startRate(cap: number): number {
  return cap > PACES.normal.rate ? cap : Math.min(cap, START_RATE);
}
/** The rate grows by this factor each RAMP_EVERY_MS while nothing goes wrong… */
export const RAMP_FACTOR = 1.5;
/** …checked this often. */
export const RAMP_EVERY_MS = 1000;
/** A quiet gap longer than psd's 3 s delay threshold: its sum resets. */
export const QUIET_GAP_MS = 3500;
/** The most new ports in one burst after a trip: below psd's 21 with a margin for canaries. */
export const MAX_SAFE_BURST = 15;
/** How long a block may last before the guard gives up on the server's second address. */
export const BLOCK_BOUND_MS = 90_000;
/** Consecutive failures after a pass that make the guard look (doubles each time it was real). */
export const FIRST_STREAK = 3;
/** The streak never needs more than this many failures. */
export const MAX_STREAK = 48;
/** Rounds of re-testing failures before they are final (each ends with a canary check). */
export const MAX_CONFIRM_ROUNDS = 3;

/**
 * Test 2's schedule when Test 1 showed no loss: two sends, 250 ms apart, an answer awaited for
 * 1 s. A port failing it is re-tested (`confirmSchedule`) before it is reported, so a late or lost
 * answer costs time, never a wrong verdict.
 */
export function quickSchedule(full: Schedule): Schedule {
  return {
    sendAt: full.sendAt.filter((at) => at <= 250).slice(0, 2),
    giveUpAt: Math.min(full.giveUpAt, 1000),
    tailMs: Math.min(full.tailMs, 500),
  };
}

/**
 * Test 2's schedule in a burst after a trip: one datagram, so one answer from the second address
 * per port (rate-over rules count answers, not ports); two when the run has seen loss. A port it
 * fails is re-tested like any other.
 */
export function burstSchedule(full: Schedule, lossSeen: boolean): Schedule {
  const quick = quickSchedule(full);
  return lossSeen ? quick : { ...quick, sendAt: quick.sendAt.slice(0, 1) };
}

/**
 * The schedule of the final re-test of a port that failed Test 2: three sends over 600 ms and
 * 1.5 s in all when no Test 1 in the run needed a retransmission, else the full schedule.
 */
export function confirmSchedule(full: Schedule, lossSeen: boolean): Schedule {
  if (lossSeen) return full;
  return {
    sendAt: full.sendAt.filter((at) => at <= 600).slice(0, 3),
    giveUpAt: Math.min(full.giveUpAt, 1500),
    tailMs: Math.min(full.tailMs, 600),
  };
}

/**
 * Whether Test 1s show loss (or a path slower than the first retransmission): at least 3 and 1 %
 * of them needed more than one datagram. From then on Test 2 gets its full schedule.
 */
export function lossSeen(retransmitted: number, total: number): boolean {
  return retransmitted >= 3 && retransmitted >= total / 100;
}

/**
 * New ports per burst after a trip: never more than MAX_SAFE_BURST, and never as many as passed
 * in a row before the router reacted (so never faster than what was seen to pass).
 */
export function safeBurst(passedBeforeTrip: number): number {
  return Math.max(1, Math.min(MAX_SAFE_BURST, passedBeforeTrip - 1));
}

/**
 * The number of `ports` (from the first) whose costs add up to at most `budget`, at least one. A
 * port costs its psd weight or `sends`, whichever is more.
 */
export function burstLength(ports: readonly number[], sends: number, budget: number): number {
  let spent = 0;
  let count = 0;
  for (const port of ports) {
    const cost = Math.max(port < 1024 ? 3 : 1, sends);
    if (count > 0 && spent + cost > budget) break;
    spent += cost;
    count++;
  }
  return count;
}

/** What a trip looked like when the guard first saw it. */
export interface TripRecord {
  /** The first port that failed because of it. */
  port: number;
  /** When, in ms since the port test started. */
  atMs: number;
  /** Ports that had received Test 2 (new inbound ports from the second address) before it. */
  newPorts: number;
  /** The address being blocked: the server's second address. */
  source: string;
  /** `blocked`: a canary that had passed failed too (a block list); `dropped`: new ports only (psd). */
  kind: 'blocked' | 'dropped';
}

/** How the guard recovered, for the SCAN_PROTECTION_TRIPPED warning. */
/**
 * What the guard tells the time-left estimate (progress.ts) about the way the rest of the run
 * will go: sent whenever it changes.
 */
export interface GuardOutlook {
  /** `safe`: after a trip, new ports in bursts of `burst`, each after a quiet gap and a canary. */
  mode: 'normal' | 'safe';
  burst: number;
  /** Ports tested at once in the normal mode. */
  concurrency: number;
  /** Failures in a row after a pass that make the guard pause and look. */
  streakNeeded: number;
  /** Pauses to look so far (each a quiet gap, a canary and a re-test of the first failure). */
  looks: number;
  /** How long the re-test of one failure may wait for its answer. */
  confirmGiveUpMs: number;
  /** When the current re-test round of the failures started (clock ms), null outside one. */
  confirmingSince: number | null;
  /** Ports in that round. */
  confirming: number;
}

export interface GuardSummary {
  trip: TripRecord;
  /** Ports re-tested because of the trip. */
  retested: number;
  /** New ports per burst after the trip. */
  burst: number;
  /** The longest block seen, in ms (0 for `dropped`). */
  blockedMs: number;
  /** The server the rest went through after the block outlasted BLOCK_BOUND_MS. */
  fallback: string | null;
  /** Ports that could not be tested at all (SCAN_BLOCKED). */
  blockedPorts: number;
}

/** The warning's language-neutral values (see the catalog's SCAN_PROTECTION_TRIPPED text). */
export function warningValues(summary: GuardSummary): { ports: number; values: Record<string, string> } {
  const how = summary.blockedPorts > 0 ? 'blocked' : summary.fallback ? 'fallback' : 'paced';
  const values: Record<string, string> = {
    onsetPort: String(summary.trip.port),
    onsetSeconds: (summary.trip.atMs / 1000).toFixed(1),
    newPorts: String(summary.trip.newPorts),
    how,
    burst: String(summary.burst),
    blockedSeconds: String(Math.round(BLOCK_BOUND_MS / 1000)),
    server: summary.fallback ?? '',
  };
  return { ports: how === 'blocked' ? summary.blockedPorts : Math.max(1, summary.retested), values };
}
