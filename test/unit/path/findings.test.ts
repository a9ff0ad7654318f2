/**
 * The path findings as a pure decision: each one from its evidence (the router's own word, the
 * hops, the mappings, the mapping test), none on a plain path, the router's word over the hops,
 * and never a change to a port's code. The verdict gains a pointer to the finding that explains
 * the failures, in English and French.
 */
import { describe, expect, it } from 'vitest';
import { pathFindings } from '../../../main/engine/path/findings';
import { pathReport, type PathProbe } from '../../../main/engine/path/probe-path';
import { pathFindingText, pathVerdictNote } from '../../../shared/path-text';
import type { PathMapping, PathReport, PathRouter } from '../../../shared/report';

const LOCAL = { localAddresses: ['192.168.1.10'], mappingPort: 5060 };
const ports = [{ port: 5060 }, { port: 10000 }];
const plainHops = [
  { ttl: 1, address: '192.168.1.1' },
  { ttl: 2, address: '80.10.236.1' },
  { ttl: 3, address: null },
  { ttl: 4, address: '80.10.1.9' },
];
const path = (over: Partial<PathReport> = {}): PathReport => ({
  hops: plainHops,
  router: null,
  mapping: 'endpoint-independent',
  findings: [],
  ...over,
});
const router = (over: Partial<PathRouter> = {}): PathRouter => ({
  externalAddress: '80.10.236.77',
  protocol: 'nat-pmp',
  mappings: [],
  answered: ['nat-pmp'],
  ...over,
});
const mapping = (over: Partial<PathMapping> = {}): PathMapping => ({
  protocol: 'UDP',
  externalPort: 5060,
  internalClient: '192.168.1.20',
  internalPort: 5060,
  enabled: true,
  description: 'old PBX',
  remoteHost: null,
  ...over,
});
const codes = (p: PathReport, publicAddress: string | null = '80.10.236.77') =>
  pathFindings(p, { publicAddress, ports }, LOCAL).map((f) => f.code);

describe('path findings', () => {
  it('finds nothing on a plain path', () => {
    expect(codes(path())).toEqual([]);
    expect(codes(path({ router: router() }))).toEqual([]);
  });

  it('CARRIER_GRADE_NAT from the router’s external address in 100.64.0.0/10', () => {
    const found = pathFindings(
      path({ router: router({ externalAddress: '100.72.14.9' }) }),
      { publicAddress: '80.10.236.77', ports },
      LOCAL,
    );
    expect(found).toEqual([
      {
        code: 'CARRIER_GRADE_NAT',
        text: expect.stringContaining('The address 100.72.14.9 lies in 100.64.0.0/10'),
        values: { address: '100.72.14.9' },
      },
    ]);
  });

  it('CARRIER_GRADE_NAT from a hop after the gateway and before the internet', () => {
    expect(
      codes(
        path({
          hops: [
            { ttl: 1, address: '192.168.1.1' },
            { ttl: 2, address: '100.64.12.1' },
          ],
        }),
      ),
    ).toEqual(['CARRIER_GRADE_NAT']);
    // A shared-space hop after the first public one is the provider's core, not this line's NAT.
    expect(codes(path({ hops: [...plainHops.slice(0, 2), { ttl: 3, address: '100.64.12.1' }] }))).toEqual([]);
  });

  it('DOUBLE_NAT from a private external address, or one STUN did not see', () => {
    expect(codes(path({ router: router({ externalAddress: '192.168.0.2' }) }))).toEqual(['DOUBLE_NAT']);
    expect(codes(path({ router: router({ externalAddress: '80.10.236.5' }) }))).toEqual(['DOUBLE_NAT']);
  });

  it('DOUBLE_NAT from a private hop between the gateway and the internet', () => {
    const hops = [
      { ttl: 1, address: '192.168.178.1' },
      { ttl: 2, address: null },
      { ttl: 3, address: '192.168.1.1' },
      { ttl: 4, address: '80.10.1.9' },
    ];
    expect(pathFindings(path({ hops }), { publicAddress: null, ports }, LOCAL)[0]?.values).toEqual({
      address: '192.168.1.1',
    });
  });

  it('believes the router over the hops', () => {
    const hops = [
      { ttl: 1, address: '192.168.1.1' },
      { ttl: 2, address: '10.0.0.1' },
      { ttl: 3, address: '100.64.0.1' },
    ];
    expect(codes(path({ hops, router: router() }))).toEqual([]);
    expect(codes(path({ hops }))).toEqual(['CARRIER_GRADE_NAT', 'DOUBLE_NAT']);
  });

  it('UPNP_MAPPINGS_ELSEWHERE for checked ports mapped to another host, and UPNP_ENABLED', () => {
    const withMappings = router({
      protocol: 'upnp',
      answered: ['upnp'],
      mappings: [
        mapping(),
        mapping({ protocol: 'TCP', externalPort: 10000 }),
        mapping({ externalPort: 10000, internalClient: '192.168.1.10' }),
        mapping({ externalPort: 3389 }),
        mapping({ externalPort: 10000, enabled: false }),
      ],
    });
    const found = pathFindings(path({ router: withMappings }), { publicAddress: '80.10.236.77', ports }, LOCAL);
    expect(found.map((f) => f.code)).toEqual(['UPNP_MAPPINGS_ELSEWHERE', 'UPNP_ENABLED']);
    expect(found[0]?.values).toEqual({ ports: 'UDP 5060', hosts: '192.168.1.20' });
    // Without this computer's addresses nothing can be said about where mappings point.
    expect(
      pathFindings(
        path({ router: withMappings }),
        { publicAddress: null, ports },
        { ...LOCAL, localAddresses: [] },
      ).map((f) => f.code),
    ).toEqual(['UPNP_ENABLED']);
  });

  it('ENDPOINT_DEPENDENT_MAPPING for both dependent kinds, naming the port', () => {
    expect(codes(path({ mapping: 'address-dependent' }))).toEqual(['ENDPOINT_DEPENDENT_MAPPING']);
    const [finding] = pathFindings(
      path({ mapping: 'address-and-port-dependent' }),
      { publicAddress: null, ports },
      LOCAL,
    );
    expect(finding?.text).toContain('from port 5060');
    expect(codes(path({ mapping: null }))).toEqual([]);
  });

  it('has French words for every finding, placeholders filled', () => {
    const values = { address: '100.64.0.2', ports: 'UDP 5060', hosts: '192.168.1.20', port: '5060' };
    for (const code of [
      'CARRIER_GRADE_NAT',
      'DOUBLE_NAT',
      'UPNP_MAPPINGS_ELSEWHERE',
      'UPNP_ENABLED',
      'ENDPOINT_DEPENDENT_MAPPING',
    ] as const) {
      const fr = pathFindingText({ code, values }, 'fr');
      expect(fr).not.toMatch(/\{\w+\}/);
      expect(fr).not.toBe(pathFindingText({ code, values }, 'en'));
    }
  });
});

describe('the report’s path field and the verdict', () => {
  const probe: PathProbe = {
    path: path({ router: router({ externalAddress: '100.72.14.9' }), mapping: null }),
    gateway: '192.168.1.1',
    answers: null,
    commands: [],
    localAddresses: ['192.168.1.10'],
    durationMs: 1200,
  };
  const report = {
    publicAddress: '80.10.236.77',
    ports: [
      { port: 5060, code: 'INBOUND_NO_RESPONSE' as const },
      { port: 10000, code: 'PASS' as const },
    ],
  };

  it('adds findings and the mapping result without touching a port’s code', () => {
    const before = structuredClone(report);
    const result = pathReport(probe, report, { mapping: 'address-and-port-dependent', port: 5060, mapped: [] });
    expect(result.mapping).toBe('address-and-port-dependent');
    expect(result.findings.map((f) => f.code)).toEqual(['CARRIER_GRADE_NAT', 'ENDPOINT_DEPENDENT_MAPPING']);
    expect(report).toEqual(before);
  });

  it('points the verdict to the finding that explains failed ports, in both languages', () => {
    const path = pathReport(probe, report, null);
    expect(pathVerdictNote({ ...report, path }, 'en')).toBe(
      'The section “The path to the internet” says why: Your internet line has no public IPv4 address of its own (carrier-grade NAT).',
    );
    expect(pathVerdictNote({ ...report, path }, 'fr')).toContain('Le chemin vers internet');
  });

  it('adds nothing to the verdict when every port passed, or only UPnP is on', () => {
    const path = pathReport(probe, report, null);
    expect(pathVerdictNote({ ports: [{ code: 'PASS' }], path }, 'en')).toBeNull();
    const upnpOnly = { ...path, findings: [{ code: 'UPNP_ENABLED' as const, text: '' }] };
    expect(pathVerdictNote({ ...report, path: upnpOnly }, 'en')).toBeNull();
  });
});
