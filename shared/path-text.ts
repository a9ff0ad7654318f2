/**
 * Words for the path findings (issue 12): a finding's text in a language, and the sentence the
 * run verdict gains when a finding explains its failed ports. Plain TypeScript (the renderer
 * compiles it).
 */
import { isPortFailure, type Language, type PathFindingCode, type PortCode } from './codes';
import { catalogs, format } from './messages';
import type { PathFinding } from './report';

/** A path finding's explanation in `lang`, its placeholders filled from `values`. */
export function pathFindingText(
  finding: { code: PathFindingCode; values?: Readonly<Record<string, string>> },
  lang: Language,
): string {
  return format(catalogs[lang].path.findings[finding.code].explanation, { ...finding.values });
}

/** Findings that explain failed ports, strongest first; UPNP_ENABLED only informs. */
const EXPLAINING: readonly PathFindingCode[] = [
  'CARRIER_GRADE_NAT',
  'DOUBLE_NAT',
  'UPNP_MAPPINGS_ELSEWHERE',
  'ENDPOINT_DEPENDENT_MAPPING',
];

/**
 * The finding that explains a run's failures, or null: the first of CARRIER_GRADE_NAT, DOUBLE_NAT,
 * UPNP_MAPPINGS_ELSEWHERE, ENDPOINT_DEPENDENT_MAPPING present, when at least one port failed.
 */
export function explainingFinding(report: {
  ports: readonly { code: PortCode }[];
  path?: { findings: readonly PathFinding[] };
}): PathFinding | null {
  if (!report.path || !report.ports.some((p) => isPortFailure(p.code) && p.code !== 'PORT_IN_USE')) return null;
  for (const code of EXPLAINING) {
    const finding = report.path.findings.find((f) => f.code === code);
    if (finding) return finding;
  }
  return null;
}

/** The sentence to add to the run verdict's text when a path finding explains the failures, or null. */
export function pathVerdictNote(
  report: { ports: readonly { code: PortCode }[]; path?: { findings: readonly PathFinding[] } },
  lang: Language,
): string | null {
  const finding = explainingFinding(report);
  if (!finding) return null;
  return format(catalogs[lang].path.explainsFailures, { finding: catalogs[lang].path.findings[finding.code].title });
}
