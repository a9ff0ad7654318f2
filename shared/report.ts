/**
 * The report of one check: the document behind `--json`, the GUI's results and the bundle's
 * report.json. Schema `voip-fwcheck/report@1`; fields are only ever added, never renamed. The
 * valibot definition in report-schema.ts must describe the same document (checked when compiling),
 * and shared/report.schema.json is generated from it (`npm run schema`).
 */
import type { PathFindingCode, PortCode, RunCode, SipCode, WarningCode } from './codes';
import type { Preflight } from './preflight';

/** The schema identifier carried by every report. */
export const REPORT_SCHEMA = 'voip-fwcheck/report@1';

/** What happened to one configured STUN server during server selection. */
export interface ServerAttempt {
  /** As configured, e.g. `stun.example.org:3478`. */
  name: string;
  /** Addresses the name resolved to (IPv4). */
  resolved: string[];
  /** null when this server was picked; otherwise why it was not. */
  code: RunCode | null;
  /** Detail in English for people ("answered from 0.0.0.0:3479"): shown as it is, never parsed. */
  detail: string;
}

/** The STUN server used for the port tests. */
export interface ServerInfo {
  name: string;
  /** `ip:port` the requests go to. */
  primary: string;
  /** `ip:port` of the second address that Test 2's answers must come from. */
  alternate: string;
  /** Where the second address came from. */
  alternateSource: 'OTHER-ADDRESS' | 'CHANGED-ADDRESS';
  /** True when selection saw the server honour CHANGE-REQUEST (impossible to see behind some NATs). */
  changeRequestVerified: boolean;
  software: string | null;
}

/** Owner of a port that is in use (filled by pre-flight). */
export interface PortOwner {
  pid: number;
  name: string;
}

/** Result for one port. */
export interface PortResult {
  port: number;
  /** 'tcp': the TCP forward test against our own server (issue 11); every other entry is 'udp'. */
  protocol: 'udp' | 'tcp';
  code: PortCode;
  /** Public `ip:port` the server saw Test 1 come from. */
  mapped: string | null;
  owner: PortOwner | null;
  /** Short detail for people (support), e.g. `EADDRINUSE`: shown as it is, never parsed; `code` says what happened. */
  detail?: string;
  /** XOR-MAPPED-ADDRESS and MAPPED-ADDRESS disagreed: something on the path rewrites packets. */
  mappedRewritten?: true;
  /** Datagrams sent for this port, both tests together. */
  sent?: number;
}

/** Counts over all ports. */
export interface Summary {
  total: number;
  passed: number;
  failed: number;
  notTested: number;
}

/** The full report. */
export interface Report {
  schema: typeof REPORT_SCHEMA;
  code: RunCode;
  server: ServerInfo | null;
  /** Public IP address the server saw, or null when the check could not run. */
  publicAddress: string | null;
  summary: Summary;
  ports: PortResult[];
  durationMs: number;
  /** ISO time the run started. */
  startedAt: string;
  settings: RunSettings;
  servers: ServerAttempt[];
  stats: { packetsSent: number; packetsReceived: number };
  /** Notes that matter for the verdict, e.g. that a SIP ALG seems to rewrite addresses. */
  warnings: RunWarning[];
  /** Ports in use, PBX services, host firewall; absent when the pre-flight was not run. */
  preflight?: Preflight;
  /** The path to the internet (hops, the router's own word, the NAT's mapping); absent when not probed. */
  path?: PathReport;
  /** The SIP ALG test, one entry per transport; absent unless the server was ours (`voip-fwcheck serve`). */
  sip?: SipResult[];
}

/** One difference between the SIP request sent and the one our server received. */
export interface SipDifference {
  /** `Request-Line`, a header name (`Via`, `Contact`…), `SDP c=`…, or `Body`. */
  field: string;
  change: 'changed' | 'added' | 'removed';
  /** The value sent (null when added) and received (null when removed), as written on the wire. */
  sent: string | null;
  received: string | null;
}

/** The SIP ALG test over one transport (issue 11). */
export interface SipResult {
  transport: 'udp' | 'tcp';
  code: SipCode;
  /** The fields that differ (header names, `SDP c=`…), once each; empty unless SIP_ALG_DETECTED. */
  changed: string[];
  /** Each difference with both values; absent without an answer. */
  differences?: SipDifference[];
  /** Local `ip:port` the request left from (5060 unless it was taken). */
  local?: string;
  /** `ip:port` our server saw the request come from. */
  source?: string;
}

/** A port mapping the router lists (UPnP IGD GetGenericPortMappingEntry). */
export interface PathMapping {
  protocol: 'UDP' | 'TCP';
  externalPort: number;
  /** The LAN host the mapping sends to. */
  internalClient: string;
  internalPort: number;
  enabled: boolean;
  /** As the router gave it, control characters removed, at most 100 characters. */
  description: string;
  /** The only remote host the mapping admits, or null for any. */
  remoteHost: string | null;
}

/** How the router was asked. */
export type PathProtocol = 'upnp' | 'nat-pmp' | 'pcp';

/** What the router said about itself. */
export interface PathRouter {
  /** Its external (WAN) IPv4 address, or null when it gave none (miniupnpd gives none for a reserved one). */
  externalAddress: string | null;
  /** The protocol that gave the external address, else the first that answered (UPnP, NAT-PMP, PCP). */
  protocol: PathProtocol;
  /** UPnP IGD mappings, empty without UPnP. */
  mappings: PathMapping[];
  /** Every protocol the router answered. */
  answered: PathProtocol[];
}

/** RFC 4787 §4.1 / RFC 5780 §4.3 mapping behaviour. */
export type NatMappingBehaviour = 'endpoint-independent' | 'address-dependent' | 'address-and-port-dependent';

/** One path finding; `text` is the English sentence, the catalogs have it in every language. */
export interface PathFinding {
  code: PathFindingCode;
  text: string;
  /** The finding's placeholders, language-neutral (addresses, hop numbers, ports). */
  values?: Record<string, string>;
}

/** The path to the internet. */
export interface PathReport {
  /** Hops toward the STUN server (at most 4); address null where a hop did not answer. */
  hops: { ttl: number; address: string | null }[];
  /** null when no router answered UPnP, NAT-PMP or PCP. */
  router: PathRouter | null;
  /** null when the test could not run (no second address, no answer). */
  mapping: NatMappingBehaviour | null;
  findings: PathFinding[];
}

/** A note about the run; `text` is the English sentence, the catalogs have it in every language. */
export interface RunWarning {
  code: WarningCode;
  /** How many ports it concerns. */
  ports: number;
  /** The other public addresses seen (SEVERAL_PUBLIC_ADDRESSES), else empty. */
  addresses: string[];
  text: string;
  /**
   * The warning's own placeholders, language-neutral (numbers, addresses, names); SCAN_PROTECTION_TRIPPED
   * has onsetPort, onsetSeconds, newPorts, how ('paced' | 'fallback' | 'blocked') and burst,
   * blockedSeconds, server. Absent for the other warnings.
   */
  values?: Record<string, string>;
}

/** The knobs of a run, as used (defaults filled in). */
export interface RunSettings {
  stun: string[];
  ports: string;
  publicIp: string | null;
  concurrency: number;
  rate: number;
  timeoutMs: number;
  order: 'sequential' | 'shuffled';
}

/** Progress of a run, throttled for the GUI. */
export interface Progress {
  phase: 'resolving' | 'selecting' | 'testing' | 'done';
  done: number;
  total: number;
  passed: number;
  failed: number;
  /** Estimated milliseconds left (the best figure), null until it can be estimated. */
  etaMs: number | null;
  /**
   * When failures make the time left uncertain (the scan guard may pause to look again), the
   * range it lies in: from no further pause to every pause foreseen; `etaMs` lies inside. Absent
   * when the estimate is firm.
   */
  etaRangeMs?: [number, number];
  elapsedMs: number;
}
