import { describe, expect, it } from 'vitest';
import { foldByCode } from '../../../shared/fold';
import { DEFAULT_PORT_SPEC, foldRanges, formatRanges, parsePortSpec, PortSpecError } from '../../../shared/ports';

describe('port lists', () => {
  it('parses the 3CX default into 2,002 sorted ports', () => {
    const ports = parsePortSpec(DEFAULT_PORT_SPEC);
    expect(ports).toHaveLength(2002);
    expect(ports.slice(0, 3)).toEqual([5060, 5090, 9000]);
    expect(ports[ports.length - 1]).toBe(10999);
  });

  it('accepts spaces, semicolons, en dashes and duplicates', () => {
    expect(parsePortSpec(' 9002 ; 9000–9001, 9001 5060')).toEqual([5060, 9000, 9001, 9002]);
  });

  it.each([
    ['', /empty/],
    [' , ', /empty/],
    ['abc', /"abc" is not a port/],
    ['9000-', /"9000-" is not a port/],
    ['0', /port 0 .* outside 1–65535/],
    ['65536', /outside 1–65535/],
    ['10999-9000', /"10999-9000" runs backwards/],
    ['5060,9000-x', /"9000-x"/],
  ])('refuses %j with a message naming the bad part', (spec, message) => {
    expect(() => parsePortSpec(spec)).toThrow(PortSpecError);
    expect(() => parsePortSpec(spec)).toThrow(message);
  });

  it('folds ports into ranges and formats them with an en dash', () => {
    const ranges = foldRanges([9002, 5060, 9000, 9001, 9004]);
    expect(ranges).toEqual([
      { from: 5060, to: 5060 },
      { from: 9000, to: 9002 },
      { from: 9004, to: 9004 },
    ]);
    expect(formatRanges(ranges)).toBe('5060, 9000–9002, 9004');
  });

  it('groups results by code, worst first and passes last', () => {
    const groups = foldByCode([
      { port: 9000, code: 'PASS' },
      { port: 9001, code: 'INBOUND_NO_RESPONSE' },
      { port: 9002, code: 'INBOUND_NO_RESPONSE' },
      { port: 5060, code: 'PORT_IN_USE' },
      { port: 9003, code: 'PASS' },
    ]);
    expect(groups.map((g) => [g.code, g.label, g.count])).toEqual([
      ['PORT_IN_USE', '5060', 1],
      ['INBOUND_NO_RESPONSE', '9001–9002', 2],
      ['PASS', '9000, 9003', 2],
    ]);
  });
});
