import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../main/bundle/report-html';
import { makeStyle, renderText } from '../../../main/cli/text-report';
import { logRun } from '../../../main/logging';
import { compareReports } from '../../../shared/compare';
import type { PortResult, Report } from '../../../shared/report';
import { ReportSchema } from '../../../shared/report-schema';
import { providerSummary } from '../../../shared/summary';
import { buildReportView } from '../../../shared/view';
import * as v from 'valibot';
import { sampleReport } from '../../support/report';

const udp = (port: number): PortResult => ({
  port,
  protocol: 'udp',
  code: 'PASS',
  mapped: `203.0.113.2:${port}`,
  owner: null,
});
const tcp = (port: number, code: PortResult['code'], detail?: string): PortResult => ({
  port,
  protocol: 'tcp',
  code,
  mapped: null,
  owner: null,
  ...(detail ? { detail } : {}),
});

function oursReport(): Report {
  return sampleReport({
    code: 'SOME_FAILED',
    ports: [udp(5060), udp(5090), tcp(5060, 'PASS'), tcp(5061, 'INBOUND_NO_RESPONSE', 'connection refused')],
    summary: { total: 4, passed: 3, failed: 1, notTested: 0 },
    sip: [
      {
        transport: 'udp',
        code: 'SIP_ALG_DETECTED',
        changed: ['Via', 'SDP c='],
        differences: [
          {
            field: 'Via',
            change: 'changed',
            sent: 'SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK1;rport',
            received: 'SIP/2.0/UDP 203.0.113.2:5060;branch=z9hG4bK1;rport',
          },
          { field: 'SDP c=', change: 'changed', sent: 'c=IN IP4 10.0.0.2', received: 'c=IN IP4 203.0.113.2' },
          { field: 'Record-Route', change: 'added', sent: null, received: '<sip:alg\u0007.lan;lr>' },
        ],
        local: '10.0.0.2:5060',
        source: '203.0.113.2:5060',
      },
      { transport: 'tcp', code: 'SIP_NO_RESPONSE', changed: [] },
    ],
  });
}

describe('the view of the SIP ALG and TCP forward tests', () => {
  it('is valid against the report schema (fields only added)', () => {
    expect(v.safeParse(ReportSchema, oursReport()).success).toBe(true);
  });

  it('keeps TCP entries out of the UDP groups and shows them, as TCP, in their own section', () => {
    const view = buildReportView(oursReport(), 'en');
    expect(view.groups.reduce((n, g) => n + g.count, 0)).toBe(2);
    expect(view.ours?.tcp.map((t) => `${t.label} ${t.code}`)).toEqual([
      'TCP 5060 PASS',
      'TCP 5061 INBOUND_NO_RESPONSE',
    ]);
    expect(view.ours?.tcpSteps.length).toBeGreaterThan(0);
    const [alg, silent] = view.ours!.sip;
    expect(alg).toMatchObject({ label: 'SIP over UDP', tone: 'fail', code: 'SIP_ALG_DETECTED' });
    expect(alg!.text).toContain('Via, SDP c=');
    expect(alg!.changes[0]).toBe(
      'Via changed: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK1;rport → SIP/2.0/UDP 203.0.113.2:5060;branch=z9hG4bK1;rport',
    );
    expect(alg!.changes[2]).toBe('Record-Route added: <sip:alg .lan;lr>'); // no control character shown
    expect(silent).toMatchObject({ label: 'SIP over TCP', code: 'SIP_NO_RESPONSE', changes: [], note: null });
    // ALG steps and no-answer steps, each once
    expect(view.ours!.sipSteps.join(' ')).toMatch(/Netgear.*FortiGate[\s\S]*outgoing SIP/);
  });

  it('speaks French', () => {
    const view = buildReportView(oursReport(), 'fr');
    expect(view.ours).toMatchObject({ heading: 'Réécriture du SIP par le routeur (SIP ALG) et redirections TCP' });
    expect(view.ours!.sip[0]!.label).toBe('SIP sur UDP');
    expect(view.ours!.sip[0]!.changes[0]).toMatch(/^Via modifié: /);
  });

  it('is absent from a report against anybody else’s server', () => {
    expect(buildReportView(sampleReport(), 'en').ours).toBeNull();
  });

  it('reaches the CLI text, report.html and the provider summary', () => {
    const text = renderText(oursReport(), 'en', makeStyle(false));
    expect(text).toMatch(/2 UDP ports|2 ports/);
    expect(text).toContain('✗ SIP over UDP: A SIP ALG rewrites your SIP messages [SIP_ALG_DETECTED]');
    expect(text).toContain(
      '✗ TCP 5061: TCP port not forwarded to this computer (connection refused) [INBOUND_NO_RESPONSE]',
    );
    const html = renderReportHtml(oursReport(), 'en', null);
    expect(html).toContain('SIP rewriting by the router (SIP ALG) and TCP forwards');
    expect(html).toContain('TCP 5061');
    expect(html).not.toContain('\u0007');
    const summary = providerSummary(oursReport(), 'en');
    expect(summary).toContain('SIP over UDP: A SIP ALG rewrites your SIP messages (Via, SDP c=) [SIP_ALG_DETECTED]');
    expect(summary).toContain('TCP 5061: TCP port not forwarded to this computer [INBOUND_NO_RESPONSE]');
  });

  it('leaves TCP entries out of a comparison of two runs (UDP forwards are compared by number)', () => {
    const before = oursReport();
    const after = oursReport();
    after.ports[3] = tcp(5061, 'PASS');
    after.ports[0] = { ...udp(5060), code: 'INBOUND_NO_RESPONSE', mapped: null };
    const comparison = compareReports(before, after);
    expect(JSON.stringify(comparison)).not.toContain('5061');
    expect(comparison.broken.map((g) => g.label)).toEqual(['5060']);
  });
});

describe('the log of a run', () => {
  it('folds UDP and TCP ports apart and names the SIP fields that changed', () => {
    const lines: string[] = [];
    const logger = {
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error: (m: string) => lines.push(m),
    };
    logRun(logger, oursReport(), []);
    expect(lines).toContain('ports 5060, 5090: PASS (2)');
    expect(lines).toContain('tcp ports 5060: PASS (1)');
    expect(lines).toContain('tcp ports 5061: INBOUND_NO_RESPONSE (1)');
    expect(lines).toContain('sip udp: SIP_ALG_DETECTED Via, SDP c=');
    expect(lines).toContain('sip tcp: SIP_NO_RESPONSE');
  });
});
