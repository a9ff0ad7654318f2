/**
 * The path step (issue 12) in real namespaces: the OS's tracepath, real UDP and HTTP to a real
 * miniupnpd, coturn for the mapping test. Each finding in its topology, none in the plain one.
 * miniupnpd 2.3.1 reports no external address in reserved ranges (all of these), so here it
 * proves discovery, the empty mapping list and the "no external address" answers of all three
 * protocols; the external-address findings are proven on captured answers (test/unit/path).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPathLab, runPathStep, type PathLab, type PathLabOptions } from './path-lab';

let lab: PathLab | null = null;
afterEach(async () => {
  await lab?.destroy();
  lab = null;
});

async function step(options: PathLabOptions) {
  lab = await createPathLab(options);
  const out = await runPathStep(lab);
  // The figures for the closing note.
  console.log(
    `path lab ${JSON.stringify(options)}: ${JSON.stringify(out.path.findings.map((f) => f.code))}, step ${out.probeMs} ms, mapping test ${out.mappingMs} ms`,
  );
  return out;
}

describe('the path to the internet, in the lab', () => {
  it('finds nothing on the plain topology', async () => {
    const out = await step({ topology: 'plain' });
    expect(out.path.hops).toEqual([
      { ttl: 1, address: '192.0.2.1' },
      { ttl: 2, address: '203.0.113.100' },
    ]);
    expect(out.path.router).toBeNull();
    expect(out.path.mapping).toBe('endpoint-independent');
    expect(out.publicAddress).toBe('203.0.113.2');
    expect(out.path.findings).toEqual([]);
    expect(out.probeMs).toBeLessThan(8500);
  });

  it('keeps a hop that does not answer, and stays within its bound', async () => {
    const out = await step({ topology: 'plain', silentRouter: true });
    expect(out.path.hops).toEqual([
      { ttl: 1, address: null },
      { ttl: 2, address: '203.0.113.100' },
    ]);
    expect(out.path.findings).toEqual([]);
    expect(out.probeMs).toBeLessThan(8500);
  });

  it('names DOUBLE_NAT behind a second NAT router (198.51.100.0/24 between the routers)', async () => {
    const out = await step({ topology: 'double' });
    expect(out.path.hops.map((h) => h.address)).toEqual(['192.0.2.1', '198.51.100.1', '203.0.113.100']);
    expect(out.path.findings.map((f) => f.code)).toEqual(['DOUBLE_NAT']);
    expect(out.path.findings[0]?.values).toEqual({ address: '198.51.100.1' });
  });

  it('names CARRIER_GRADE_NAT when the router’s WAN is in 100.64.0.0/10', async () => {
    const out = await step({ topology: 'cgn' });
    expect(out.path.hops.map((h) => h.address)).toEqual(['192.0.2.1', '100.64.0.1', '203.0.113.100']);
    expect(out.path.findings.map((f) => f.code)).toEqual(['CARRIER_GRADE_NAT']);
    expect(out.path.findings[0]?.text).toContain('100.64.0.1');
  });

  it('names ENDPOINT_DEPENDENT_MAPPING when the router picks a port per destination', async () => {
    const out = await step({ topology: 'plain', symmetric: true });
    expect(out.path.mapping).toBe('address-and-port-dependent');
    expect(out.mappingPort).toBe(5060);
    expect(out.path.findings.map((f) => f.code)).toEqual(['ENDPOINT_DEPENDENT_MAPPING']);
  });

  it('finds miniupnpd by SSDP, lists its (empty) mappings, and gets no external address three ways', async () => {
    const out = await step({ topology: 'plain', miniupnpd: true });
    expect(out.gateway).toBe('192.0.2.1');
    expect(out.answers?.upnp).toMatchObject({
      location: 'http://192.0.2.1:5000/rootDesc.xml',
      externalAddress: null,
      mappings: [],
    });
    expect(out.answers?.upnp?.server).toContain('MiniUPnPd/2.3.1');
    expect(out.answers?.natPmp).toEqual({ resultCode: 3, externalAddress: null });
    expect(out.answers?.pcp).toEqual({ resultCode: 8, externalAddress: null });
    expect(out.path.router).toEqual({
      externalAddress: null,
      protocol: 'upnp',
      mappings: [],
      answered: ['upnp', 'nat-pmp', 'pcp'],
    });
    expect(out.path.findings.map((f) => f.code)).toEqual(['UPNP_ENABLED']);
    expect(lab?.routerLog()).toMatch(/GetGenericPortMappingEntry: index=0/);
  });
});
