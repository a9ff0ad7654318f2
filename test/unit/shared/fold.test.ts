import { describe, expect, it } from 'vitest';
import { PORT_CODES, type PortCode } from '../../../shared/codes';
import { DISPLAY_ORDER, foldByCode } from '../../../shared/fold';

describe('foldByCode', () => {
  it('groups results by code, worst first and passes last, each folded into ranges', () => {
    const groups = foldByCode([
      { port: 9000, code: 'PASS' },
      { port: 9001, code: 'INBOUND_NO_RESPONSE' },
      { port: 9002, code: 'INBOUND_NO_RESPONSE' },
      { port: 5060, code: 'PORT_IN_USE' },
      { port: 9003, code: 'PASS' },
      { port: 9005, code: 'NOT_TESTED' },
      { port: 9004, code: 'PORT_TRANSLATED' },
    ]);
    expect(groups).toEqual([
      { code: 'PORT_IN_USE', ranges: [{ from: 5060, to: 5060 }], count: 1, label: '5060' },
      { code: 'PORT_TRANSLATED', ranges: [{ from: 9004, to: 9004 }], count: 1, label: '9004' },
      { code: 'INBOUND_NO_RESPONSE', ranges: [{ from: 9001, to: 9002 }], count: 2, label: '9001–9002' },
      { code: 'NOT_TESTED', ranges: [{ from: 9005, to: 9005 }], count: 1, label: '9005' },
      {
        code: 'PASS',
        ranges: [
          { from: 9000, to: 9000 },
          { from: 9003, to: 9003 },
        ],
        count: 2,
        label: '9000, 9003',
      },
    ]);
  });

  it('orders every code: the display order is a permutation of the port codes', () => {
    expect([...DISPLAY_ORDER].sort()).toEqual([...PORT_CODES].sort());
    const results = PORT_CODES.map((code, i) => ({ port: 1000 + i, code }));
    expect(foldByCode(results).map((g) => g.code)).toEqual(DISPLAY_ORDER);
  });

  it('folds 2,000 ports with one code into one range', () => {
    const results = Array.from({ length: 2000 }, (_, i) => ({ port: 9000 + i, code: 'PASS' as PortCode }));
    expect(foldByCode(results)).toEqual([
      { code: 'PASS', ranges: [{ from: 9000, to: 10999 }], count: 2000, label: '9000–10999' },
    ]);
  });

  it('gives nothing for no results', () => {
    expect(foldByCode([])).toEqual([]);
  });
});
