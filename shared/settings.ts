/**
 * Defaults and presets for a run, shared by the CLI and the GUI.
 */
import type { RunSettings } from './report';
import { DEFAULT_PORT_SPEC } from './ports';

/**
 * Public STUN servers that answer CHANGE-REQUEST from a second IP address and port (RFC 5780 or
 * RFC 3489 behaviour), tried in order. Taken from an hourly-verified public list of NAT-testing
 * servers; chosen from VoIP and telephony operators. Google's servers are absent on purpose: they
 * have a single address and cannot run Test 2.
 */
export const DEFAULT_STUN_SERVERS: readonly string[] = [
  'stun.freeswitch.org:3478',
  'stun.telnyx.com:3478',
  'stun.signalwire.com:3478',
  'stun.sip.us:3478',
  'stun.voipgate.com:3478',
  'stun.sonetel.com:3478',
  'stun.nextcloud.com:3478',
];

/** The default STUN port (RFC 5389 §9). */
export const DEFAULT_STUN_PORT = 3478;

/**
 * Pace presets. `rate` caps all datagrams sent per second (retransmissions included); Test 2's
 * answers arrive at about rate / 2 new ports per second when ports pass, which is what a router's
 * port-scan protection counts.
 * - gentle: ~6 new inbound ports per second, below the common "21 ports in 3 s" heuristics
 *   (e.g. xtables psd); the default range then takes about 6 minutes when all pass.
 * - normal (default): ~50 ports per second; the default range passes in about 40 s (the vendor
 *   quotes "under a minute"), all-fail in about 3 minutes (vendor: 4–9 minutes).
 * - fast: for a LAN lab or a router without scan protection.
 */
export const PACES = {
  gentle: { rate: 12, concurrency: 16 },
  normal: { rate: 100, concurrency: 64 },
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
