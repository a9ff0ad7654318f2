import { describe, expect, it } from 'vitest';
import { providerSummary } from '../../../shared/summary';
import { sampleReport } from '../../support/report';

describe('the summary for the provider', () => {
  const report = sampleReport({
    code: 'SOME_FAILED',
    ports: [
      { port: 5060, protocol: 'udp', code: 'PASS', mapped: '203.0.113.2:5060', owner: null },
      { port: 9000, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.2:9000', owner: null },
      { port: 9001, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.2:9001', owner: null },
    ],
  });

  it('gives the public IP, the server, the verdict and the folded ports, one fact a line, failures first', () => {
    expect(providerSummary(report, 'en').split('\n')).toEqual([
      'VoIP firewall check (SOME_FAILED)',
      'Date: 2026-01-01 00:00 UTC',
      'Public IP: 203.0.113.2',
      'STUN server: s.example:3478 (203.0.113.100:3478 / 203.0.113.101:3479)',
      'Router verdict: Some ports are not forwarded correctly',
      'Ports: 3 · 1 ✓ · 2 ✗ · 0 –',
      '  9000–9001: no forward (packets from outside do not get in) [INBOUND_NO_RESPONSE]',
      '  5060: forwarded one-to-one [PASS]',
    ]);
  });

  it('adds the warnings a provider needs to know (a SIP ALG), in the chosen language', () => {
    const warned = {
      ...report,
      warnings: [{ code: 'MAPPED_ADDRESS_REWRITTEN' as const, ports: 3, addresses: [], text: 'English' }],
    };
    const fr = providerSummary(warned, 'fr');
    expect(fr).toContain('\nRemarques:\n  3 port(s) : les deux copies de l’adresse publique');
    expect(fr).toContain('SIP ALG');
    expect(fr).toMatch(/\[MAPPED_ADDRESS_REWRITTEN\]$/);
    expect(providerSummary(report, 'fr')).not.toContain('Remarques');
  });
});
