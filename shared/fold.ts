/**
 * Folding per-port results into ranges with the same verdict, as the CLI, the GUI and the report
 * show them: "10000–10999: no answer from the second address" rather than 1,000 lines.
 */
import type { PortCode } from './codes';
import { formatRanges, foldRanges, type PortRange } from './ports';

/** A group of ports sharing one code. */
export interface FoldedGroup {
  code: PortCode;
  ranges: PortRange[];
  count: number;
  /** `5060, 9000–9999` */
  label: string;
}

/** Severity order for display: the worst, most actionable first; passes last. */
export const DISPLAY_ORDER: readonly PortCode[] = [
  'PORT_IN_USE',
  'OUTBOUND_NO_RESPONSE',
  'PORT_TRANSLATED',
  'PUBLIC_IP_MISMATCH',
  'MALFORMED_RESPONSE',
  'INBOUND_NO_RESPONSE',
  'NOT_TESTED',
  'SCAN_BLOCKED',
  'PASS',
];

/** Groups results by code (worst first), each group folded into consecutive ranges. */
export function foldByCode(results: readonly { port: number; code: PortCode }[]): FoldedGroup[] {
  const byCode = new Map<PortCode, number[]>();
  for (const r of results) {
    const list = byCode.get(r.code) ?? [];
    list.push(r.port);
    byCode.set(r.code, list);
  }
  return DISPLAY_ORDER.filter((code) => byCode.has(code)).map((code) => {
    const ports = byCode.get(code)!;
    const ranges = foldRanges(ports);
    return { code, ranges, count: ports.length, label: formatRanges(ranges) };
  });
}
