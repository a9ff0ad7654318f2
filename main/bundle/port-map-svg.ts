/**
 * report.html's port map: the shared layout (shared/port-map.ts) drawn as one inline SVG, with no
 * script and no external resource. Colours come with a pattern per code, so the map reads in
 * black and white and without colour vision; the SVG is an image labelled by its title and by a
 * description that says the whole map in words (ranges per code, per section), which screen
 * readers read. Hovering a block shows its ports and result (an SVG <title>, no script).
 */
import type { Language, PortCode } from '../../shared/codes';
import { formatRanges } from '../../shared/ports';
import {
  CODE_STYLES,
  layoutPortMap,
  portMapText,
  PORT_MAP_COLOURS,
  PORT_MAP_COLUMNS,
  type CellPattern,
} from '../../shared/port-map';
import { messages } from '../../shared/messages';

const esc = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Colours per code (shared with the window), white inside the hollow codes' outline. */
const COLOURS = Object.fromEntries(
  Object.entries(PORT_MAP_COLOURS).map(([code, colour]) => [code, colour ?? '#ffffff']),
) as Record<PortCode, string>;

const CELL = 8;
const ROW = 12;
const GAP = 3;
const LEFT = 96;
const WIDTH = LEFT + PORT_MAP_COLUMNS * CELL;

/** The pattern tiles (4×4 user units), drawn in white over the colour, grey over the hollow fills. */
const TILES: Record<Exclude<CellPattern, 'solid' | 'hollow'>, string> = {
  dots: '<circle cx="2" cy="2" r="1" fill="#fff"/>',
  cross: '<path d="M0 0L4 4M4 0L0 4" stroke="#fff" stroke-width=".9"/>',
  diagonal: '<path d="M-1 1L1 -1M0 4L4 0M3 5L5 3" stroke="#fff" stroke-width="1"/>',
  grid: '<path d="M0 .5H4M.5 0V4" stroke="#fff" stroke-width="1"/>',
  horizontal: '<rect y="1.5" width="4" height="1" fill="#fff"/>',
  checker: '<rect width="2" height="2" fill="#fff"/><rect x="2" y="2" width="2" height="2" fill="#fff"/>',
  'hollow-dots': '<circle cx="2" cy="2" r=".9" fill="#5f6368"/>',
};

function defs(id: string): string {
  const patterns = Object.entries(TILES).map(
    ([name, tile]) =>
      `<pattern id="${id}-${name}" width="4" height="4" patternUnits="userSpaceOnUse">${tile}</pattern>`,
  );
  const css = Object.entries(CODE_STYLES)
    .map(([code, style]) => `.${style.cls}{fill:${COLOURS[code as PortCode]}}`)
    .join('');
  return `<defs>${patterns.join('')}</defs><style>${css}.pm-hollow{stroke:#5f6368;stroke-width:1}text{font:11px system-ui,sans-serif;fill:#202124}.pm-h{font-weight:600}</style>`;
}

/** A block of `length` cells of one code at (x, y): colour, then its pattern, with a tooltip. */
function block(id: string, code: PortCode, x: number, y: number, length: number, tip: string): string {
  const style = CODE_STYLES[code];
  const w = length * CELL - 1;
  const hollow = style.pattern === 'hollow' || style.pattern === 'hollow-dots';
  const base = `<rect class="${style.cls}${hollow ? ' pm-hollow' : ''}" x="${x + (hollow ? 0.5 : 0)}" y="${y + (hollow ? 0.5 : 0)}" width="${hollow ? w - 1 : w}" height="${hollow ? ROW - 1 : ROW}"/>`;
  const over =
    style.pattern === 'solid' || style.pattern === 'hollow'
      ? ''
      : `<rect x="${x}" y="${y}" width="${w}" height="${ROW}" fill="url(#${id}-${style.pattern})"/>`;
  return `<g><title>${esc(tip)}</title>${base}${over}</g>`;
}

/**
 * The port map of `results` as an inline SVG in `lang`. `id` prefixes every id in it, so two maps
 * (before and after) can share a page.
 */
export function renderPortMapSvg(
  results: readonly { port: number; code: PortCode }[],
  lang: Language,
  id = 'port-map',
): string {
  const layout = layoutPortMap(results, lang);
  const catalog = messages(lang);
  const out: string[] = [];
  let y = 0;
  // The legend first: a swatch with the code's pattern, then what it means and how many ports.
  out.push(`<text class="pm-h" x="0" y="${y + 11}">${esc(catalog.portMap.legend)}</text>`);
  y += 18;
  for (const item of layout.legend) {
    const tip = `${item.short} [${item.code}]`;
    out.push(block(id, item.code, 0, y, 2, tip));
    out.push(`<text x="${CELL * 2 + 8}" y="${y + 10}">${esc(`${item.short} (${item.count}) [${item.code}]`)}</text>`);
    y += ROW + 4;
  }
  y += 8;
  for (const section of layout.sections) {
    out.push(`<text class="pm-h" x="0" y="${y + 11}">${esc(`${section.title} ${section.ports}`)}</text>`);
    y += 18;
    for (const row of section.rows) {
      out.push(`<text x="0" y="${y + 10}">${esc(row.label)}</text>`);
      for (const run of row.runs) {
        const tip = `${formatRanges([run])}: ${catalog.portShort[run.code]} [${run.code}]`;
        out.push(block(id, run.code, LEFT + run.col * CELL, y, run.length, tip));
      }
      y += ROW + GAP;
    }
    y += 8;
  }
  const height = Math.max(y, 1);
  const words = portMapText(layout);
  return [
    `<svg class="port-map" role="img" width="${WIDTH}" height="${height}" style="max-width:100%;height:auto" viewBox="0 0 ${WIDTH} ${height}" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${esc(catalog.portMap.title)}</title>`,
    `<desc id="${id}-desc">${esc(words.join('\n'))}</desc>`,
    defs(id),
    ...out,
    '</svg>',
  ].join('');
}
