/**
 * Where the window's port map puts things: the shared layout (shared/port-map.ts) placed on a
 * canvas in its own units (a cell 8 wide, a row 12 high, section titles between), and the two
 * questions the map asks while someone uses it: which port is under this point (hover, click),
 * and which port comes next in this direction (keyboard). Both answer from the runs of one row,
 * never from a list of every port, so a map of 65,535 ports costs what one of 100 does.
 */
import type { PortCode } from '../../../shared/codes';
import { PORT_MAP_COLUMNS, type PortMapLayout, type PortMapRun } from '../../../shared/port-map';

/** Width of a cell, in canvas units. */
export const CELL = 8;
/** Height of a row of cells. */
export const ROW = 12;
/** Space between rows. */
export const GAP = 3;
/** Width of the row labels at the left (`10900–10999`). */
export const LEFT = 84;
/** Height of a section's title line. */
export const HEAD = 20;
/** Width of the whole map. */
export const MAP_WIDTH = LEFT + PORT_MAP_COLUMNS * CELL;

/** A row of cells where it is drawn. */
export interface PlacedRow {
  y: number;
  label: string;
  runs: PortMapRun[];
}

/** The map placed: section titles, rows, the height it needs. */
export interface MapGeometry {
  width: number;
  height: number;
  heads: { text: string; y: number }[];
  rows: PlacedRow[];
}

/** One cell: the row it sits in (index into rows), its column, its port and code. */
export interface MapCell {
  row: number;
  col: number;
  port: number;
  code: PortCode;
}

/** Places `layout` on the canvas, sections one under the other. */
export function placeMap(layout: PortMapLayout): MapGeometry {
  const heads: MapGeometry['heads'] = [];
  const rows: PlacedRow[] = [];
  let y = 0;
  for (const section of layout.sections) {
    heads.push({ text: `${section.title} ${section.ports}`, y });
    y += HEAD;
    for (const row of section.rows) {
      rows.push({ y, label: row.label, runs: row.runs });
      y += ROW + GAP;
    }
    y += 6;
  }
  return { width: MAP_WIDTH, height: Math.max(y, 1), heads, rows };
}

function cellIn(geometry: MapGeometry, row: number, col: number): MapCell | null {
  const runs = geometry.rows[row]?.runs ?? [];
  // Runs are in column order: binary search, a row of 100 alternating codes is 100 runs.
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const run = runs[mid]!;
    if (col < run.col) hi = mid - 1;
    else if (col >= run.col + run.length) lo = mid + 1;
    else return { row, col, port: run.from + (col - run.col), code: run.code };
  }
  return null;
}

/** The cell at (x, y) in canvas units, or null between cells, labels and titles. */
export function cellAt(geometry: MapGeometry, x: number, y: number): MapCell | null {
  if (x < LEFT || x >= LEFT + PORT_MAP_COLUMNS * CELL) return null;
  const { rows } = geometry;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const top = rows[mid]!.y;
    if (y < top) hi = mid - 1;
    else if (y >= top + ROW) lo = mid + 1;
    else return cellIn(geometry, mid, Math.floor((x - LEFT) / CELL));
  }
  return null;
}

/** The cell of `port`, or null when it is not on the map. */
export function cellOfPort(geometry: MapGeometry, port: number): MapCell | null {
  for (let row = 0; row < geometry.rows.length; row++)
    for (const run of geometry.rows[row]!.runs)
      if (port >= run.from && port <= run.to) return { row, col: run.col + port - run.from, port, code: run.code };
  return null;
}

const first = (g: MapGeometry, row: number): MapCell | null => {
  const run = g.rows[row]?.runs[0];
  return run ? cellIn(g, row, run.col) : null;
};
const last = (g: MapGeometry, row: number): MapCell | null => {
  const runs = g.rows[row]?.runs ?? [];
  const run = runs[runs.length - 1];
  return run ? cellIn(g, row, run.col + run.length - 1) : null;
};

/** The cell of `row` nearest to column `col` (rows can have gaps where ports were not checked). */
function nearest(g: MapGeometry, row: number, col: number): MapCell | null {
  let best: { col: number; distance: number } | null = null;
  for (const run of g.rows[row]?.runs ?? []) {
    const c = Math.min(Math.max(col, run.col), run.col + run.length - 1);
    const distance = Math.abs(c - col);
    if (!best || distance < best.distance) best = { col: c, distance };
  }
  return best ? cellIn(g, row, best.col) : null;
}

/** Keys the map moves with. */
export type MoveKey =
  | 'ArrowLeft'
  | 'ArrowRight'
  | 'ArrowUp'
  | 'ArrowDown'
  | 'Home'
  | 'End'
  | 'PageUp'
  | 'PageDown'
  | 'FirstCell'
  | 'LastCell';

/**
 * The cell a key moves to from `from` (null: the first cell): left and right go port by port
 * and wrap between rows, up and down keep the column, Home and End go to the row's ends, Page
 * Up and Down ten rows, FirstCell and LastCell (Ctrl+Home, Ctrl+End) to the ends of the map.
 */
export function move(geometry: MapGeometry, from: MapCell | null, key: MoveKey): MapCell | null {
  const rows = geometry.rows.length;
  if (rows === 0) return null;
  if (!from || key === 'FirstCell') return first(geometry, 0);
  if (key === 'LastCell') return last(geometry, rows - 1);
  const clampRow = (r: number) => Math.min(Math.max(r, 0), rows - 1);
  switch (key) {
    case 'ArrowRight': {
      const next = cellIn(geometry, from.row, from.col + 1) ?? nearestAfter(geometry, from);
      return next ?? (from.row + 1 < rows ? first(geometry, from.row + 1) : from);
    }
    case 'ArrowLeft': {
      const next = cellIn(geometry, from.row, from.col - 1) ?? nearestBefore(geometry, from);
      return next ?? (from.row > 0 ? last(geometry, from.row - 1) : from);
    }
    case 'ArrowDown':
      return nearest(geometry, clampRow(from.row + 1), from.col);
    case 'ArrowUp':
      return nearest(geometry, clampRow(from.row - 1), from.col);
    case 'PageDown':
      return nearest(geometry, clampRow(from.row + 10), from.col);
    case 'PageUp':
      return nearest(geometry, clampRow(from.row - 10), from.col);
    case 'Home':
      return first(geometry, from.row);
    case 'End':
      return last(geometry, from.row);
  }
}

function nearestAfter(g: MapGeometry, from: MapCell): MapCell | null {
  const run = g.rows[from.row]?.runs.find((r) => r.col > from.col);
  return run ? cellIn(g, from.row, run.col) : null;
}
function nearestBefore(g: MapGeometry, from: MapCell): MapCell | null {
  const run = g.rows[from.row]?.runs.findLast((r) => r.col + r.length - 1 < from.col);
  return run ? cellIn(g, from.row, run.col + run.length - 1) : null;
}

/** The MoveKey of a keyboard event, or null for keys the map does not take. */
export function moveKey(event: { key: string; ctrlKey: boolean; metaKey: boolean }): MoveKey | null {
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl && event.key === 'Home') return 'FirstCell';
  if (ctrl && event.key === 'End') return 'LastCell';
  const keys: readonly string[] = [
    'ArrowLeft',
    'ArrowRight',
    'ArrowUp',
    'ArrowDown',
    'Home',
    'End',
    'PageUp',
    'PageDown',
  ];
  return keys.includes(event.key) ? (event.key as MoveKey) : null;
}
