/**
 * The one view of a report that the terminal, report.html and the window all read: the verdict,
 * the results folded into groups with their texts, what to do, the run's warnings and the
 * pre-flight findings, in one language. Renderers only lay it out; no wording is decided twice.
 */
import type { Language, RunCode, WarningCode } from '../codes';
import { runText, warningText } from '../messages';
import type { Report, ServerAttempt, Summary } from '../report';
import { portGroups, type GroupView } from './groups';
import { buildOursView, type OursView } from './ours-view';
import { buildPathView, verdictTextWithPath, type PathView } from './path-view';
import { buildPreflightView, type PreflightView } from './preflight-view';
import { extentText, forwardRule, namedSteps, type ForwardRuleView } from './remedy';
import { VIEW_WORDS } from './words';

/** The verdict of the run. */
export interface VerdictView {
  code: RunCode;
  /** `ok` only when every port passed. */
  tone: 'ok' | 'bad';
  sign: string;
  title: string;
  text: string;
  /** The run's own numbered steps (may be empty). */
  steps: string[];
  /** How many ports fail and where, in one sentence ("1,000 of 2,002 ports, all of 10000–10999: …"). */
  extent: string;
}

/**
 * A STUN server tried during selection, shown when none could be used: as in the report, but
 * `resolved` only when the addresses say more than the name. `detail` is for people: shown, never parsed.
 */
export type ServerAttemptView = ServerAttempt;

/** A note about the run in the view's language. */
export interface WarningView {
  code: WarningCode;
  text: string;
}

/** Everything a renderer shows of a report. */
export interface ReportView {
  language: Language;
  words: (typeof VIEW_WORDS)[Language];
  verdict: VerdictView;
  server: { name: string; primary: string; alternate: string } | null;
  publicAddress: string | null;
  summary: Summary;
  /** `12.3 s` */
  duration: string;
  /** `2026-01-01 00:00` (UTC) */
  startedAt: string;
  /** No server could be used: the port test did not run; `servers` says why. */
  couldNotRun: boolean;
  servers: ServerAttemptView[];
  /** Every UDP port, grouped by code, worst first (renderers leave them out when `couldNotRun`); TCP ports are in `ours`. */
  groups: GroupView[];
  /** What to do: the failing groups' steps, then the run's own steps when it has any. */
  whatToDo: { groups: GroupView[]; run: { title: string; steps: string[] } | null };
  warnings: WarningView[];
  /** Null when the pre-flight was not run. */
  preflight: PreflightView | null;
  /** The path to the internet (issue 12); null when it was not probed. */
  path: PathView | null;
  /** SIP ALG and TCP forwards against our own test server (issue 11); null when not run. */
  ours: OursView | null;
  /** This machine's LAN addresses (private IPv4 first), the target of the forwards. */
  lanAddresses: string[];
  /** The forward to create on the router, or null when no failure needs one. */
  rule: ForwardRuleView | null;
}

function serverAttempts(report: Report): ServerAttemptView[] {
  return report.servers.map((attempt) => {
    const host = attempt.name.split(':')[0];
    const resolved = attempt.resolved.some((ip) => ip !== host) ? [...attempt.resolved] : [];
    return { ...attempt, resolved };
  });
}

/** Builds the view of `report` in `language`. Pure: the same report gives the same view. */
export function buildReportView(report: Report, language: Language): ReportView {
  const run = runText(report, language);
  const ok = report.code === 'ALL_PASSED';
  const couldNotRun = report.server === null;
  const lanAddresses = report.preflight?.lanAddresses ?? [];
  // TCP entries (issue 11) have their own section: the groups, rule and extent are the UDP forwards.
  const udp = report.ports.filter((p) => p.protocol === 'udp');
  const plain = portGroups(udp, language);
  const rule = couldNotRun ? null : forwardRule(plain, lanAddresses, report.publicAddress, language);
  // Steps that name this PBX's ranges and addresses, for every renderer.
  const groups = plain.map((g) => ({ ...g, steps: namedSteps(g, lanAddresses, report.publicAddress, language) }));
  const failing = couldNotRun ? [] : groups.filter((g) => g.code !== 'PASS');
  const { server } = report;
  return {
    language,
    words: VIEW_WORDS[language],
    verdict: {
      code: report.code,
      tone: ok ? 'ok' : 'bad',
      sign: ok ? '✓' : '✗',
      title: run.title,
      text: verdictTextWithPath(run.explanation, report, language),
      steps: run.remediation,
      extent: couldNotRun ? '' : extentText(groups, udp.length, language),
    },
    server: server && { name: server.name, primary: server.primary, alternate: server.alternate },
    publicAddress: report.publicAddress,
    summary: report.summary,
    duration: `${(report.durationMs / 1000).toFixed(1)} s`,
    startedAt: report.startedAt.replace('T', ' ').slice(0, 16),
    couldNotRun,
    servers: serverAttempts(report),
    groups,
    whatToDo: {
      groups: failing,
      run: failing.length && run.remediation.length ? { title: run.title, steps: run.remediation } : null,
    },
    warnings: report.warnings.map((w) => ({ code: w.code, text: warningText(w, language) })),
    preflight: report.preflight ? buildPreflightView(report.preflight, language) : null,
    path: report.path ? buildPathView(report.path, language) : null,
    ours: buildOursView(report, language),
    lanAddresses,
    rule,
  };
}
