import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import PathAndServer from '../../renderer/src/components/PathAndServer.svelte';
import type { PortResult, Report } from '../../shared/report';
import { buildReportView } from '../../shared/view';
import { sampleReport } from '../support/report';

const port = (p: number, protocol: 'udp' | 'tcp', code: PortResult['code']): PortResult => ({
  port: p,
  protocol,
  code,
  mapped: null,
  owner: null,
});

/** A check against our own server behind an ISP box that also translates, with a SIP ALG. */
const report = (): Report =>
  sampleReport({
    code: 'SOME_FAILED',
    ports: [port(5060, 'udp', 'PASS'), port(5060, 'tcp', 'PASS'), port(5061, 'tcp', 'INBOUND_NO_RESPONSE')],
    sip: [
      {
        transport: 'udp',
        code: 'SIP_ALG_DETECTED',
        changed: ['Via'],
        differences: [
          {
            field: 'Via',
            change: 'changed',
            sent: 'SIP/2.0/UDP 10.0.0.2:5060',
            received: 'SIP/2.0/UDP 203.0.113.2:5060',
          },
        ],
      },
    ],
    path: {
      hops: [
        { ttl: 1, address: '192.0.2.1' },
        { ttl: 2, address: null },
      ],
      router: null,
      mapping: 'endpoint-independent',
      findings: [{ code: 'DOUBLE_NAT', text: 'double NAT', values: { address: '198.51.100.1' } }],
    },
  } as Partial<Report>);

describe('the path to the internet and our own server’s tests in the window', () => {
  it.each(['en', 'fr'] as const)(
    'shows the SIP ALG change, the TCP forwards and the double NAT with its steps (%s)',
    (lang) => {
      const view = buildReportView(report(), lang);
      render(PathAndServer, { path: view.path, ours: view.ours });
      expect(screen.getByRole('heading', { name: view.ours!.heading })).toBeTruthy();
      expect(
        screen.getByText(/Via .*SIP\/2\.0\/UDP 10\.0\.0\.2:5060 → SIP\/2\.0\/UDP 203\.0\.113\.2:5060/),
      ).toBeTruthy();
      expect(screen.getByText(/TCP 5061/)).toBeTruthy();
      expect(screen.getByRole('heading', { name: view.path!.heading })).toBeTruthy();
      expect(
        screen.getByRole('heading', { name: new RegExp(view.path!.findings[0]!.title.slice(0, 20)) }),
      ).toBeTruthy();
      expect(screen.getByText('192.0.2.1')).toBeTruthy();
      expect(screen.getByText(view.path!.noRouter)).toBeTruthy();
    },
  );

  it('shows nothing for a report without them', () => {
    const view = buildReportView(sampleReport(), 'en');
    const { container } = render(PathAndServer, { path: view.path, ours: view.ours });
    expect(container.textContent?.trim()).toBe('');
  });
});
