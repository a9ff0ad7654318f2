/**
 * The port map in the terminal: one line per row of 100 ports, one symbol per port (each code its
 * own symbol, so it reads without colour; coloured when the terminal takes colour), under a
 * legend. Only when the terminal is wide enough for a whole row: a wrapped map reads as noise.
 */
import type { Language, PortCode } from '../../shared/codes';
import { CODE_STYLES, layoutPortMap, PORT_MAP_COLUMNS } from '../../shared/port-map';
import { toneOf } from '../../shared/view';
import type { Style } from './text-report';

/** Width of the row labels (`10900–10999` and two spaces of indent). */
const LABEL = 14;

/** Columns a terminal needs for the map. */
export const PORT_MAP_MIN_WIDTH = LABEL + PORT_MAP_COLUMNS;

function paint(code: PortCode, text: string, style: Style): string {
  const tone = toneOf(code);
  return tone === 'pass' ? style.ok(text) : tone === 'fail' ? style.bad(text) : style.dim(text);
}

/**
 * The map of `results` as terminal lines, or none when `width` (the terminal's columns; undefined
 * when stdout is not a terminal) is under PORT_MAP_MIN_WIDTH.
 */
export function renderPortMapLines(
  results: readonly { port: number; code: PortCode }[],
  lang: Language,
  style: Style,
  width: number | undefined,
): string[] {
  if (width === undefined || width < PORT_MAP_MIN_WIDTH || results.length === 0) return [];
  const layout = layoutPortMap(results, lang);
  const lines: string[] = [];
  const legend = layout.legend.map((item) => `${paint(item.code, item.symbol, style)} ${item.short}`);
  // The legend wraps at the terminal's width; the map itself never does.
  let line = '';
  let used = 0;
  layout.legend.forEach((item, i) => {
    const size = 2 + item.symbol.length + 1 + item.short.length;
    if (used > 0 && used + size > width) {
      lines.push(line);
      [line, used] = ['', 0];
    }
    line += `  ${legend[i]}`;
    used += size;
  });
  lines.push(line, '');
  for (const section of layout.sections) {
    // SIP and the tunnel are a port each: their title is the row's label.
    const single = (section.section === 'sip' || section.section === 'tunnel') && section.rows.length === 1;
    if (!single) lines.push(`  ${style.bold(`${section.title} ${section.ports}`)}`);
    for (const row of section.rows) {
      const cells: string[] = [];
      let col = 0;
      for (const run of row.runs) {
        cells.push(' '.repeat(run.col - col), paint(run.code, CODE_STYLES[run.code].symbol.repeat(run.length), style));
        col = run.col + run.length;
      }
      const label = single ? `${section.title} ${row.label}` : row.label;
      lines.push(`  ${label.padEnd(LABEL - 2)}${cells.join('')}`);
    }
  }
  return lines;
}
