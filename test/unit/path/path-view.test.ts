/**
 * The report view's path section: hops with silent ones named, the router's word, the mapping in
 * plain words, findings with their steps in English and French, and the verdict's pointer to the
 * finding that explains the failures; no path section without a path.
 */
import { describe, expect, it } from 'vitest';
import type { PathReport } from '../../../shared/report';
import { buildReportView } from '../../../shared/view';
import { sampleReport } from '../../support/report';

const path: PathReport = {
  hops: [
    { ttl: 1, address: '192.168.178.1' },
    { ttl: 2, address: null },
    { ttl: 3, address: '192.168.1.1' },
  ],
  router: {
    externalAddress: '192.168.1.2',
    protocol: 'upnp',
    mappings: [
      {
        protocol: 'UDP',
        externalPort: 5060,
        internalClient: '192.168.178.30',
        internalPort: 5060,
        enabled: true,
        description: 'old PBX',
        remoteHost: null,
      },
    ],
    answered: ['upnp'],
  },
  mapping: 'endpoint-independent',
  findings: [
    { code: 'DOUBLE_NAT', text: 'English', values: { address: '192.168.1.2' } },
    { code: 'UPNP_ENABLED', text: 'English' },
  ],
};
const failing = () =>
  sampleReport({
    code: 'ALL_FAILED',
    ports: [{ port: 5060, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.2:5060', owner: null }],
    path,
  });

describe('the path section of the report view', () => {
  it('shows hops, the router and the mapping', () => {
    const view = buildReportView(failing(), 'en').path!;
    expect(view.heading).toBe('The path to the internet');
    expect(view.hops).toEqual([
      { ttl: 1, address: '192.168.178.1', answered: true },
      { ttl: 2, address: 'no answer', answered: false },
      { ttl: 3, address: '192.168.1.1', answered: true },
    ]);
    expect(view.router).toEqual({
      externalAddress: '192.168.1.2',
      protocol: 'UPnP IGD',
      mappings: ['UDP 5060 → 192.168.178.30:5060 “old PBX”'],
    });
    expect(view.mapping).toMatch(/same public port whatever the destination/);
  });

  it('gives each finding its title, text and steps, in French too', () => {
    const [double, upnp] = buildReportView(failing(), 'fr').path!.findings;
    expect(double).toMatchObject({ code: 'DOUBLE_NAT', tone: 'bad', title: expect.stringContaining('double NAT') });
    expect(double?.text).toContain('192.168.1.2');
    expect(double?.steps[0]).toMatch(/mode bridge/);
    expect(upnp).toMatchObject({ code: 'UPNP_ENABLED', tone: 'info' });
  });

  it('points the verdict to the finding that explains the failures', () => {
    expect(buildReportView(failing(), 'en').verdict.text).toMatch(
      /says why: Two routers translate addresses, one behind the other \(double NAT\)\.$/,
    );
    const passing = sampleReport({ path });
    expect(buildReportView(passing, 'en').verdict.text).not.toMatch(/says why/);
  });

  it('has no path section without a path', () => {
    expect(buildReportView(sampleReport({}), 'en').path).toBeNull();
  });
});
