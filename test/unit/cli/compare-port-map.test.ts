import { describe, expect, it } from 'vitest';
import { PORT_MAP_MIN_WIDTH, renderPortMapLines } from '../../../main/cli/port-map-text';
import { makeStyle } from '../../../main/cli/text-report';
import type { PortCode } from '../../../shared/codes';
import { parsePortSpec } from '../../../shared/ports';

const results = (spec: string, codeOf: (port: number) => PortCode = () => 'PASS') =>
  parsePortSpec(spec).map((port) => ({ port, code: codeOf(port) }));
const codeOf = (port: number): PortCode =>
  port === 5060 ? 'PORT_IN_USE' : port >= 9050 && port <= 9059 ? 'INBOUND_NO_RESPONSE' : 'PASS';

describe('the port map in the terminal', () => {
  it('draws one line per hundred ports, one symbol per port, under a legend', () => {
    const lines = renderPortMapLines(results('5060,5090,9000-9199', codeOf), 'en', makeStyle(false), 120);
    expect(lines).toEqual([
      '  # held by another program  ░ no forward (packets from outside do not get in)  █ forwarded one-to-one',
      '',
      '  SIP 5060    #',
      '  Tunnel 5090 █',
      '  Media 9000–9199',
      `  9000–9099   ${'█'.repeat(50)}${'░'.repeat(10)}${'█'.repeat(40)}`,
      `  9100–9199   ${'█'.repeat(100)}`,
    ]);
  });

  it('leaves gaps where ports were not checked', () => {
    const lines = renderPortMapLines(results('9000-9009,9020-9029'), 'en', makeStyle(false), 120);
    expect(lines.at(-1)).toBe(`  9000–9029   ${'█'.repeat(10)}${' '.repeat(10)}${'█'.repeat(10)}`);
  });

  it('draws nothing when stdout is not a terminal or is too narrow for a row', () => {
    expect(renderPortMapLines(results('9000-9099'), 'en', makeStyle(false), undefined)).toEqual([]);
    expect(renderPortMapLines(results('9000-9099'), 'en', makeStyle(false), PORT_MAP_MIN_WIDTH - 1)).toEqual([]);
    expect(renderPortMapLines(results('9000-9099'), 'en', makeStyle(false), PORT_MAP_MIN_WIDTH)).not.toEqual([]);
  });

  it('colours passes green and failures red when colour is on, keeping the symbols', () => {
    const lines = renderPortMapLines(
      results('9000-9001', (p) => (p === 9000 ? 'PASS' : 'INBOUND_NO_RESPONSE')),
      'fr',
      makeStyle(true),
      120,
    );
    expect(lines.at(-1)).toBe('  9000–9001   \x1b[32m█\x1b[39m\x1b[31m░\x1b[39m');
    expect(lines[0]).toContain('redirigé un pour un');
  });

  it('wraps the legend, never the map, at the terminal’s width', () => {
    const every = results(
      '9000-9008',
      (p) =>
        (
          [
            'PASS',
            'PORT_TRANSLATED',
            'INBOUND_NO_RESPONSE',
            'OUTBOUND_NO_RESPONSE',
            'PORT_IN_USE',
            'PUBLIC_IP_MISMATCH',
            'MALFORMED_RESPONSE',
            'NOT_TESTED',
            'SCAN_BLOCKED',
          ] as const
        )[p - 9000]!,
    );
    const lines = renderPortMapLines(every, 'en', makeStyle(false), PORT_MAP_MIN_WIDTH);
    const legend = lines.slice(0, lines.indexOf(''));
    expect(legend.length).toBeGreaterThan(1);
    for (const line of legend) expect(line.length).toBeLessThanOrEqual(PORT_MAP_MIN_WIDTH);
  });
});
