import type { BundlePathProblem, PathFindingCode, PortCode, RunCode, SipCode, WarningCode } from './codes';
import type { Fact } from './compare';
import type { FirewallFindingKind } from './preflight';
import type { NatMappingBehaviour } from './report';

/** Sections of the port map: the 3CX port groups, and every other port. */
export type PortMapSection = 'sip' | 'tunnel' | 'media' | 'other';

/** How ports were re-tested after the router's scan protection tripped (see Catalog.scanRetest). */
export type ScanRetest = 'paced' | 'fallback' | 'blocked';

/** Human text for one result code, in one language. */
export interface CodeText {
  /** One short line, shown large: "Port forwarded one-to-one". */
  title: string;
  /** What the result means, in plain words for someone who is not a network engineer. */
  explanation: string;
  /** Numbered steps, each one action the admin can take. May be empty for PASS. */
  remediation: string[];
}

/** Port codes a TCP forward test (issue 11) gives. */
export type TcpPortCode = 'PASS' | 'INBOUND_NO_RESPONSE' | 'PORT_IN_USE' | 'NOT_TESTED';

/**
 * The SIP ALG test and the TCP forwards against our own test server (issue 11). `intro` takes
 * `{server}`; SIP texts take `{transport}` and, for SIP_ALG_DETECTED, `{fields}`; `sentFrom`
 * takes `{local}` and `{source}`; `tcpRow` takes `{port}`.
 */
export interface OursCatalog {
  heading: string;
  intro: string;
  transport: { udp: string; tcp: string };
  change: { changed: string; added: string; removed: string };
  sentFrom: string;
  sip: Record<SipCode, CodeText>;
  tcpHeading: string;
  tcpRow: string;
  tcp: Record<TcpPortCode, CodeText>;
}

/** Everything the app says, in one language. */
export interface Catalog {
  /** SIP ALG and TCP forwards (issue 11). */
  ours: OursCatalog;
  ports: Record<PortCode, CodeText>;
  runs: Record<RunCode, CodeText>;
  /**
   * Wording used instead of runs.ALL_FAILED when no port could be opened at all (every one
   * PORT_IN_USE): the router was not tested, so the run's text must not blame it.
   */
  allPortsInUse: CodeText;
  /** Wording used instead of ports.PORT_IN_USE when the SIP port is the one held. `{owner}` is replaced. */
  sipPortInUse: CodeText;
  /** Short range labels for folded output: "no answer from the second address". */
  portShort: Record<PortCode, string>;
  /** One sentence per run warning; `{ports}` and `{addresses}` are replaced. */
  warnings: Record<WarningCode, string>;
  /**
   * How the check recovered from the router's scan protection, inserted as `{how}` into the
   * SCAN_PROTECTION_TRIPPED warning. `{ports}`, `{burst}`, `{blockedSeconds}` and `{server}` are replaced.
   */
  scanRetest: Record<ScanRetest, string>;
  /** Words about the diagnostics bundle. */
  bundle: {
    saved: string;
    failed: string;
    /** Lead-in when `--bundle` is refused before the run. */
    refused: string;
    /** Why the path was refused; `{path}` and `{folder}` are replaced. */
    path: Record<BundlePathProblem, string>;
  };
  /** One sentence per firewall finding. */
  firewall: Record<FirewallFindingKind, string>;
  /**
   * PBX services that an earlier check stopped and could not start again (its process was killed
   * or crashed). `{services}`, `{pid}` and `{time}` are replaced.
   */
  restore: {
    pending: string;
    starting: string;
    done: string;
    failed: string;
    needsElevation: string;
    running: string;
    nothing: string;
    invalid: string;
    /** The window's state while it starts the services before it closes. */
    restarting: string;
    ask: string;
    startNow: string;
    later: string;
  };
  /**
   * The path to the internet (issue 12). Finding texts take `{address}` (CARRIER_GRADE_NAT,
   * DOUBLE_NAT), `{ports}` and `{hosts}` (UPNP_MAPPINGS_ELSEWHERE), `{port}` (ENDPOINT_DEPENDENT_MAPPING).
   */
  path: {
    heading: string;
    findings: Record<PathFindingCode, CodeText>;
    /** Added to the run verdict when a finding explains the failed ports; `{finding}` is its title. */
    explainsFailures: string;
    /** The NAT's mapping behaviour in plain words. */
    mapping: Record<NatMappingBehaviour, string>;
    hops: string;
    noAnswer: string;
    router: string;
    noRouter: string;
  };
  /** Words of the pre-flight section. */
  preflight: {
    heading: string;
    portsInUse: string;
    noPortInUse: string;
    ownersIncomplete: string;
    excludedRange: string;
    pbxServices: string;
    stopOffer: string;
    needsElevation: string;
    stopped: string;
    restarted: string;
    restartFailed: string;
    firewall: string;
    fixNeedsElevation: string;
  };
  /**
   * Words of a comparison of two runs (`voip-fwcheck compare`, `check --with last`, the bundle).
   * `{ports}`, `{count}`, `{when}`, `{old}`, `{new}`, `{fields}` and `{warnings}` are replaced.
   */
  compare: {
    heading: string;
    old: string;
    new: string;
    regression: string;
    regressionWarnings: string;
    noRegression: string;
    fixed: string;
    broken: string;
    stillFailing: string;
    notCompared: string;
    /** A port group whose code changed: `{old}` is the earlier code. */
    was: string;
    nothingChanged: string;
    changed: string;
    facts: Record<Fact, string>;
    yes: string;
    no: string;
    none: string;
    warningAdded: string;
    warningRemoved: string;
    notShared: string;
    onlyOld: string;
    onlyNew: string;
    schemas: string;
    fields: string;
    notAReport: string;
    /** `check --with last` when the history holds no earlier run. */
    noEarlierRun: string;
    /** The run could not be added to the history; `{reason}` is replaced. */
    historyFailed: string;
    /** `--baseline FILE` refused before the run; `{reason}` is replaced. */
    baselineRefused: string;
  };
  /** Words of the port map: its sections (the 3CX port groups) and its title. */
  portMap: {
    title: string;
    sections: Record<PortMapSection, string>;
    /** The map's text alternative opens with this; `{total}` is replaced. */
    summary: string;
    legend: string;
  };
  /**
   * The window's words for the run history, the comparison of two runs and the interactive port
   * map. `{when}`, `{port}`, `{short}`, `{code}`, `{passed}`, `{failed}`, `{notTested}` and
   * `{reason}` are replaced.
   */
  history: {
    title: string;
    empty: string;
    when: string;
    verdict: string;
    counts: string;
    /** `{passed} passed · {failed} failed`; `{notTested}` joins when some were not tested. */
    countsText: string;
    notTestedText: string;
    open: string;
    compare: string;
    /** The run shown now, in the list. */
    shown: string;
    problems: Record<'NOT_FOUND' | 'DAMAGED' | 'NOT_A_FILE' | 'TOO_LARGE', string>;
    viewing: string;
    backToLatest: string;
    unreadable: string;
    compareTitle: string;
    compareWith: string;
    previous: string;
    noEarlier: string;
    loading: string;
    /** The map's focused or hovered cell: `Port {port}: {short} [{code}]`. */
    mapCell: string;
    mapHint: string;
    mapInWords: string;
  };
}
