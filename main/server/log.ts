/**
 * Structured logs for the server: one JSON object per line (`{"time":…,"event":…,…}`), so a
 * journal or a log shipper can read them without a parser of ours. Counters are kept in memory
 * and written as one `counters` line per interval (a minute by default), then reset, so a flood
 * costs one line a minute rather than one line a packet.
 */

/** Writes one event. Fields must be JSON-serialisable; never put request bytes here. */
export interface Logger {
  event(event: string, fields?: Record<string, unknown>): void;
}

/** A logger writing JSON lines through `write`; `now` gives the timestamp. */
export function jsonLinesLogger(write: (line: string) => void, now: () => Date = () => new Date()): Logger {
  return {
    event(event, fields = {}) {
      write(`${JSON.stringify({ time: now().toISOString(), event, ...fields })}\n`);
    },
  };
}

/** What is counted: received, answered, refused by reason, rate-limited by bucket. */
export type CounterName =
  | 'stun.requests'
  | 'stun.answers'
  | 'stun.errors.400'
  | 'stun.errors.420'
  | 'stun.dropped.not-stun'
  | 'stun.dropped.not-request'
  | 'stun.dropped.bad-fingerprint'
  | 'sip.requests'
  | 'sip.answers'
  | 'sip.dropped.not-sip'
  | 'sip.dropped.ack'
  | 'sip.dropped.too-large'
  | 'sip.dropped.amplification'
  | 'tcp.connections'
  | 'tcp.refused.busy'
  | 'tcp.timeouts'
  | 'connect-back.requests'
  | 'connect-back.attempts'
  | 'connect-back.connected'
  | 'connect-back.refused.not-allowed'
  | 'rate-limited.source'
  | 'rate-limited.global'
  | 'rate-limited.connect-back'
  | 'send.errors';

/** Counters since the last flush. */
export class Counters {
  private values = new Map<CounterName, number>();
  private readonly totals = new Map<CounterName, number>();

  /** Adds `n` to a counter. */
  inc(name: CounterName, n = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + n);
    this.totals.set(name, (this.totals.get(name) ?? 0) + n);
  }

  /** A counter's value since the start (never reset). */
  total(name: CounterName): number {
    return this.totals.get(name) ?? 0;
  }

  /** The non-zero counters, sorted by name, and resets them. */
  take(): Record<string, number> {
    const out = Object.fromEntries([...this.values].sort(([a], [b]) => a.localeCompare(b)));
    this.values = new Map();
    return out;
  }
}

/** Node's error codes for a failed bind, turned into a sentence an operator can act on. */
export function describeBindError(error: unknown, what: string, port: number): string {
  const code = (error as { code?: string }).code;
  if (code === 'EACCES' && port < 1024) {
    return (
      `${what}: permission denied on port ${port}: ports below 1024 need CAP_NET_BIND_SERVICE ` +
      '(systemd: AmbientCapabilities=CAP_NET_BIND_SERVICE; otherwise: setcap cap_net_bind_service=+ep "$(command -v node)")'
    );
  }
  if (code === 'EADDRINUSE') return `${what}: port ${port} is already in use`;
  if (code === 'EADDRNOTAVAIL') return `${what}: this machine has no such address (${code})`;
  return `${what}: ${(error as Error).message ?? String(error)}`;
}
