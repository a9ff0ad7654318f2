/**
 * The exact command that runs this check with the rights to stop the PBX services, where the app
 * cannot restart itself as administrator (Linux, macOS: a GUI running as root is not offered).
 * Built from the settings the window would run with, so it checks the same ports through the same
 * servers. Every piece is validated and made only of characters a shell leaves alone (digits,
 * commas, hyphens; host names, addresses and ports); anything else is left out rather than quoted.
 */
import { formatPortSpec, parsePortRanges } from '../ports';
import type { RunSettings } from '../report';
import { DEFAULT_STUN_SERVERS } from '../settings';

/** A STUN server as `host[:port]` or `[v6]:port`: nothing a shell would read. */
const SAFE_SERVER = /^[A-Za-z0-9.:[\]-]{1,300}$/;

/** `sudo voip-fwcheck check --ports … [--stun …] --stop-services`, or null when the ports do not parse. */
export function elevatedCheckCommand(settings: Pick<RunSettings, 'ports' | 'stun'>): string | null {
  let ports: string;
  try {
    ports = formatPortSpec(parsePortRanges(settings.ports));
  } catch {
    return null;
  }
  const words = ['sudo', 'voip-fwcheck', 'check', '--ports', ports];
  const servers = settings.stun.filter((s) => SAFE_SERVER.test(s));
  const custom =
    servers.length !== DEFAULT_STUN_SERVERS.length || servers.some((s, i) => s !== DEFAULT_STUN_SERVERS[i]);
  if (servers.length > 0 && custom) words.push('--stun', servers.join(','));
  words.push('--stop-services');
  return words.join(' ');
}
