import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isPrivateIPv4, lanAddresses } from '../../../main/engine/host/lan';

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: null,
});
const v6 = (address: string): NetworkInterfaceInfo => ({
  address,
  netmask: 'ffff:ffff:ffff:ffff::',
  family: 'IPv6',
  mac: '00:00:00:00:00:00',
  internal: false,
  cidr: null,
  scopeid: 0,
});

describe('this machine’s LAN addresses (the forward target)', () => {
  it('puts private IPv4 first, then other IPv4, then IPv6, without loopback, link-local or duplicates', () => {
    expect(
      lanAddresses({
        lo: [v4('127.0.0.1', true)],
        'Ethernet 2': [v6('2001:db8::20'), v4('198.51.100.20'), v6('fe80::1')],
        Ethernet: [v4('169.254.3.4'), v4('192.168.1.20'), v4('10.8.0.2')],
        vEthernet: [v4('192.168.1.20')],
      }),
    ).toEqual(['192.168.1.20', '10.8.0.2', '198.51.100.20', '2001:db8::20']);
  });

  it('knows the RFC 1918 ranges', () => {
    expect(['10.0.0.1', '172.16.0.1', '172.31.255.1', '192.168.0.1'].map(isPrivateIPv4)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['172.32.0.1', '11.0.0.1', '192.169.0.1', '100.64.0.1'].map(isPrivateIPv4)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('reads the real interfaces by default', () => {
    expect(Array.isArray(lanAddresses())).toBe(true);
  });
});
