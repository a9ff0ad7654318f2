/**
 * Results as the window lists them: one row per consecutive range of ports with the same code.
 */
import type { PortCode } from '../../../shared/codes';
import { DISPLAY_ORDER } from '../../../shared/fold';
import type { PortResult } from '../../../shared/report';

/** A row of the results list. */
export interface RangeRow {
  code: PortCode;
  from: number;
  to: number;
  ports: PortResult[];
}

/** Consecutive ports with the same code become one row; rows sorted worst first, then by port. */
export function foldRows(results: readonly PortResult[]): RangeRow[] {
  const sorted = [...results].sort((a, b) => a.port - b.port);
  const rows: RangeRow[] = [];
  for (const r of sorted) {
    const last = rows[rows.length - 1];
    if (last && last.code === r.code && r.port === last.to + 1) {
      last.to = r.port;
      last.ports.push(r);
    } else rows.push({ code: r.code, from: r.port, to: r.port, ports: [r] });
  }
  return rows.sort((a, b) => DISPLAY_ORDER.indexOf(a.code) - DISPLAY_ORDER.indexOf(b.code) || a.from - b.from);
}
