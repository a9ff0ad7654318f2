import { describe, expect, it } from 'vitest';
import type { PortCode } from '../../shared/codes';
import { layoutPortMap } from '../../shared/port-map';
import {
  CELL,
  cellAt,
  cellOfPort,
  HEAD,
  LEFT,
  move,
  moveKey,
  placeMap,
  ROW,
  type MapCell,
} from '../../renderer/src/lib/port-map-geometry';

const results = (from: number, to: number, code: (port: number) => PortCode = () => 'PASS') =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ port: from + i, code: code(from + i) }));

/** The 3CX profile: SIP 5060, tunnel 5090, media 9000–10999 with 9050–9059 failing. */
const profile = [
  ...results(5060, 5060),
  ...results(5090, 5090),
  ...results(9000, 10999, (p) => (p >= 9050 && p < 9060 ? 'INBOUND_NO_RESPONSE' : 'PASS')),
];
const geometry = placeMap(layoutPortMap(profile, 'en'));
const centre = (cell: { row: number; col: number }) => ({
  x: LEFT + cell.col * CELL + CELL / 2,
  y: geometry.rows[cell.row]!.y + ROW / 2,
});

describe('the port map’s geometry', () => {
  it('places the 3CX sections one under the other, SIP and tunnel at the left edge', () => {
    expect(geometry.heads.map((h) => h.text)).toEqual(['SIP 5060', 'Tunnel 5090', 'Media 9000–10999']);
    expect(geometry.rows).toHaveLength(1 + 1 + 20);
    expect(geometry.rows[0]!.y).toBe(HEAD);
    expect(cellAt(geometry, LEFT + 1, HEAD + 1)).toEqual({ row: 0, col: 0, port: 5060, code: 'PASS' });
    expect(cellOfPort(geometry, 5090)).toEqual({ row: 1, col: 0, port: 5090, code: 'PASS' });
  });

  it('finds the port under a point, and none between rows, in the labels or past the last cell', () => {
    const failing = cellOfPort(geometry, 9055)!;
    expect(failing).toEqual({ row: 2, col: 55, port: 9055, code: 'INBOUND_NO_RESPONSE' });
    const { x, y } = centre(failing);
    expect(cellAt(geometry, x, y)).toEqual(failing);
    expect(cellAt(geometry, x, geometry.rows[2]!.y + ROW + 1)).toBeNull(); // the gap under the row
    expect(cellAt(geometry, LEFT - 1, y)).toBeNull(); // the row label
    expect(cellAt(geometry, LEFT + 1, 1)).toBeNull(); // the section title
    expect(cellAt(geometry, LEFT + 1 * CELL + 1, HEAD + 1)).toBeNull(); // SIP has one cell only
    expect(cellOfPort(geometry, 8999)).toBeNull();
  });

  it('hits every one of 10,000 ports at its own cell', () => {
    const big = placeMap(
      layoutPortMap(
        results(20000, 29999, (p) => (p % 7 ? 'PASS' : 'NOT_TESTED')),
        'en',
      ),
    );
    for (let port = 20000; port < 30000; port += 1) {
      const cell = cellOfPort(big, port)!;
      const hit = cellAt(big, LEFT + cell.col * CELL + 1, big.rows[cell.row]!.y + 1);
      if (hit?.port !== port) throw new Error(`port ${port}: hit ${hit?.port}`);
    }
  });

  it('moves with the keyboard: across rows, down the column, to the ends', () => {
    let cell: MapCell | null = move(geometry, null, 'ArrowRight');
    expect(cell?.port).toBe(5060); // first focus: the first cell
    cell = move(geometry, cell, 'ArrowRight');
    expect(cell?.port).toBe(5090); // SIP's only cell, on to the tunnel's row
    cell = move(geometry, cell, 'ArrowDown');
    expect(cell?.port).toBe(9000);
    cell = move(geometry, cell, 'End');
    expect(cell?.port).toBe(9099);
    cell = move(geometry, cell, 'ArrowRight');
    expect(cell?.port).toBe(9100);
    cell = move(geometry, cell, 'ArrowLeft');
    expect(cell?.port).toBe(9099);
    cell = move(geometry, cell, 'PageDown');
    expect(cell?.port).toBe(10099);
    cell = move(geometry, cell, 'PageDown');
    expect(cell?.port).toBe(10999); // clamped to the last row
    expect(move(geometry, cell, 'ArrowRight')?.port).toBe(10999); // the last cell stays
    expect(move(geometry, cell, 'FirstCell')?.port).toBe(5060);
    expect(move(geometry, { row: 2, col: 50, port: 9050, code: 'PASS' }, 'ArrowUp')?.port).toBe(5090); // nearest cell
    expect(move(geometry, { row: 0, col: 0, port: 5060, code: 'PASS' }, 'LastCell')?.port).toBe(10999);
    expect(move(placeMap(layoutPortMap([], 'en')), null, 'ArrowDown')).toBeNull();
  });

  it('skips the ports that were not checked in a row', () => {
    const gappy = placeMap(layoutPortMap([...results(9000, 9009), ...results(9090, 9099)], 'en'));
    expect(move(gappy, cellOfPort(gappy, 9009), 'ArrowRight')?.port).toBe(9090);
    expect(move(gappy, cellOfPort(gappy, 9090), 'ArrowLeft')?.port).toBe(9009);
  });

  it('takes arrows, Home, End, Page Up/Down and Ctrl+Home/End, nothing else', () => {
    const key = (k: string, ctrl = false) => moveKey({ key: k, ctrlKey: ctrl, metaKey: false });
    expect(key('ArrowUp')).toBe('ArrowUp');
    expect(key('Home', true)).toBe('FirstCell');
    expect(key('End', true)).toBe('LastCell');
    expect(key('PageDown')).toBe('PageDown');
    expect(key('a')).toBeNull();
    expect(key('Tab')).toBeNull();
  });
});
