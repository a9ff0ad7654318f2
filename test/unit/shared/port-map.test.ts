import { describe, expect, it } from 'vitest';
import { PORT_CODES, type PortCode } from '../../../shared/codes';
import { CODE_STYLES, layoutPortMap, portMapText, sectionOf } from '../../../shared/port-map';
import { parsePortSpec } from '../../../shared/ports';

const results = (spec: string, codeOf: (port: number) => PortCode = () => 'PASS') =>
  parsePortSpec(spec).map((port) => ({ port, code: codeOf(port) }));

describe('port map layout', () => {
  it('gives every code its own pattern, symbol and colour class, so it reads without colour', () => {
    const styles = PORT_CODES.map((code) => CODE_STYLES[code]);
    for (const key of ['pattern', 'symbol', 'cls'] as const)
      expect(new Set(styles.map((s) => s[key])).size).toBe(PORT_CODES.length);
    for (const style of styles) expect([...style.symbol]).toHaveLength(1);
  });

  it('labels the 3CX groups and lays the media range out in rows of 100 aligned on hundreds', () => {
    const layout = layoutPortMap(results('5060,5090,9000-10999'), 'en');
    expect(layout.sections.map((s) => [s.title, s.ports, s.count, s.rows.length])).toEqual([
      ['SIP', '5060', 1, 1],
      ['Tunnel', '5090', 1, 1],
      ['Media', '9000–10999', 2000, 20],
    ]);
    expect(layout.sections[2]!.rows[0]).toMatchObject({ base: 9000, label: '9000–9099' });
    expect(layout.sections[2]!.rows[0]!.runs).toEqual([{ code: 'PASS', col: 0, length: 100, from: 9000, to: 9099 }]);
    expect(layoutPortMap(results('9000'), 'fr').sections[0]!.title).toBe('Média');
  });

  it('splits a row into runs where the code changes or ports are missing', () => {
    const codeOf = (port: number): PortCode => (port >= 9050 && port <= 9059 ? 'INBOUND_NO_RESPONSE' : 'PASS');
    const row = layoutPortMap(results('9010-9069,9080-9120', codeOf), 'en').sections[0]!.rows[0]!;
    expect(row.runs.map((r) => [r.code, r.col, r.length])).toEqual([
      ['PASS', 10, 40],
      ['INBOUND_NO_RESPONSE', 50, 10],
      ['PASS', 60, 10],
      ['PASS', 80, 20],
    ]);
    expect(row.label).toBe('9010–9099');
  });

  it('puts ports outside the 3CX groups in a section of their own, last', () => {
    const layout = layoutPortMap(results('3478,5060,40000-40001'), 'en');
    expect(layout.sections.map((s) => [s.section, s.ports])).toEqual([
      ['sip', '5060'],
      ['other', '3478, 40000–40001'],
    ]);
    expect(sectionOf(10999)).toBe('media');
    expect(sectionOf(11000)).toBe('other');
  });

  it('lists the codes present in the legend, worst first, with their counts', () => {
    const codeOf = (port: number): PortCode => (port === 5060 ? 'PORT_IN_USE' : port === 9001 ? 'NOT_TESTED' : 'PASS');
    expect(layoutPortMap(results('5060,9000-9009', codeOf), 'en').legend.map((l) => [l.code, l.count])).toEqual([
      ['PORT_IN_USE', 1],
      ['NOT_TESTED', 1],
      ['PASS', 9],
    ]);
  });
});

describe('the port map in words', () => {
  it('says each section’s ranges per code, joining runs across rows', () => {
    const codeOf = (port: number): PortCode => (port >= 9090 && port <= 9109 ? 'INBOUND_NO_RESPONSE' : 'PASS');
    expect(portMapText(layoutPortMap(results('5060,9000-9199', codeOf), 'en'))).toEqual([
      'Port map of 201 UDP ports, in rows of 100.',
      'SIP 5060: 5060 forwarded one-to-one [PASS]',
      'Media 9000–9199: 9090–9109 no forward (packets from outside do not get in) [INBOUND_NO_RESPONSE]; 9000–9089, 9110–9199 forwarded one-to-one [PASS]',
    ]);
  });

  it('lays out the whole port space, one row per hundred', () => {
    const layout = layoutPortMap(
      results('1-65535', (p) => (p % 7 ? 'PASS' : 'INBOUND_NO_RESPONSE')),
      'en',
    );
    expect(layout.total).toBe(65535);
    expect(layout.sections.reduce((n, s) => n + s.rows.length, 0)).toBe(656 + 2); // 5060 and 5090 sit in sections of their own
  });
});

describe('the SIP and tunnel sections', () => {
  it('start at the left edge, not at the port’s column in its hundred', () => {
    const layout = layoutPortMap(results('5060,5090'), 'en');
    expect(layout.sections.map((s) => s.rows[0]!.runs[0]!.col)).toEqual([0, 0]);
  });
});
