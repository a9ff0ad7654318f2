/**
 * A report built by hand for tests of what shows reports (CLI text, window, report.html): a
 * server that was picked, a public address, and the ports given (one PASS by default).
 */
import type { Report } from '../../shared/report';
import { defaultSettings } from '../../shared/settings';

export const SAMPLE_SERVER: NonNullable<Report['server']> = {
  name: 's.example:3478',
  primary: '203.0.113.100:3478',
  alternate: '203.0.113.101:3479',
  alternateSource: 'OTHER-ADDRESS',
  changeRequestVerified: true,
  software: null,
};

/** A report whose summary is counted from its ports; anything can be overridden. */
export function sampleReport(overrides: Partial<Report> = {}): Report {
  const ports = overrides.ports ?? [
    { port: 9000, protocol: 'udp', code: 'PASS', mapped: '203.0.113.2:9000', owner: null },
  ];
  const passed = ports.filter((p) => p.code === 'PASS').length;
  const notTested = ports.filter((p) => p.code === 'NOT_TESTED').length;
  return {
    schema: 'voip-fwcheck/report@1',
    code: passed === ports.length ? 'ALL_PASSED' : 'SOME_FAILED',
    server: SAMPLE_SERVER,
    publicAddress: '203.0.113.2',
    summary: { total: ports.length, passed, failed: ports.length - passed - notTested, notTested },
    ports,
    durationMs: 1000,
    startedAt: '2026-01-01T00:00:00.000Z',
    settings: defaultSettings(),
    servers: [],
    stats: { packetsSent: 2, packetsReceived: 2 },
    warnings: [],
    ...overrides,
  };
}
