/**
 * `voip-fwcheck serve` as a library: starts every part of the test server from one settings
 * object (STUN on four UDP sockets, STUN and connect-back over TCP, SIP echo over UDP and TCP),
 * writes JSON-lines logs with a counters line per interval, and stops cleanly: sockets closed,
 * the last counters flushed, a `stopped` line written.
 */
import { ipScope } from '../../shared/address';
import { DEFAULT_CONNECT_BACK_PORTS, nodeConnector, type Connector } from './connect-back';
import { Counters, type Logger } from './log';
import { DEFAULT_LIMITS, perMinute, RateLimiter, type RateLimits } from './rate-limit';
import { startSip } from './sip-server';
import type { ServerLayout } from './stun-handler';
import type { Service } from './sockets';
import { startControlTcp, startStunUdp } from './stun-server';
import { VFC_VERSION } from './vfc-protocol';

/** Everything the server needs to run. */
export interface ServeSettings {
  primary: string;
  alternate: string;
  port: number;
  altPort: number;
  advertisePrimary: string | null;
  advertiseAlternate: string | null;
  /** SIP echo port on the primary address; null: no SIP echo. */
  sipPort: number | null;
  /** Ports the server may connect back to; empty: no connect-back. */
  connectBackPorts: number[];
  limits: RateLimits;
  /** Connect-back requests per source per minute. */
  connectBacksPerMinute: number;
  /** How often the counters line is written. */
  logIntervalMs: number;
  software: string;
}

/** Defaults for everything but the two addresses. */
export const DEFAULT_SETTINGS: Omit<ServeSettings, 'primary' | 'alternate'> = {
  port: 3478,
  altPort: 3479,
  advertisePrimary: null,
  advertiseAlternate: null,
  sipPort: 5060,
  connectBackPorts: DEFAULT_CONNECT_BACK_PORTS,
  limits: DEFAULT_LIMITS,
  connectBacksPerMinute: 6,
  logIntervalMs: 60_000,
  software: 'voip-fwcheck',
};

/** A running server. */
export interface RunningServer {
  counters: Counters;
  /** Stops everything; safe to call twice. */
  close(): Promise<void>;
}

/** Injected for tests: the clock of the limiters and the connect-back connector. */
export interface ServeDeps {
  logger: Logger;
  now?: () => number;
  connector?: Connector;
}

/** The STUN layout (and VFC-CAPABILITIES) of a settings object. */
export function layoutOf(settings: ServeSettings): ServerLayout {
  return {
    primary: settings.primary,
    alternate: settings.alternate,
    port: settings.port,
    altPort: settings.altPort,
    advertisePrimary: settings.advertisePrimary,
    advertiseAlternate: settings.advertiseAlternate,
    software: settings.software,
    maxFactor: 3,
    capabilities: {
      version: VFC_VERSION,
      sipUdp: settings.sipPort !== null,
      sipTcp: settings.sipPort !== null,
      connectBack: settings.connectBackPorts.length > 0,
      sipPort: settings.sipPort ?? 0,
      controlPort: settings.connectBackPorts.length > 0 ? settings.port : 0,
      allowedPorts: settings.connectBackPorts,
    },
  };
}

/**
 * What an operator should hear about the addresses: our checker accepts a second address only in
 * the scope of the first (main/engine/select-server.ts), so private addresses announced to the
 * internet, or a public/private mix, would make every check stop at NO_SECOND_ADDRESS.
 */
export function addressWarnings(settings: ServeSettings): string[] {
  const primary = settings.advertisePrimary ?? settings.primary;
  const alternate = settings.advertiseAlternate ?? settings.alternate;
  const out: string[] = [];
  if (ipScope(primary) !== ipScope(alternate)) {
    out.push(
      `${primary} is ${ipScope(primary)} but ${alternate} is ${ipScope(alternate)}: checkers will refuse the second address`,
    );
  }
  for (const address of new Set([primary, alternate])) {
    const scope = ipScope(address);
    if (scope === 'private' || scope === 'shared') {
      out.push(
        `${address} is a ${scope} address: behind a one-to-one NAT, announce the public ones with --advertise-primary/--advertise-alternate`,
      );
    }
  }
  return out;
}

/** Starts the server; rejects (having closed what it opened) when a socket cannot be bound. */
export async function startServer(settings: ServeSettings, deps: ServeDeps): Promise<RunningServer> {
  const now = deps.now ?? (() => performance.now());
  const counters = new Counters();
  const ctx = { limiter: new RateLimiter(settings.limits, now), counters };
  const layout = layoutOf(settings);
  const services: Service[] = [];
  try {
    services.push(await startStunUdp(layout, ctx));
    services.push(
      await startControlTcp(layout, ctx, {
        allowed: settings.connectBackPorts,
        limiter: new RateLimiter(perMinute(settings.connectBacksPerMinute, 600, 10_000), now),
        connector: deps.connector ?? nodeConnector(settings.primary),
        maxConnections: 64,
        idleMs: 10_000,
      }),
    );
    if (settings.sipPort !== null) {
      services.push(await startSip(settings.primary, settings.sipPort, ctx, { maxConnections: 256, idleMs: 10_000 }));
    }
  } catch (error) {
    await Promise.all(services.map((s) => s.close()));
    throw error;
  }
  const flush = (): void => deps.logger.event('counters', { ...counters.take(), sources: ctx.limiter.size });
  const timer = setInterval(flush, settings.logIntervalMs);
  deps.logger.event('started', {
    stun: [`${settings.primary}:${settings.port}`, `${settings.primary}:${settings.altPort}`].concat([
      `${settings.alternate}:${settings.port}`,
      `${settings.alternate}:${settings.altPort}`,
    ]),
    control: `${settings.primary}:${settings.port}/tcp`,
    sip: settings.sipPort === null ? null : `${settings.primary}:${settings.sipPort}`,
    connectBackPorts: settings.connectBackPorts,
    advertise: [settings.advertisePrimary, settings.advertiseAlternate],
    limits: settings.limits,
  });
  for (const message of addressWarnings(settings)) deps.logger.event('warning', { message });
  let closing: Promise<void> | null = null;
  return {
    counters,
    close: () =>
      (closing ??= (async () => {
        clearInterval(timer);
        await Promise.all(services.map((s) => s.close()));
        flush();
        deps.logger.event('stopped');
      })()),
  };
}
