/**
 * NAT-PMP, PCP, SSDP and UPnP IGD read from miniupnpd 2.3.1's captured answers (and successes
 * built from the RFCs, since that version reports no reserved external address), then the three
 * questions asked at once of a fake gateway on the fake clock.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNatPmpResponse, encodeNatPmpRequest } from '../../../main/engine/path/natpmp';
import { decodePcpResponse, encodePcpMapRequest, PCP_RESULT } from '../../../main/engine/path/pcp';
import { checkedLocation, decodeSsdpAnswer, encodeMSearch } from '../../../main/engine/path/ssdp';
import {
  findWanService,
  queryIgd,
  readExternalAddress,
  readMappingEntry,
  soapErrorCode,
  soapRequest,
} from '../../../main/engine/path/upnp';
import { askRouter, summarizeRouter } from '../../../main/engine/path/router';
import { FakeClock } from '../../fakes/fake-clock';
import { fakeHttp, fakeRouter } from './fake-router';

const raw = (name: string) => readFileSync(resolve(__dirname, '../../fixtures/os/router', name));
const text = (name: string) => raw(name).toString('utf8');
const hex = (name: string) => Buffer.from(text(name).trim(), 'hex');
const LOCATION = 'http://192.0.2.1:5000/rootDesc.xml';
const CONTROL = 'http://192.0.2.1:5000/ctl/IPConn';

describe('NAT-PMP (RFC 6886 §3.2)', () => {
  it('asks with version 0, opcode 0', () => {
    expect(encodeNatPmpRequest()).toEqual(Buffer.from([0, 0]));
  });

  it('reads miniupnpd’s "network failure" as no external address', () => {
    expect(decodeNatPmpResponse(hex('natpmp-network-failure-miniupnpd.hex'))).toEqual({
      resultCode: 3,
      epoch: 1356,
      externalAddress: null,
    });
  });

  it('reads a success with its address, and refuses what is not an answer', () => {
    expect(decodeNatPmpResponse(hex('natpmp-success-cgn.hex'))?.externalAddress).toBe('100.64.0.2');
    expect(decodeNatPmpResponse(hex('natpmp-success-private.hex'))?.externalAddress).toBe('192.168.1.2');
    expect(decodeNatPmpResponse(hex('natpmp-success-cgn.hex').subarray(0, 11))).toBeNull();
    expect(decodeNatPmpResponse(Buffer.from('000000000000053964400002', 'hex'))).toBeNull(); // a request echoed
  });
});

describe('PCP (RFC 6887)', () => {
  const nonce = Buffer.from('55674e0730e443064d91fb56', 'hex');

  it('asks MAP with lifetime 0 from the client’s address as IPv4-mapped IPv6', () => {
    const { data } = encodePcpMapRequest('192.0.2.10', 9, nonce);
    expect(data).toHaveLength(60);
    expect(data.subarray(0, 8).toString('hex')).toBe('0201000000000000');
    expect(data.subarray(8, 24).toString('hex')).toBe('00000000000000000000ffffc000020a');
    expect(data.subarray(24, 36)).toEqual(nonce);
    expect(data[36]).toBe(17);
    expect(data.readUInt16BE(40)).toBe(9);
  });

  it('ignores the address in miniupnpd’s NETWORK_FAILURE answer', () => {
    expect(decodePcpResponse(hex('pcp-map-network-failure-miniupnpd.hex'), nonce)).toEqual({
      resultCode: PCP_RESULT.NETWORK_FAILURE,
      epoch: 1357,
      externalAddress: null,
    });
  });

  it('reads the assigned address of a success, only with our nonce', () => {
    const success = Buffer.from(hex('pcp-map-network-failure-miniupnpd.hex'));
    success[3] = 0;
    success.set([100, 64, 0, 2], 56);
    expect(decodePcpResponse(success, nonce)?.externalAddress).toBe('100.64.0.2');
    expect(decodePcpResponse(success, Buffer.alloc(12))).toBeNull();
  });

  it('reads a NAT-PMP router’s "unsupported version" and skips ANNOUNCE answers', () => {
    expect(decodePcpResponse(Buffer.from('0081000100000000', 'hex'), nonce)?.resultCode).toBe(
      PCP_RESULT.UNSUPP_VERSION,
    );
    expect(decodePcpResponse(hex('pcp-announce-miniupnpd.hex'), nonce)).toBeNull();
  });
});

describe('SSDP', () => {
  it('searches for the IGD with a short MX', () => {
    expect(encodeMSearch().toString()).toBe(
      'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\n' +
        'ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n\r\n',
    );
  });

  it('reads miniupnpd’s answer', () => {
    expect(
      decodeSsdpAnswer({ data: raw('ssdp-miniupnpd-2.3.1.txt'), from: { address: '192.0.2.1', port: 1900 } }),
    ).toEqual({ from: '192.0.2.1', location: LOCATION, server: 'Debian/6.18.44-fc-v669 UPnP/1.1 MiniUPnPd/2.3.1' });
  });

  it('never follows a LOCATION on another host, or not over http', () => {
    expect(
      decodeSsdpAnswer({ data: raw('ssdp-miniupnpd-2.3.1.txt'), from: { address: '192.0.2.7', port: 1900 } }),
    ).toBeNull();
    expect(checkedLocation('https://192.0.2.1/rootDesc.xml', '192.0.2.1')).toBeNull();
    expect(checkedLocation('http://user:pw@192.0.2.1/x', '192.0.2.1')).toBeNull();
    expect(checkedLocation('http://router.example/x', '192.0.2.1')).toBeNull();
    expect(checkedLocation('http://192.0.2.1:5000/x', '192.0.2.1')).toBe('http://192.0.2.1:5000/x');
  });

  it('ignores answers that are not an IGD', () => {
    const media = text('ssdp-miniupnpd-2.3.1.txt').replace(
      'ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1',
      'ST: urn:schemas-upnp-org:device:MediaRenderer:1',
    );
    expect(decodeSsdpAnswer({ data: Buffer.from(media), from: { address: '192.0.2.1', port: 1900 } })).toBeNull();
  });
});

describe('UPnP IGD control', () => {
  it('finds WANIPConnection:2 and its control URL in miniupnpd’s description', () => {
    expect(findWanService(text('rootdesc-miniupnpd-2.3.1.xml'), LOCATION)).toEqual({
      serviceType: 'urn:schemas-upnp-org:service:WANIPConnection:2',
      controlUrl: CONTROL,
    });
  });

  it('refuses a control URL on another host', () => {
    const moved = text('rootdesc-miniupnpd-2.3.1.xml').replace('/ctl/IPConn', 'http://198.51.100.9/ctl/IPConn');
    expect(findWanService(moved, LOCATION)).toBeNull();
  });

  it('builds the SOAP call with its action header', () => {
    const request = soapRequest(
      { serviceType: 'urn:schemas-upnp-org:service:WANIPConnection:2', controlUrl: CONTROL },
      'GetGenericPortMappingEntry',
      { NewPortMappingIndex: '3' },
    );
    expect(request.headers?.SOAPAction).toBe(
      '"urn:schemas-upnp-org:service:WANIPConnection:2#GetGenericPortMappingEntry"',
    );
    expect(request.body).toContain('<NewPortMappingIndex>3</NewPortMappingIndex>');
  });

  it('reads an empty external address (miniupnpd) as none, and a fault as a code', () => {
    expect(readExternalAddress(200, text('soap-external-ip-empty-miniupnpd.xml'))).toBeNull();
    expect(readExternalAddress(200, text('soap-external-ip-cgn.xml'))).toBe('100.72.14.9');
    expect(soapErrorCode(text('soap-error-713-miniupnpd.xml'))).toBe(713);
    expect(readMappingEntry(500, text('soap-error-713-miniupnpd.xml'))).toBeNull();
  });

  it('reads a mapping entry, entities decoded', () => {
    expect(readMappingEntry(200, text('soap-mapping-entry-0.xml'))).toEqual({
      protocol: 'UDP',
      externalPort: 5060,
      internalClient: '192.168.1.20',
      internalPort: 5060,
      enabled: true,
      description: 'old PBX & phones',
      remoteHost: null,
    });
  });

  it('lists mappings until error 713', async () => {
    const { http, requests } = fakeHttp({
      [LOCATION]: text('rootdesc-miniupnpd-2.3.1.xml'),
      [`${CONTROL}#GetExternalIPAddress`]: text('soap-external-ip-cgn.xml'),
      [`${CONTROL}#GetGenericPortMappingEntry`]: (r) =>
        r.body?.includes('>0<')
          ? text('soap-mapping-entry-0.xml')
          : r.body?.includes('>1<')
            ? text('soap-mapping-entry-1.xml')
            : text('soap-error-713-miniupnpd.xml'),
    });
    const igd = await queryIgd(LOCATION, http);
    expect(igd?.externalAddress).toBe('100.72.14.9');
    expect(igd?.mappings.map((m) => m.externalPort)).toEqual([5060, 10000]);
    expect(requests).toHaveLength(5); // description, address, entries 0, 1 and 2 (713)
  });
});

describe('asking the gateway', () => {
  const miniupnpd = (clock: FakeClock) =>
    fakeRouter(clock, {
      gateway: '192.0.2.1',
      natPmp: hex('natpmp-network-failure-miniupnpd.hex'),
      pcp: (request) => {
        const answer = Buffer.from(hex('pcp-map-network-failure-miniupnpd.hex'));
        request.copy(answer, 24, 24, 36); // echo the nonce
        return answer;
      },
      ssdp: [{ from: '192.0.2.1', data: raw('ssdp-miniupnpd-2.3.1.txt') }],
    });
  const miniupnpdHttp = () =>
    fakeHttp({
      [LOCATION]: text('rootdesc-miniupnpd-2.3.1.xml'),
      [`${CONTROL}#GetExternalIPAddress`]: text('soap-external-ip-empty-miniupnpd.xml'),
      [`${CONTROL}#GetGenericPortMappingEntry`]: text('soap-error-713-miniupnpd.xml'),
    });

  it('gets "no external address" three ways from miniupnpd, and UPnP answered', async () => {
    const clock = new FakeClock();
    const router = miniupnpd(clock);
    const answers = await clock.run(
      askRouter({
        transport: router.transport,
        clock,
        http: miniupnpdHttp().http,
        gateway: '192.0.2.1',
        localAddress: '192.0.2.10',
      }),
    );
    expect(answers.natPmp).toEqual({ resultCode: 3, externalAddress: null });
    expect(answers.pcp).toEqual({ resultCode: 8, externalAddress: null });
    expect(answers.upnp).toMatchObject({ location: LOCATION, externalAddress: null, mappings: [] });
    expect(summarizeRouter(answers)).toEqual({
      externalAddress: null,
      protocol: 'upnp',
      mappings: [],
      answered: ['upnp', 'nat-pmp', 'pcp'],
    });
    expect(router.open()).toBe(0);
  });

  it('sends SSDP to the gateway and to the multicast group, NAT-PMP and PCP to the gateway only', async () => {
    const clock = new FakeClock();
    const router = miniupnpd(clock);
    await clock.run(
      askRouter({
        transport: router.transport,
        clock,
        http: miniupnpdHttp().http,
        gateway: '192.0.2.1',
        localAddress: '192.0.2.10',
      }),
    );
    const destinations = new Set(router.sent.map((s) => `${s.to.address}:${s.to.port}`));
    expect([...destinations].sort()).toEqual(['192.0.2.1:1900', '192.0.2.1:5351', '239.255.255.250:1900']);
  });

  it('stops at once, sockets closed, when the check is cancelled', async () => {
    const clock = new FakeClock();
    const router = miniupnpd(clock);
    const controller = new AbortController();
    const pending = askRouter({
      transport: router.transport,
      clock,
      http: miniupnpdHttp().http,
      gateway: '192.0.2.1',
      localAddress: '192.0.2.10',
      signal: controller.signal,
    });
    controller.abort();
    expect(await clock.run(pending)).toEqual({ natPmp: null, pcp: null, upnp: null });
    expect(clock.now()).toBeLessThan(100);
    expect(router.open()).toBe(0);
  });

  it('takes the external address from NAT-PMP when UPnP gives none', () => {
    expect(
      summarizeRouter({
        upnp: { location: LOCATION, server: null, externalAddress: null, mappings: [] },
        natPmp: { resultCode: 0, externalAddress: '100.64.0.2' },
        pcp: null,
      }),
    ).toMatchObject({ externalAddress: '100.64.0.2', protocol: 'nat-pmp', answered: ['upnp', 'nat-pmp'] });
  });

  it('ignores an IGD on another LAN host and gives up after 1.5 s when the gateway is silent', async () => {
    const clock = new FakeClock();
    const router = fakeRouter(clock, {
      gateway: '192.0.2.1',
      ssdp: [{ from: '192.0.2.7', data: raw('ssdp-miniupnpd-2.3.1.txt') }],
    });
    const answers = await clock.run(
      askRouter({
        transport: router.transport,
        clock,
        http: fakeHttp({}).http,
        gateway: '192.0.2.1',
        localAddress: null,
      }),
    );
    expect(answers).toEqual({ natPmp: null, pcp: null, upnp: null });
    expect(summarizeRouter(answers)).toBeNull();
    expect(clock.now()).toBeLessThanOrEqual(1550);
    expect(router.sent.filter((s) => s.to.port === 5351)).toHaveLength(3); // 0, 250, 750 ms
  });
});
