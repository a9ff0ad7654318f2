/**
 * Stable result codes. They appear in the JSON report, the CLI, the GUI and the diagnostics
 * bundle alike; a code, once published, never changes meaning.
 */

/** Verdict for one port. */
export const PORT_CODES = [
  'PASS',
  'PORT_TRANSLATED',
  'INBOUND_NO_RESPONSE',
  'OUTBOUND_NO_RESPONSE',
  'PORT_IN_USE',
  'PUBLIC_IP_MISMATCH',
  'MALFORMED_RESPONSE',
  'NOT_TESTED',
  'SCAN_BLOCKED',
] as const;
export type PortCode = (typeof PORT_CODES)[number];

/** Verdict for a whole run. */
export const RUN_CODES = [
  'ALL_PASSED',
  'SOME_FAILED',
  'ALL_FAILED',
  'DNS_FAILED',
  'STUN_UNREACHABLE',
  'NO_SECOND_ADDRESS',
  'CHANGE_REQUEST_IGNORED',
  'STUN_MALFORMED',
  'CANCELLED',
] as const;
export type RunCode = (typeof RUN_CODES)[number];

/** Notes about a run that matter for its verdict, whatever the verdict. */
export const WARNING_CODES = [
  'PORTS_NOT_TESTED',
  'MAPPED_ADDRESS_REWRITTEN',
  'SEVERAL_PUBLIC_ADDRESSES',
  'SCAN_PROTECTION_TRIPPED',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/**
 * What the path to the internet shows (issue 12): explanations of the port results, never a
 * change to a port's code. CARRIER_GRADE_NAT: the line has no public IPv4 address of its own;
 * DOUBLE_NAT: a second NAT router sits in front of this one; UPNP_MAPPINGS_ELSEWHERE: the router's
 * UPnP mappings send checked ports to another LAN host; UPNP_ENABLED: the router answers UPnP
 * (information); ENDPOINT_DEPENDENT_MAPPING: the NAT keeps a port only toward one destination
 * (RFC 5780 §4.3), so the one-to-one forward for the SIP port is missing or overridden.
 */
export const PATH_FINDING_CODES = [
  'CARRIER_GRADE_NAT',
  'DOUBLE_NAT',
  'UPNP_MAPPINGS_ELSEWHERE',
  'UPNP_ENABLED',
  'ENDPOINT_DEPENDENT_MAPPING',
] as const;
/** One of PATH_FINDING_CODES. */
export type PathFindingCode = (typeof PATH_FINDING_CODES)[number];

/**
 * The SIP ALG test against our own server (issue 11), per transport: SIP_ALG_DETECTED, the request
 * arrived with headers or SDP changed, added or removed; SIP_UNCHANGED, it arrived byte for byte;
 * SIP_NO_RESPONSE, no echo came back (blocked, dropped by an ALG, or the server is unreachable).
 */
export const SIP_CODES = ['SIP_ALG_DETECTED', 'SIP_UNCHANGED', 'SIP_NO_RESPONSE'] as const;
/** One of SIP_CODES. */
export type SipCode = (typeof SIP_CODES)[number];

/** Run codes meaning the port test could not run at all (CLI exit code 3). */
export const RUN_COULD_NOT_RUN: readonly RunCode[] = [
  'DNS_FAILED',
  'STUN_UNREACHABLE',
  'NO_SECOND_ADDRESS',
  'CHANGE_REQUEST_IGNORED',
  'STUN_MALFORMED',
];

/**
 * Port codes that say nothing about the port's forward: NOT_TESTED, and SCAN_BLOCKED (the router's
 * scan protection blocked the test's source for longer than the check could wait).
 */
export function isUntested(code: PortCode): boolean {
  return code === 'NOT_TESTED' || code === 'SCAN_BLOCKED';
}

/** Port codes that count as a failure in the summary. */
export function isPortFailure(code: PortCode): boolean {
  return code !== 'PASS' && !isUntested(code);
}

/** Languages the app speaks. */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Why a `--bundle` path was refused before the run (CLI exit 2). FOLDER_MISSING: its folder does
 * not exist; NOT_A_FOLDER: something in the way is a file; NOT_WRITABLE: nothing can be created in
 * the folder; NOT_A_REGULAR_FILE: a FIFO, device or socket; SYMLINK: a link (never followed);
 * IS_A_FOLDER: a folder where the zip would go; EXISTS: a file already there (only with --force).
 */
export const BUNDLE_PATH_PROBLEMS = [
  'FOLDER_MISSING',
  'NOT_A_FOLDER',
  'NOT_WRITABLE',
  'NOT_A_REGULAR_FILE',
  'SYMLINK',
  'IS_A_FOLDER',
  'EXISTS',
] as const;
/** One of BUNDLE_PATH_PROBLEMS. */
export type BundlePathProblem = (typeof BUNDLE_PATH_PROBLEMS)[number];
