/**
 * The port map: one picture of every checked port, laid out as pure data for each renderer
 * (report.html's SVG, the terminal's compact lines, the window). Ports sit in rows of 100 aligned
 * on hundreds (9000–9099, 9100–9199…), so a range reads as a block; the 3CX port groups (SIP,
 * tunnel, media) are sections of their own (SIP's and the tunnel's single port at the left edge). Each code has a colour class and, for people who do
 * not see the colours, a pattern and a symbol of its own. Consecutive cells with one code in a
 * row form a run, which is what renderers draw: 10,000 passing ports are a hundred runs.
 */
import type { PortMapSection } from './catalog-types';
import type { Language, PortCode } from './codes';
import { DISPLAY_ORDER } from './fold';
import { format, messages } from './messages';
import { foldRanges, formatRanges, type PortRange } from './ports';

/** Cells per row. */
export const PORT_MAP_COLUMNS = 100;

/** A fill that reads without colour. */
export type CellPattern =
  'solid' | 'dots' | 'cross' | 'diagonal' | 'grid' | 'horizontal' | 'checker' | 'hollow' | 'hollow-dots';

/** How one code is drawn: CSS class (colour), pattern and one-character symbol. */
export interface CodeStyle {
  cls: string;
  pattern: CellPattern;
  symbol: string;
}

/** The style of every code; no two codes share a pattern or a symbol. */
export const CODE_STYLES: Record<PortCode, CodeStyle> = {
  PASS: { cls: 'pm-pass', pattern: 'solid', symbol: '█' },
  INBOUND_NO_RESPONSE: { cls: 'pm-inbound', pattern: 'dots', symbol: '░' },
  OUTBOUND_NO_RESPONSE: { cls: 'pm-outbound', pattern: 'cross', symbol: '×' },
  PORT_TRANSLATED: { cls: 'pm-translated', pattern: 'diagonal', symbol: '/' },
  PORT_IN_USE: { cls: 'pm-in-use', pattern: 'grid', symbol: '#' },
  PUBLIC_IP_MISMATCH: { cls: 'pm-ip-mismatch', pattern: 'horizontal', symbol: '=' },
  MALFORMED_RESPONSE: { cls: 'pm-malformed', pattern: 'checker', symbol: '?' },
  NOT_TESTED: { cls: 'pm-not-tested', pattern: 'hollow', symbol: '·' },
  SCAN_BLOCKED: { cls: 'pm-scan-blocked', pattern: 'hollow-dots', symbol: ':' },
};

/**
 * Fill colours per code on a light background (report.html and the window's light theme):
 * distinct hues, dark enough for the white patterns drawn over them; null for the hollow codes
 * (not tested), which each renderer draws as an outline on its own background.
 */
export const PORT_MAP_COLOURS: Record<PortCode, string | null> = {
  PASS: '#1e7e34',
  INBOUND_NO_RESPONSE: '#c5221f',
  OUTBOUND_NO_RESPONSE: '#6a1b9a',
  PORT_TRANSLATED: '#b35c00',
  PORT_IN_USE: '#1a5fb4',
  PUBLIC_IP_MISMATCH: '#6d4c41',
  MALFORMED_RESPONSE: '#ad1457',
  NOT_TESTED: null,
  SCAN_BLOCKED: null,
};

/** Consecutive cells of one row with one code. */
export interface PortMapRun {
  code: PortCode;
  /** Column of the first cell (0–99). */
  col: number;
  length: number;
  from: number;
  to: number;
}

/** One row: the ports of one hundred (`base` to `base + 99`) that were checked. */
export interface PortMapRow {
  base: number;
  /** First and last port checked in this row. */
  from: number;
  to: number;
  /** `9000–9099`, or the ports checked when fewer. */
  label: string;
  runs: PortMapRun[];
}

/** A 3CX port group, or every other port. */
export interface PortMapSectionView {
  section: PortMapSection;
  /** `SIP`, `Media`… in the map's language. */
  title: string;
  /** The ports of the section, folded: `9000–10999`. */
  ports: string;
  count: number;
  rows: PortMapRow[];
}

/** One line of the legend: a code present on the map. */
export interface PortMapLegend extends CodeStyle {
  code: PortCode;
  short: string;
  count: number;
}

/** The laid-out map. */
export interface PortMapLayout {
  language: Language;
  total: number;
  sections: PortMapSectionView[];
  /** Codes present, worst first, passes last. */
  legend: PortMapLegend[];
}

/** Which section a port belongs to: the 3CX profile's SIP 5060, tunnel 5090, media 9000–10999. */
export function sectionOf(port: number): PortMapSection {
  if (port === 5060) return 'sip';
  if (port === 5090) return 'tunnel';
  if (port >= 9000 && port <= 10999) return 'media';
  return 'other';
}

const SECTION_ORDER: readonly PortMapSection[] = ['sip', 'tunnel', 'media', 'other'];

function rowsOf(results: readonly { port: number; code: PortCode }[]): PortMapRow[] {
  const rows: PortMapRow[] = [];
  for (const { port, code } of results) {
    const base = port - (port % PORT_MAP_COLUMNS);
    let row = rows[rows.length - 1];
    if (!row || row.base !== base) {
      row = { base, from: port, to: port, label: '', runs: [] };
      rows.push(row);
    }
    row.to = port;
    const run = row.runs[row.runs.length - 1];
    if (run && run.code === code && run.to === port - 1) {
      run.to = port;
      run.length++;
    } else row.runs.push({ code, col: port - base, length: 1, from: port, to: port });
  }
  for (const row of rows) row.label = formatRanges([{ from: row.from, to: row.to }]);
  return rows;
}

/** A section of a port or two (SIP, tunnel) starts at the left edge rather than at its column. */
function packLeft(rows: PortMapRow[]): PortMapRow[] {
  return rows.map((row) => {
    const shift = row.runs[0]?.col ?? 0;
    return { ...row, runs: row.runs.map((run) => ({ ...run, col: run.col - shift })) };
  });
}

/** Lays out `results` (one per port, any order) as a port map in `language`. Pure. */
export function layoutPortMap(results: readonly { port: number; code: PortCode }[], language: Language): PortMapLayout {
  const catalog = messages(language);
  const sorted = [...results].sort((a, b) => a.port - b.port);
  const bySection = new Map<PortMapSection, { port: number; code: PortCode }[]>();
  const counts = new Map<PortCode, number>();
  for (const result of sorted) {
    const section = sectionOf(result.port);
    const list = bySection.get(section);
    if (list) list.push(result);
    else bySection.set(section, [result]);
    counts.set(result.code, (counts.get(result.code) ?? 0) + 1);
  }
  const sections = SECTION_ORDER.filter((s) => bySection.has(s)).map((section) => {
    const list = bySection.get(section)!;
    return {
      section,
      title: catalog.portMap.sections[section],
      ports: formatRanges(foldRanges(list.map((r) => r.port))),
      count: list.length,
      rows: section === 'sip' || section === 'tunnel' ? packLeft(rowsOf(list)) : rowsOf(list),
    };
  });
  const legend = DISPLAY_ORDER.filter((code) => counts.has(code)).map((code) => ({
    code,
    ...CODE_STYLES[code],
    short: catalog.portShort[code],
    count: counts.get(code)!,
  }));
  return { language, total: sorted.length, sections, legend };
}

/**
 * The map in words, for screen readers and anyone who does not see it: one line per section,
 * each code's ports folded into ranges (`Media 9000–10999: 9050–9059 no answer…; 9000–9049,
 * 9060–10999 forwarded one-to-one`).
 */
export function portMapText(layout: PortMapLayout): string[] {
  const catalog = messages(layout.language);
  const lines = [format(catalog.portMap.summary, { total: String(layout.total) })];
  for (const section of layout.sections) {
    const byCode = new Map<PortCode, PortRange[]>();
    for (const row of section.rows)
      for (const run of row.runs) {
        const ranges = byCode.get(run.code) ?? [];
        const last = ranges[ranges.length - 1];
        // Runs of a code continue across rows (9099 then 9100): one range, as a person reads it.
        if (last && last.to === run.from - 1) last.to = run.to;
        else ranges.push({ from: run.from, to: run.to });
        byCode.set(run.code, ranges);
      }
    const parts = DISPLAY_ORDER.filter((code) => byCode.has(code)).map(
      (code) => `${formatRanges(byCode.get(code)!)} ${catalog.portShort[code]} [${code}]`,
    );
    lines.push(`${section.title} ${section.ports}: ${parts.join('; ')}`);
  }
  return lines;
}
