/**
 * Defaults and presets for a run, shared by the CLI and the GUI.
 */
import type { RunSettings } from './report';
import { DEFAULT_PORT_SPEC } from './ports';

/**
 * Public STUN servers that answer CHANGE-REQUEST from a second IP address and port (RFC 5780 or
 * RFC 3489 behaviour), tried in order. Taken from an hourly-verified public list of NAT-testing
 * servers; chosen from VoIP and telephony operators. Google's servers are absent on purpose: they
 * have a single address and cannot run Test 2. Selection still verifies OTHER-ADDRESS and
 * CHANGE-REQUEST on every run, and keeps the next server whose second address differs as the
 * fallback for a router that blocks the first one's (issue 10).
 *
 * 2026-12-01 (issue 10): stun.telnyx.com moved last: that public list has not seen it return
 * OTHER-ADDRESS in its last 200 checks and dropped it months ago. Not re-verified from here (the
 * development machines have no internet access): whether the others' second addresses differ
 * from one another, and the order among them, is as the list had it.
 */
export const DEFAULT_STUN_SERVERS: readonly string[] = [
  'stun.freeswitch.org:3478',
  'stun.signalwire.com:3478',
  'stun.sip.us:3478',
  'stun.voipgate.com:3478',
  'stun.sonetel.com:3478',
  'stun.nextcloud.com:3478',
  'stun.telnyx.com:3478',
];

/** The default STUN port (RFC 5389 §9). */
export const DEFAULT_STUN_PORT = 3478;

/**
 * Pace presets. `rate` caps all datagrams sent per second (retransmissions included) and
 * `concurrency` the ports tested at once: both are caps. A run starts at no more than 100
 * datagrams/s and speeds up towards the cap while nothing goes wrong; Test 2's answers arrive at
 * about rate / 2 new ports per second when ports pass, which is what a router's port-scan
 * protection counts. No steady pace is below xtables psd's rule (21 new ports with no quiet gap
 * longer than 3 s trips it, whatever the rate): the scan guard (main/engine/scan-guard.ts) notices
 * a trip and re-tests in bursts of at most 15 new ports with quiet gaps instead.
 * - gentle: ~6 new inbound ports per second at most; the default range takes about 6 minutes.
 * - normal (default): starts at 100/s, up to 400/s; the default range passes in under 30 s and
 *   fails in under 2 minutes in the lab (vendor: under a minute, 4–9 minutes).
 * - fast: for a LAN lab or a router without scan protection.
 */
export const PACES = {
  gentle: { rate: 12, concurrency: 16 },
  normal: { rate: 400, concurrency: 128 },
  fast: { rate: 5000, concurrency: 1000 },
} as const;
export type PaceName = keyof typeof PACES;
/** One pace preset's numbers. */
export type Pace = (typeof PACES)[PaceName];

/**
 * The preset called `name`, looked up among PACES' own keys only: `__proto__`, `constructor` or
 * `toString` are not presets. null when there is none.
 */
export function paceByName(name: string): Pace | null {
  return Object.hasOwn(PACES, name) ? PACES[name as PaceName] : null;
}

/** Default give-up time for one test on a port that never answers, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 3000;

/** The settings a run uses when nothing is given. */
export function defaultSettings(): RunSettings {
  return {
    stun: [...DEFAULT_STUN_SERVERS],
    ports: DEFAULT_PORT_SPEC,
    publicIp: null,
    concurrency: PACES.normal.concurrency,
    rate: PACES.normal.rate,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    order: 'sequential',
  };
}

/** Limits accepted for the numeric settings (inclusive). */
export const LIMITS = {
  concurrency: { min: 1, max: 4096 },
  rate: { min: 1, max: 100000 },
  timeoutMs: { min: 200, max: 60000 },
} as const;
