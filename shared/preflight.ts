/**
 * What the pre-flight found before the port test: who holds the ports, the PBX services, the host
 * firewall. Part of the report (`preflight`), shown by the CLI and the GUI.
 */

/** A process holding one of the checked ports. */
export interface PortOwnerInfo {
  protocol: 'udp' | 'tcp';
  port: number;
  address: string;
  family: 4 | 6;
  pid: number | null;
  name: string | null;
  path: string | null;
  /** Windows services hosted in the process. */
  services: string[];
  /** Owning user (Linux), visible even without root. */
  user: string | null;
  /** True when this looks like the PBX itself (3CX services, install folder or user). */
  pbx: boolean;
}

/** A range Windows reserves (bind fails with EACCES and no owner). */
export interface ExcludedRange {
  protocol: 'udp' | 'tcp';
  from: number;
  to: number;
  administered: boolean;
}

/** Result of the port-owner lookup. */
export interface OwnersReport {
  owners: PortOwnerInfo[];
  excludedRanges: ExcludedRange[];
  /** Which listing answered. */
  method: 'powershell' | 'netstat' | 'ss' | 'proc' | 'lsof' | 'none';
  /** False when a listing failed or could not see everything (other users' PIDs without root). */
  complete: boolean;
  errors: string[];
}

/** Stable codes of firewall findings; the texts live in the message catalog. */
export const FIREWALL_FINDINGS = [
  'FIREWALL_OFF',
  'FIREWALL_ON',
  'PORTS_NOT_ALLOWED',
  'ALLOW_RULE_PRESENT',
  'ALLOW_RULE_CONDITIONAL',
  'BLOCK_RULE_FOR_PROGRAM',
  'BLOCK_RULE_FOR_PORTS',
  'INBOUND_RULES_IGNORED',
  'LOCAL_RULES_IGNORED',
  'RULES_UNKNOWN',
  'NEEDS_ROOT',
  'NO_FIREWALL_FOUND',
] as const;
/** One of FIREWALL_FINDINGS. */
export type FirewallFindingKind = (typeof FIREWALL_FINDINGS)[number];

/** One thing the firewall check found. */
export interface FirewallFinding {
  kind: FirewallFindingKind;
  severity: 'info' | 'warning' | 'error';
  /** Short English detail for support and logs ("Public profile on", a rule name…). */
  detail: string;
}

/** A command that fixes something, ready to copy. */
export interface FixCommand {
  shell: 'powershell' | 'cmd' | 'sh';
  command: string;
  needsElevation: boolean;
}

/** The host firewall as far as it could be read. */
export interface FirewallReport {
  product:
    | 'windows-firewall'
    | 'ufw'
    | 'firewalld'
    | 'nftables'
    | 'iptables'
    | 'macos-application-firewall'
    | 'none'
    | 'unknown';
  state: 'on' | 'off' | 'unknown';
  /** Windows profiles and whether each is on. */
  profiles: { name: string; enabled: boolean }[];
  activeProfiles: string[];
  findings: FirewallFinding[];
  fixes: FixCommand[];
}

/** A PBX service found on this machine. */
export interface PbxService {
  name: string;
  displayName: string;
  running: boolean;
}

/** PBX services and what was done with them. */
export interface ServicesReport {
  pbx: PbxService[];
  /** Whether this process can stop services (administrator / root); null when unknown. */
  elevated: boolean | null;
  stopRequested: boolean;
  stopped: string[];
  restarted: string[];
  failures: { service: string; action: 'stop' | 'start'; message: string }[];
  /** What to run by hand when a restart failed. */
  manualRestart: FixCommand | null;
}

/** The whole pre-flight. */
export interface Preflight {
  platform: string;
  owners: OwnersReport;
  services: ServicesReport;
  firewall: FirewallReport;
  durationMs: number;
  /**
   * This machine's own addresses on its networks (private IPv4 first, then other IPv4, then IPv6;
   * no loopback): the internal address of the forwards to create. Absent in older reports.
   */
  lanAddresses?: string[];
}
