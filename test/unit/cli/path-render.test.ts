import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../main/bundle/report-html';
import { makeStyle, renderText } from '../../../main/cli/text-report';
import type { Report } from '../../../shared/report';
import { providerSummary } from '../../../shared/summary';
import { sampleReport } from '../../support/report';

/** A failed check behind an ISP box that also translates: the path section explains it. */
const report = (): Report => ({
  ...sampleReport({
    ports: [
      { port: 5060, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.2:5060', owner: null },
      { port: 9000, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.2:9000', owner: null },
    ],
  }),
  path: {
    hops: [
      { ttl: 1, address: '192.0.2.1' },
      { ttl: 2, address: '198.51.100.1' },
      { ttl: 3, address: null },
    ],
    router: { externalAddress: '198.51.100.2', protocol: 'nat-pmp', mappings: [], answered: ['nat-pmp'] },
    mapping: 'endpoint-independent',
    findings: [{ code: 'DOUBLE_NAT', text: 'double NAT', values: { address: '198.51.100.1' } }],
  } as Report['path'],
});

describe('the path to the internet in the text report and report.html', () => {
  it.each(['en', 'fr'] as const)(
    'shows the finding with its steps, the hops, the router and the mapping (%s)',
    (lang) => {
      const text = renderText(report(), lang, makeStyle(false));
      const html = renderReportHtml(report(), lang, null);
      for (const out of [text, html]) {
        expect(out).toContain('[DOUBLE_NAT]');
        expect(out).toContain('198.51.100.1');
        expect(out).toContain('NAT-PMP');
        expect(out).toContain('198.51.100.2');
      }
      expect(text).toMatch(lang === 'en' ? /double NAT/ : /double NAT|deux routeurs/i);
      expect(text).toMatch(/^\s+1\s+192\.0\.2\.1$/m);
      // The verdict points to the finding that explains the failures.
      expect(text.split('\n').slice(0, 12).join(' ').replace(/\s+/g, ' ')).toMatch(
        lang === 'en' ? /path to the internet/i : /chemin vers internet/i,
      );
    },
  );

  it('has no path section when the path step did not run', () => {
    const plain = sampleReport();
    expect(renderText(plain, 'en', makeStyle(false))).not.toMatch(/path to the internet/i);
    expect(renderReportHtml(plain, 'en', null)).not.toMatch(/\[DOUBLE_NAT\]/);
  });
});

describe('the summary for the provider', () => {
  it('names the path finding with its code', () => {
    const text = providerSummary(report(), 'en');
    expect(text).toMatch(/^Notes:$/m);
    expect(text).toMatch(/198\.51\.100\.1.*\[DOUBLE_NAT\]/);
  });
});
