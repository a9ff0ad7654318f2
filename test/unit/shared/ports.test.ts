import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PORT_SPEC,
  expandRanges,
  foldRanges,
  formatPortSpec,
  formatRanges,
  MAX_PORT_ITEMS,
  MAX_PORT_SPEC_LENGTH,
  MAX_PORTS,
  parsePortRanges,
  parsePortSpec,
  PortSpecError,
} from '../../../shared/ports';

describe('parsePortSpec', () => {
  it('parses the 3CX default into 2,002 sorted ports', () => {
    const ports = parsePortSpec(DEFAULT_PORT_SPEC);
    expect(ports).toHaveLength(2002);
    expect(ports.slice(0, 4)).toEqual([5060, 5090, 9000, 9001]);
    expect(ports.at(-1)).toBe(10999);
  });

  it.each<[string, number[]]>([
    ['5060', [5060]],
    ['9002,9000-9001', [9000, 9001, 9002]],
    [' 9002 ; 9000–9001, 9001 5060 ', [5060, 9000, 9001, 9002]], // spaces, semicolons, an en dash, a duplicate
    ['9000–9000', [9000]],
    ['1,65535', [1, 65535]],
    ['10,,20', [10, 20]],
    ['00080', [80]],
  ])('reads %j', (spec, ports) => {
    expect(parsePortSpec(spec)).toEqual(ports);
  });

  it('accepts spaces around the range dash, as vendor documents write ranges ("9000 – 10999")', () => {
    expect(parsePortSpec('9000 - 9002')).toEqual([9000, 9001, 9002]);
    expect(parsePortSpec('5060, 9000 – 9002')).toEqual([5060, 9000, 9001, 9002]);
  });

  it('refuses a range with two dashes, quoting what it could not read', () => {
    expect(() => parsePortSpec('9000-9010-9020')).toThrow(PortSpecError);
    expect(() => parsePortSpec('9000-9010-9020')).toThrow(/^"[^"]*9020" is not a port or a range like 9000-10999$/);
  });

  it('takes the whole port space', () => {
    const ports = parsePortSpec('1-65535');
    expect(ports).toHaveLength(MAX_PORTS);
    expect(ports[0]).toBe(1);
    expect(ports.at(-1)).toBe(65535);
  });

  it('removes duplicates from overlapping ranges', () => {
    expect(parsePortSpec('9000-9005,9003-9008,9004')).toEqual([9000, 9001, 9002, 9003, 9004, 9005, 9006, 9007, 9008]);
  });

  it.each<[string, string, RegExp]>([
    ['', '', /^the port list is empty$/],
    ['   ', '   ', /^the port list is empty$/],
    [' , ;', ' , ;', /^the port list is empty$/],
    ['abc', 'abc', /^"abc" is not a port or a range like 9000-10999$/],
    ['9000-', '9000-', /^"9000-" is not a port/],
    ['-9000', '-9000', /^"-9000" is not a port/],
    ['5060,9000-x', '9000-x', /^"9000-x" is not a port/],
    ['5060.5', '5060.5', /^"5060\.5" is not a port/],
    ['123456', '123456', /is not a port/],
    ['0', '0', /^port 0 in "0" is outside 1–65535$/],
    ['65536', '65536', /^port 65536 in "65536" is outside 1–65535$/],
    ['5060,9000-70000', '9000-70000', /^port 70000 in "9000-70000" is outside 1–65535$/],
    ['10999-9000', '10999-9000', /^the range "10999-9000" runs backwards$/],
    ['5060, 9010–9000', '9010–9000', /^the range "9010–9000" runs backwards$/],
  ])('refuses %j, naming the bad part', (spec, part, message) => {
    let error: unknown;
    try {
      parsePortSpec(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PortSpecError);
    const e = error as PortSpecError;
    expect(e.message).toMatch(message);
    expect(e.part).toBe(part);
    expect(e.code).toBe('BAD_PORT_SPEC');
    expect(e.name).toBe('PortSpecError');
  });
});

describe('the bounds of a port list', () => {
  it(`takes ${MAX_PORT_ITEMS} items and refuses one more, saying how to shorten the list`, () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => String(1000 + 2 * i)).join(',');
    expect(parsePortRanges(items(MAX_PORT_ITEMS))).toHaveLength(MAX_PORT_ITEMS);
    expect(() => parsePortRanges(items(MAX_PORT_ITEMS + 1))).toThrow(
      `the port list has more than ${MAX_PORT_ITEMS} ports or ranges; write neighbouring ports as one range like 9000-10999`,
    );
  });

  it(`refuses a list longer than ${MAX_PORT_SPEC_LENGTH} characters before reading it`, () => {
    expect(parsePortSpec(`${' '.repeat(MAX_PORT_SPEC_LENGTH - 4)}5060`)).toEqual([5060]);
    expect(() => parsePortSpec(`${' '.repeat(MAX_PORT_SPEC_LENGTH - 3)}5060`)).toThrow(
      `the port list is ${MAX_PORT_SPEC_LENGTH + 1} characters long; at most ${MAX_PORT_SPEC_LENGTH} are accepted`,
    );
  });

  it('merges overlapping and adjacent items into ascending ranges', () => {
    expect(parsePortRanges('9004, 9000-9005,9003-9008;5060 9009-9010,1-2,3')).toEqual([
      { from: 1, to: 3 },
      { from: 5060, to: 5060 },
      { from: 9000, to: 9010 },
    ]);
  });

  it('reads the widest list it accepts in milliseconds (was: over a second, port by port)', () => {
    const widest = Array.from({ length: MAX_PORT_ITEMS }, () => '1-65535').join(',');
    const started = performance.now();
    expect(parsePortRanges(widest)).toEqual([{ from: 1, to: 65535 }]);
    expect(parsePortSpec(widest)).toHaveLength(MAX_PORTS);
    // Generous for a slow CI machine; expanding every item used to take 300–400 ms here.
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('writes ranges back in the canonical notation, which parses to the same ranges', () => {
    const ranges = parsePortRanges(' 9000 – 10999 ; 5060, 5090 ');
    expect(formatPortSpec(ranges)).toBe('5060,5090,9000-10999');
    expect(parsePortRanges(formatPortSpec(ranges))).toEqual(ranges);
    expect(expandRanges(ranges)).toEqual(parsePortSpec(DEFAULT_PORT_SPEC));
  });
});

describe('foldRanges and formatRanges', () => {
  it('folds ports into ascending ranges of consecutive ports', () => {
    expect(foldRanges([9002, 5060, 9000, 9001, 9004])).toEqual([
      { from: 5060, to: 5060 },
      { from: 9000, to: 9002 },
      { from: 9004, to: 9004 },
    ]);
  });

  it('ignores duplicates and accepts any iterable', () => {
    expect(foldRanges(new Set([3, 1, 2]))).toEqual([{ from: 1, to: 3 }]);
    expect(foldRanges([7, 7, 8, 8])).toEqual([{ from: 7, to: 8 }]);
    expect(foldRanges([])).toEqual([]);
  });

  it('writes ranges with an en dash, separated by commas', () => {
    expect(formatRanges(foldRanges([9002, 5060, 9000, 9001, 9004]))).toBe('5060, 9000–9002, 9004');
    expect(formatRanges([])).toBe('');
  });

  it('round-trips through parsePortSpec', () => {
    const ports = parsePortSpec('5060,5090,9000-10999,12000-12001,20000');
    expect(parsePortSpec(formatRanges(foldRanges(ports)))).toEqual(ports);
  });
});
