/**
 * This computer's default gateway (IPv4), read from the OS's routing table through the injected
 * runner: `ip -4 route show default` (Linux), `route -n get default` (macOS), `route print -4
 * 0.0.0.0` (Windows, ROUTE.EXE from System32). And the local address toward it.
 */
import { canonicalIp, isIpv4, parseIp } from '../../../shared/address';
import { lines, type CommandResult, type CommandRunner, type Platform } from '../host/runner';

/** The gateway in `ip route` / `route -n get` / `route print` output; null when none is listed. */
export function parseDefaultGateway(platform: Platform, output: string): string | null {
  for (const line of lines(output)) {
    const words = line.trim().split(/\s+/);
    let candidate: string | undefined;
    if (platform === 'linux' && words[0] === 'default') candidate = words[words.indexOf('via') + 1];
    else if (platform === 'darwin' && words[0] === 'gateway:') candidate = words[1];
    // "0.0.0.0  0.0.0.0  192.168.1.1  192.168.1.20  25" (the gateway column is "On-link" for none)
    else if (platform === 'win32' && words[0] === '0.0.0.0' && words[1] === '0.0.0.0') candidate = words[2];
    if (candidate && isIpv4(candidate)) return canonicalIp(candidate);
  }
  return null;
}

/** Asks the OS for its default gateway; `gateway` null when it cannot tell. `command` is kept for the bundle. */
export async function findDefaultGateway(
  platform: Platform,
  runner: CommandRunner,
): Promise<{ gateway: string | null; command: CommandResult }> {
  const [command, args] =
    platform === 'linux'
      ? ['ip', ['-4', 'route', 'show', 'default']]
      : platform === 'darwin'
        ? ['/sbin/route', ['-n', 'get', 'default']]
        : ['route', ['print', '-4', '0.0.0.0']];
  const result = await runner.run(command as string, args as string[], { timeoutMs: 3000 });
  return { gateway: parseDefaultGateway(platform, result.stdout), command: result };
}

const toInt = (address: string): number | null => {
  const ip = parseIp(address);
  if (!ip || ip.family !== 4) return null;
  return ((ip.bytes[0]! << 24) | (ip.bytes[1]! << 16) | (ip.bytes[2]! << 8) | ip.bytes[3]!) >>> 0;
};

/** A local IPv4 interface address with its netmask (as os.networkInterfaces() gives them). */
export interface LocalAddress {
  address: string;
  netmask: string;
}

/** The local address on the gateway's subnet, else the first one; null when there is none. */
export function addressToward(gateway: string | null, locals: readonly LocalAddress[]): string | null {
  const gw = gateway ? toInt(gateway) : null;
  for (const local of locals) {
    const address = toInt(local.address);
    const mask = toInt(local.netmask);
    if (gw !== null && address !== null && mask !== null && ((address ^ gw) & mask) >>> 0 === 0) return local.address;
  }
  return locals[0]?.address ?? null;
}
