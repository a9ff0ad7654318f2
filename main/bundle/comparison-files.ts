/**
 * The diagnostics bundle's view of the run before this one: its report and the comparison of the
 * two, so support sees what changed since (a rule removed, SIP ALG back on) without asking.
 */
import { compareReports } from '../../shared/compare';
import type { Report } from '../../shared/report';

/** Lines for the bundle's README.txt describing the two files (add them when the files are there). */
export const COMPARISON_README = `previous-report.json  The report of the check before this one, from the run history.
comparison.json       What changed since (schema voip-fwcheck/compare@1, as printed by
                      "voip-fwcheck compare previous-report.json report.json --json"): ports
                      fixed, broken and still failing, verdict, public address, server, SIP ALG.
`;

/**
 * The bundle's extra files for the run before `current` (from the history), or none when there is
 * no earlier run. Both go through the bundle's redaction like every other file.
 */
export function comparisonFiles(previous: Report | null, current: Report): Record<string, string> {
  if (!previous) return {};
  return {
    'previous-report.json': `${JSON.stringify(previous, null, 2)}\n`,
    'comparison.json': `${JSON.stringify(compareReports(previous, current), null, 2)}\n`,
  };
}
