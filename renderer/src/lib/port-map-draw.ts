/**
 * Drawing the window's port map on a canvas: one filled rectangle per run of a code (10,000
 * passing ports are a hundred rectangles), each code in its colour with its pattern over it
 * (shared/port-map.ts's CODE_STYLES), so the map reads in grey and without colour vision. Two
 * palettes: dark fills with light patterns on the light theme, light fills with dark patterns on
 * the dark one, both at least 3:1 against the card. No DOM node per port.
 */
import type { PortCode } from '../../../shared/codes';
import { CODE_STYLES, PORT_MAP_COLOURS, type CellPattern } from '../../../shared/port-map';
import { CELL, HEAD, LEFT, ROW, type MapGeometry } from './port-map-geometry';

/** Fill colours per code, light theme (report.html's); the hollow codes stay see-through. */
const LIGHT = Object.fromEntries(
  Object.entries(PORT_MAP_COLOURS).map(([code, colour]) => [code, colour ?? 'transparent']),
) as Record<PortCode, string>;

/** Fill colours per code, dark theme. */
const DARK: Record<PortCode, string> = {
  PASS: '#57bb6f',
  INBOUND_NO_RESPONSE: '#ff7b72',
  OUTBOUND_NO_RESPONSE: '#c792ea',
  PORT_TRANSLATED: '#f0a33a',
  PORT_IN_USE: '#79a8ff',
  PUBLIC_IP_MISMATCH: '#c9a68f',
  MALFORMED_RESPONSE: '#ff80bf',
  NOT_TESTED: 'transparent',
  SCAN_BLOCKED: 'transparent',
};

/** The theme's colours the map needs, read from the page (text, muted) and its scheme. */
export interface MapInk {
  dark: boolean;
  text: string;
  muted: string;
}

/** Draws one 4×4 tile of `pattern` in `ink`. */
function tile(ctx: CanvasRenderingContext2D, pattern: CellPattern, ink: string): void {
  ctx.fillStyle = ink;
  ctx.strokeStyle = ink;
  ctx.lineWidth = 1;
  const line = (path: [number, number, number, number][]) => {
    ctx.beginPath();
    for (const [a, b, c, d] of path) {
      ctx.moveTo(a, b);
      ctx.lineTo(c, d);
    }
    ctx.stroke();
  };
  switch (pattern) {
    case 'dots':
    case 'hollow-dots':
      ctx.fillRect(1.5, 1.5, 1.2, 1.2);
      break;
    case 'cross':
      line([
        [0, 0, 4, 4],
        [4, 0, 0, 4],
      ]);
      break;
    case 'diagonal':
      line([
        [-1, 1, 1, -1],
        [0, 4, 4, 0],
        [3, 5, 5, 3],
      ]);
      break;
    case 'grid':
      ctx.fillRect(0, 0, 4, 1);
      ctx.fillRect(0, 0, 1, 4);
      break;
    case 'horizontal':
      ctx.fillRect(0, 1.5, 4, 1);
      break;
    case 'checker':
      ctx.fillRect(0, 0, 2, 2);
      ctx.fillRect(2, 2, 2, 2);
      break;
    case 'solid':
    case 'hollow':
      break;
  }
}

/** A repeating pattern per code for this theme, drawn at the canvas's pixel scale. */
function patterns(ctx: CanvasRenderingContext2D, ink: MapInk, scale: number): Map<PortCode, CanvasPattern | null> {
  const out = new Map<PortCode, CanvasPattern | null>();
  for (const [code, style] of Object.entries(CODE_STYLES) as [PortCode, (typeof CODE_STYLES)[PortCode]][]) {
    if (style.pattern === 'solid' || style.pattern === 'hollow') {
      out.set(code, null);
      continue;
    }
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = Math.max(1, Math.round(4 * scale));
    const t = canvas.getContext('2d');
    if (!t) continue;
    t.scale(scale, scale);
    const hollow = style.pattern === 'hollow-dots';
    tile(t, style.pattern, hollow ? ink.muted : ink.dark ? '#16181c' : '#ffffff');
    out.set(code, ctx.createPattern(canvas, 'repeat'));
  }
  return out;
}

/** A block of `length` cells of `code` at (x, y), `height` high. */
function block(
  ctx: CanvasRenderingContext2D,
  code: PortCode,
  x: number,
  y: number,
  length: number,
  height: number,
  ink: MapInk,
  fills: Map<PortCode, CanvasPattern | null>,
): void {
  const width = length * CELL - 1;
  const style = CODE_STYLES[code];
  if (style.pattern === 'hollow' || style.pattern === 'hollow-dots') {
    ctx.strokeStyle = ink.muted;
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, width - 1, height - 1);
  } else {
    ctx.fillStyle = (ink.dark ? DARK : LIGHT)[code];
    ctx.fillRect(x, y, width, height);
  }
  const pattern = fills.get(code);
  if (pattern) {
    ctx.fillStyle = pattern;
    ctx.fillRect(x, y, width, height);
  }
}

/** Draws the map of `geometry` on `canvas`, sharp at `scale` (devicePixelRatio). */
export function drawMap(canvas: HTMLCanvasElement, geometry: MapGeometry, ink: MapInk, scale: number): void {
  canvas.width = Math.round(geometry.width * scale);
  canvas.height = Math.round(geometry.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.clearRect(0, 0, geometry.width, geometry.height);
  const fills = patterns(ctx, ink, scale);
  ctx.textBaseline = 'middle';
  ctx.fillStyle = ink.text;
  ctx.font = '600 12px system-ui, sans-serif';
  for (const head of geometry.heads) ctx.fillText(head.text, 0, head.y + HEAD / 2);
  ctx.font = '11px system-ui, sans-serif';
  for (const row of geometry.rows) {
    ctx.fillStyle = ink.muted;
    ctx.fillText(row.label, 0, row.y + ROW / 2);
    for (const run of row.runs) block(ctx, run.code, LEFT + run.col * CELL, row.y, run.length, ROW, ink, fills);
  }
}

/** Draws the legend swatch of `code` (two cells) on `canvas`. */
export function drawSwatch(canvas: HTMLCanvasElement, code: PortCode, ink: MapInk, scale: number): void {
  canvas.width = Math.round(2 * CELL * scale);
  canvas.height = Math.round(ROW * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  block(ctx, code, 0, 0, 2, ROW, ink, patterns(ctx, ink, scale));
}

/** The theme's ink, read from `element` (its text colour) and `mutedElement` (a muted text). */
export function inkOf(element: Element, mutedElement: Element): MapInk {
  const text = getComputedStyle(element).color;
  const muted = getComputedStyle(mutedElement).color;
  // Light text means a dark background.
  const [r = 0, g = 0, b = 0] = (text.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return { dark: 0.299 * r + 0.587 * g + 0.114 * b > 128, text, muted };
}
