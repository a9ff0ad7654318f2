/**
 * The `serve` command line: arguments (without the word "serve") -> ServeSettings, or a message
 * saying what is wrong. Addresses go through shared/address.ts (strict, canonical text).
 */
import { parseArgs } from 'node:util';
import { formatIp, parseIp } from '../../shared/address';
import { parsePortSpec } from '../../shared/ports';
import { DEFAULT_SETTINGS, type ServeSettings } from './server';
import { MAX_CONNECT_BACK_PORTS } from './vfc-protocol';

/** Parsed command line. */
export type ServeArgs =
  { kind: 'run'; settings: ServeSettings } | { kind: 'help' } | { kind: 'error'; message: string };

const OPTIONS = {
  primary: { type: 'string' },
  alternate: { type: 'string' },
  port: { type: 'string' },
  'alt-port': { type: 'string' },
  'sip-port': { type: 'string' },
  'tcp-ports': { type: 'string' },
  'advertise-primary': { type: 'string' },
  'advertise-alternate': { type: 'string' },
  'rate-per-source': { type: 'string' },
  'burst-per-source': { type: 'string' },
  'rate-global': { type: 'string' },
  'burst-global': { type: 'string' },
  'max-sources': { type: 'string' },
  'connect-backs-per-minute': { type: 'string' },
  'log-interval': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Usage text of `voip-fwcheck serve`. */
export const SERVE_USAGE = `Usage: voip-fwcheck serve --primary IP --alternate IP [options]

Runs a test server for voip-fwcheck: STUN (RFC 5389/5780/3489) on both addresses x both ports,
SIP echo over UDP and TCP on the primary address, TCP connect-back. Logs JSON lines on stdout.

  --primary IP, --alternate IP    two addresses of this machine (same family)
  --port N, --alt-port N          STUN ports (3478, 3479); also STUN/connect-back over TCP on primary:port
  --sip-port N|none               SIP echo port on the primary address (5060)
  --tcp-ports SPEC|none           ports the server may connect back to (5060,5061,5090; at most 8)
  --advertise-primary IP          public addresses to announce behind a one-to-one NAT
  --advertise-alternate IP
  --rate-per-source N             requests per second per source address (1000)
  --burst-per-source N            burst per source address (6000)
  --rate-global N, --burst-global N   the same for the whole server (20000, 40000)
  --max-sources N                 source addresses tracked at once (65536)
  --connect-backs-per-minute N    connect-back requests per source per minute (6)
  --log-interval SECONDS          how often the counters line is written (60)

Ports below 1024 need CAP_NET_BIND_SERVICE (or root).
`;

function ip(value: string | undefined, name: string): string {
  const parsed = value === undefined ? null : parseIp(value);
  if (!parsed || parsed.zone !== null)
    throw new Error(`--${name} needs an IP address, got ${JSON.stringify(value ?? '')}`);
  return formatIp(parsed);
}

function int(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** Parses the `serve` arguments. */
export function parseServeArgs(argv: readonly string[]): ServeArgs {
  try {
    const { values: v, positionals } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: true,
    });
    if (v.help) return { kind: 'help' };
    if (positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const d = DEFAULT_SETTINGS;
    const primary = ip(v.primary, 'primary');
    const alternate = ip(v.alternate, 'alternate');
    if (primary === alternate) throw new Error('--primary and --alternate must be two different addresses');
    if (primary.includes(':') !== alternate.includes(':'))
      throw new Error('--primary and --alternate must be of the same family');
    const port = int(v.port, 'port', d.port, 1, 65535);
    const altPort = int(v['alt-port'], 'alt-port', d.altPort, 1, 65535);
    if (port === altPort) throw new Error('--port and --alt-port must differ');
    const sipPort = v['sip-port'] === 'none' ? null : int(v['sip-port'], 'sip-port', d.sipPort!, 1, 65535);
    if (sipPort === port || sipPort === altPort) throw new Error('--sip-port must differ from the STUN ports');
    const spec = v['tcp-ports'];
    const connectBackPorts = spec === undefined ? d.connectBackPorts : spec === 'none' ? [] : parsePortSpec(spec);
    if (connectBackPorts.length > MAX_CONNECT_BACK_PORTS)
      throw new Error(`--tcp-ports takes at most ${MAX_CONNECT_BACK_PORTS} ports`);
    const advertise = (name: 'advertise-primary' | 'advertise-alternate'): string | null => {
      const value = v[name] === undefined ? null : ip(v[name], name);
      if (value !== null && value.includes(':') !== primary.includes(':'))
        throw new Error(`--${name} must be of the family of --primary`);
      return value;
    };
    const big = 10_000_000;
    return {
      kind: 'run',
      settings: {
        ...d,
        primary,
        alternate,
        port,
        altPort,
        sipPort,
        connectBackPorts,
        advertisePrimary: advertise('advertise-primary'),
        advertiseAlternate: advertise('advertise-alternate'),
        limits: {
          ratePerSource: int(v['rate-per-source'], 'rate-per-source', d.limits.ratePerSource, 1, big),
          burstPerSource: int(v['burst-per-source'], 'burst-per-source', d.limits.burstPerSource, 1, big),
          rateGlobal: int(v['rate-global'], 'rate-global', d.limits.rateGlobal, 1, big),
          burstGlobal: int(v['burst-global'], 'burst-global', d.limits.burstGlobal, 1, big),
          maxSources: int(v['max-sources'], 'max-sources', d.limits.maxSources, 1, big),
        },
        connectBacksPerMinute: int(
          v['connect-backs-per-minute'],
          'connect-backs-per-minute',
          d.connectBacksPerMinute,
          0,
          10_000,
        ),
        logIntervalMs: int(v['log-interval'], 'log-interval', d.logIntervalMs / 1000, 1, 86_400) * 1000,
      },
    };
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
}
