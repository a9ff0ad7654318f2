/**
 * This machine's LAN addresses, from the network interfaces: the internal address a port forward
 * on the router must point at. Private IPv4 first (RFC 1918), since that is what a router in front
 * of the PBX forwards to, then other IPv4, then IPv6; never loopback or link-local.
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/** True for RFC 1918 private IPv4 addresses (10/8, 172.16/12, 192.168/16). */
export function isPrivateIPv4(address: string): boolean {
  const [a, b] = address.split('.').map(Number) as [number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

function rank(info: NetworkInterfaceInfo): number {
  if (info.family === 'IPv4') return isPrivateIPv4(info.address) ? 0 : 1;
  return 2;
}

/** The addresses of `interfaces` in the order a forward target is chosen, without duplicates. */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  const all = Object.values(interfaces)
    .flat()
    .filter((info): info is NetworkInterfaceInfo => !!info && !info.internal)
    .filter((info) => !(info.family === 'IPv6' && /^fe80:/i.test(info.address)))
    .filter((info) => !info.address.startsWith('169.254.'));
  const sorted = all
    .map((info, index) => ({ info, index }))
    .sort((x, y) => rank(x.info) - rank(y.info) || x.index - y.index);
  return [...new Set(sorted.map(({ info }) => info.address))];
}
