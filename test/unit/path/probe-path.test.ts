/**
 * The whole path step on fakes: tracer output, routing table, a miniupnpd-like gateway; the
 * 8 s bound when the router's HTTP never answers; the gateway read from each OS's routing table;
 * and the `path` field accepted by the report schema (and its JSON Schema).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { addressToward, parseDefaultGateway } from '../../../main/engine/path/gateway';
import { pathReport, startPathProbe } from '../../../main/engine/path/probe-path';
import { reportJsonSchema } from '../../../shared/report-json-schema';
import { ReportSchema } from '../../../shared/report-schema';
import { FakeClock } from '../../fakes/fake-clock';
import { sampleReport } from '../../support/report';
import { fakeRunner } from '../host/fake-runner';
import { fakeHttp, fakeRouter } from './fake-router';

const os = (name: string) => readFileSync(resolve(__dirname, '../../fixtures/os', name), 'utf8');
const router = (name: string) => readFileSync(resolve(__dirname, '../../fixtures/os/router', name));
const SERVER = {
  primary: { address: '203.0.113.100', port: 3478 },
  alternate: { address: '203.0.113.101', port: 3479 },
};
const LOCATION = 'http://192.0.2.1:5000/rootDesc.xml';
const CONTROL = 'http://192.0.2.1:5000/ctl/IPConn';

function linuxRunner() {
  return fakeRunner((line) => {
    if (line.startsWith('ip -4 route')) return { stdout: 'default via 192.0.2.1 dev pbx0 proto static\n' };
    if (line.startsWith('traceroute')) return { stdout: os('traceroute-linux-double-nat.txt') };
    return undefined;
  });
}

describe('the path step', () => {
  it('traces, finds the gateway, asks it, and reports hops and router', async () => {
    const clock = new FakeClock();
    const gateway = fakeRouter(clock, {
      gateway: '192.0.2.1',
      natPmp: Buffer.from(router('natpmp-success-private.hex').toString().trim(), 'hex'),
      ssdp: [{ from: '192.0.2.1', data: router('ssdp-miniupnpd-2.3.1.txt') }],
    });
    const { http } = fakeHttp({
      [LOCATION]: router('rootdesc-miniupnpd-2.3.1.xml').toString(),
      [`${CONTROL}#GetExternalIPAddress`]: router('soap-external-ip-empty-miniupnpd.xml').toString(),
      [`${CONTROL}#GetGenericPortMappingEntry`]: router('soap-error-713-miniupnpd.xml').toString(),
    });
    const { runner, calls } = linuxRunner();
    const probe = await clock.run(
      startPathProbe({
        platform: 'linux',
        runner,
        transport: gateway.transport,
        http,
        clock,
        server: SERVER,
        localAddresses: [{ address: '192.0.2.10', netmask: '255.255.255.0' }],
      }),
    );
    expect(calls.map((c) => c.line)).toEqual(['traceroute -n -m 4 -w 1 203.0.113.100', 'ip -4 route show default']);
    expect(probe.gateway).toBe('192.0.2.1');
    expect(probe.commands.map((c) => c.command)).toEqual(['ip', 'traceroute']); // kept for the bundle
    expect(probe.path.hops.map((h) => h.address)).toEqual(['192.0.2.1', '198.51.100.1', '203.0.113.100']);
    expect(probe.path.router).toEqual({
      externalAddress: '192.168.1.2',
      protocol: 'nat-pmp',
      mappings: [],
      answered: ['upnp', 'nat-pmp'],
    });
    expect(probe.durationMs).toBeLessThanOrEqual(1600);
    const path = pathReport(probe, { publicAddress: '203.0.113.2', ports: [{ port: 5060 }] }, null);
    expect(path.findings.map((f) => f.code)).toEqual(['DOUBLE_NAT', 'UPNP_ENABLED']);
  });

  it('ends by its 8 s budget when the router’s web server never answers', async () => {
    const clock = new FakeClock();
    const gateway = fakeRouter(clock, {
      gateway: '192.0.2.1',
      ssdp: [{ from: '192.0.2.1', data: router('ssdp-miniupnpd-2.3.1.txt') }],
    });
    const hanging = (_: unknown, signal?: AbortSignal) =>
      new Promise<null>((done) => signal?.addEventListener('abort', () => done(null)));
    const probe = await clock.run(
      startPathProbe({
        platform: 'linux',
        runner: linuxRunner().runner,
        transport: gateway.transport,
        http: hanging,
        clock,
        server: SERVER,
        gateway: '192.0.2.1',
        localAddresses: [],
      }),
    );
    expect(probe.durationMs).toBe(8000);
    expect(probe.path.router).toBeNull();
    expect(gateway.open()).toBe(0);
  });

  it('has no hops and no router without a server or a gateway', async () => {
    const clock = new FakeClock();
    const { runner } = fakeRunner(() => undefined);
    const probe = await clock.run(
      startPathProbe({
        platform: 'win32',
        runner,
        transport: fakeRouter(clock, { gateway: 'x' }).transport,
        clock,
        server: null,
        localAddresses: [],
      }),
    );
    expect(probe.path).toEqual({ hops: [], router: null, mapping: null, findings: [] });
  });
});

describe('the default gateway', () => {
  it('is read from ip route, route -n get and route print', () => {
    expect(parseDefaultGateway('linux', 'default via 192.168.1.1 dev eth0 proto dhcp metric 100\n')).toBe(
      '192.168.1.1',
    );
    expect(parseDefaultGateway('linux', 'default dev wg0 scope link\n')).toBeNull();
    expect(
      parseDefaultGateway(
        'darwin',
        '   route to: default\ndestination: default\n       mask: default\n    gateway: 192.168.0.1\n  interface: en0\n',
      ),
    ).toBe('192.168.0.1');
    const windows =
      '===========================================================================\r\nIPv4 Route Table\r\n' +
      '===========================================================================\r\nActive Routes:\r\n' +
      'Network Destination        Netmask          Gateway       Interface  Metric\r\n' +
      '          0.0.0.0          0.0.0.0      192.168.178.1   192.168.178.20     25\r\n';
    expect(parseDefaultGateway('win32', windows)).toBe('192.168.178.1');
    expect(
      parseDefaultGateway('win32', '          0.0.0.0          0.0.0.0         On-link    10.8.0.2    25\r\n'),
    ).toBeNull();
  });

  it('gives the local address on the gateway’s subnet', () => {
    const locals = [
      { address: '10.8.0.2', netmask: '255.255.255.0' },
      { address: '192.168.178.20', netmask: '255.255.255.0' },
    ];
    expect(addressToward('192.168.178.1', locals)).toBe('192.168.178.20');
    expect(addressToward(null, locals)).toBe('10.8.0.2');
    expect(addressToward('192.168.178.1', [])).toBeNull();
  });
});

describe('the report’s path field', () => {
  const report = () =>
    sampleReport({
      path: {
        hops: [
          { ttl: 1, address: '192.168.1.1' },
          { ttl: 2, address: null },
        ],
        router: {
          externalAddress: '100.64.0.2',
          protocol: 'nat-pmp',
          mappings: [
            {
              protocol: 'UDP',
              externalPort: 5060,
              internalClient: '192.168.1.20',
              internalPort: 5060,
              enabled: true,
              description: 'old PBX',
              remoteHost: null,
            },
          ],
          answered: ['upnp', 'nat-pmp'],
        },
        mapping: 'address-and-port-dependent',
        findings: [{ code: 'CARRIER_GRADE_NAT', text: 'English', values: { address: '100.64.0.2' } }],
      },
    });

  it('is accepted by the valibot definition and the generated JSON Schema', () => {
    const json = JSON.parse(JSON.stringify(report())) as unknown;
    expect(v.safeParse(ReportSchema, json).success).toBe(true);
    const validate = new Ajv({ strict: true, allErrors: true }).compile(reportJsonSchema());
    expect(validate(json)).toBe(true);
  });

  it('refuses an unknown finding code or mapping kind', () => {
    const bad = JSON.parse(JSON.stringify(report())) as { path: { mapping: string; findings: { code: string }[] } };
    bad.path.mapping = 'symmetric';
    expect(v.safeParse(ReportSchema, bad).success).toBe(false);
    bad.path.mapping = 'endpoint-independent';
    bad.path.findings[0]!.code = 'SYMMETRIC_NAT';
    expect(v.safeParse(ReportSchema, bad).success).toBe(false);
  });
});
