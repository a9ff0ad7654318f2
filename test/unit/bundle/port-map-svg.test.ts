import { describe, expect, it } from 'vitest';
import { renderPortMapSvg } from '../../../main/bundle/port-map-svg';
import { PORT_CODES, type PortCode } from '../../../shared/codes';
import { CODE_STYLES } from '../../../shared/port-map';
import { parsePortSpec } from '../../../shared/ports';

const results = (spec: string, codeOf: (port: number) => PortCode = () => 'PASS') =>
  parsePortSpec(spec).map((port) => ({ port, code: codeOf(port) }));

const failing = (port: number): PortCode =>
  port === 5060 ? 'PORT_IN_USE' : port >= 9050 && port <= 9059 ? 'INBOUND_NO_RESPONSE' : 'PASS';

describe('the port map in report.html', () => {
  it('is an image labelled by its title and a description of every range, for screen readers', () => {
    const svg = renderPortMapSvg(results('5060,5090,9000-9199', failing), 'en', 'map-a');
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="map-a-title map-a-desc"/);
    expect(svg).toContain('<title id="map-a-title">Port map</title>');
    const desc = /<desc id="map-a-desc">([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';
    expect(desc.split('\n')).toEqual([
      'Port map of 202 UDP ports, in rows of 100.',
      'SIP 5060: 5060 held by another program [PORT_IN_USE]',
      'Tunnel 5090: 5090 forwarded one-to-one [PASS]',
      'Media 9000–9199: 9050–9059 no forward (packets from outside do not get in) [INBOUND_NO_RESPONSE]; 9000–9049, 9060–9199 forwarded one-to-one [PASS]',
    ]);
  });

  it('speaks French when the report does', () => {
    const svg = renderPortMapSvg(results('9000-9009'), 'fr');
    expect(svg).toContain('>Carte des ports</title>');
    expect(svg).toContain('Média 9000–9009');
  });

  it('draws each failure with its own pattern over its colour, so it reads in black and white', () => {
    const all = PORT_CODES.map((code, i) => ({ port: 9000 + i * 2, code }));
    const svg = renderPortMapSvg(all, 'en', 'm');
    const blocks = [...svg.matchAll(/<g><title>(\d+): [^[]*\[(\w+)\]<\/title>(.*?)<\/g>/g)];
    expect(blocks.map((b) => b[2])).toEqual(PORT_CODES);
    const looks = blocks.map(([, , code, shapes]) => {
      const pattern = /fill="url\(#m-([\w-]+)\)"/.exec(shapes!)?.[1] ?? '';
      const hollow = shapes!.includes('pm-hollow');
      expect(shapes).toContain(`class="${CODE_STYLES[code as PortCode].cls}`);
      return `${pattern}${hollow ? '+outline' : ''}`;
    });
    // Without colour, every code still looks different from every other.
    expect(new Set(looks).size).toBe(PORT_CODES.length);
    for (const look of looks) {
      const pattern = look.replace('+outline', '');
      if (pattern) expect(svg).toContain(`<pattern id="m-${pattern}"`);
    }
  });

  it('shows each block’s ports and result on hover, with no script or external resource', () => {
    const svg = renderPortMapSvg(results('9000-9099', failing), 'en');
    expect(svg).toContain(
      '<title>9050–9059: no forward (packets from outside do not get in) [INBOUND_NO_RESPONSE]</title>',
    );
    expect(svg).not.toMatch(/<script|on\w+=|href=|@import|url\((?!#)/i);
  });

  it('draws a block per run of equal results, not a shape per port', () => {
    const svg = renderPortMapSvg(results('9000-10999'), 'en');
    expect(svg.match(/<g>/g)).toHaveLength(20 + 1); // 20 rows of one run, and the legend's swatch
  });
});
