/**
 * A simulated network for unit tests, on the manual clock: this host's sockets, a NAT with
 * independent mapping and filtering behaviour (RFC 4787), static port forwards, loss, and a
 * two-address STUN server with any of the behaviours in test/support/stun-wire.ts.
 */
import { BindError, type Datagram, type Transport, type UdpSocket } from '../../main/engine/transport';
import type { Endpoint } from '../../main/engine/stun/codec';
import { serverAnswer, type Behaviour } from '../support/stun-wire';
import type { ManualClock } from './manual-clock';

/** RFC 4787 §4.1 mapping behaviour, with port preservation as a separate axis. */
export type Mapping = 'independent-preserving' | 'independent-translating' | 'dependent';
/** RFC 4787 §5 filtering behaviour. */
export type Filtering = 'independent' | 'address' | 'address-port';

/** The simulated world. */
export interface SimOptions {
  behaviour?: Behaviour;
  primary?: Endpoint;
  alternate?: Endpoint;
  /** No NAT at all: the host is on a public address. */
  nat?: { mapping: Mapping; filtering: Filtering; forwards?: 'all' | ReadonlySet<number> } | null;
  publicIp?: string;
  dropOutbound?: ReadonlySet<number>;
  inUse?: ReadonlySet<number>;
  maxOpenSockets?: number;
  /** Loss probability per datagram, each direction. */
  lossOut?: number;
  lossIn?: number;
  seed?: number;
  latencyMs?: number;
}

/** One datagram the host sent, for assertions. */
export interface SentRecord {
  fromPort: number;
  to: Endpoint;
  at: number;
}

/** A seeded PRNG (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const same = (a: Endpoint, b: Endpoint) => a.address === b.address && a.port === b.port;

/** The simulated network; implements the engine's Transport. */
export class SimNetwork implements Transport {
  readonly sent: SentRecord[] = [];
  open = 0;
  maxOpen = 0;
  readonly primary: Endpoint;
  readonly alternate: Endpoint;
  private readonly sockets = new Map<number, (d: Datagram) => void>();
  private readonly random: () => number;
  private nextEphemeral = 50000;
  private nextPublic = 40000;
  /** NAT state: local port → public ports by destination key, and contacted remotes. */
  private readonly mappings = new Map<string, number>();
  private readonly contacted = new Map<number, Endpoint[]>();
  private readonly reverse = new Map<number, number>();

  constructor(
    private readonly clock: ManualClock,
    private readonly options: SimOptions = {},
  ) {
    this.primary = options.primary ?? { address: '203.0.113.100', port: 3478 };
    this.alternate = options.alternate ?? { address: '203.0.113.101', port: 3479 };
    this.random = seeded(options.seed ?? 1);
  }

  async bind(port: number): Promise<UdpSocket> {
    if (this.options.inUse?.has(port)) throw new BindError('EADDRINUSE', port);
    if (port !== 0 && this.sockets.has(port)) throw new BindError('EADDRINUSE', port);
    if (this.options.maxOpenSockets !== undefined && this.open >= this.options.maxOpenSockets)
      throw new BindError('EMFILE', port);
    const local = port === 0 ? this.nextEphemeral++ : port;
    const handlers = new Set<(d: Datagram) => void>();
    this.sockets.set(local, (d) => handlers.forEach((h) => h(d)));
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    let closed = false;
    return {
      localPort: local,
      send: async (data, to) => {
        if (closed) return 'ECLOSED';
        this.sent.push({ fromPort: local, to, at: this.clock.now() });
        this.outbound(local, data, to);
        return null;
      },
      onMessage: (handler) => {
        handlers.add(handler);
        return () => handlers.delete(handler);
      },
      close: () => {
        if (closed) return;
        closed = true;
        this.sockets.delete(local);
        this.open--;
      },
    };
  }

  private publicPortFor(local: number, to: Endpoint): number {
    const nat = this.options.nat;
    if (!nat) return local;
    const key = nat.mapping === 'dependent' ? `${local}>${to.address}:${to.port}` : `${local}`;
    let port = this.mappings.get(key);
    if (port === undefined) {
      port = nat.mapping === 'independent-preserving' && !this.reverse.has(local) ? local : this.nextPublic++;
      this.mappings.set(key, port);
      this.reverse.set(port, local);
    }
    return port;
  }

  private outbound(local: number, data: Buffer, to: Endpoint): void {
    if (this.options.dropOutbound?.has(local)) return;
    const publicPort = this.publicPortFor(local, to);
    const list = this.contacted.get(publicPort) ?? [];
    list.push(to);
    this.contacted.set(publicPort, list);
    if (this.random() < (this.options.lossOut ?? 0)) return;
    const from = { address: this.options.publicIp ?? '203.0.113.2', port: publicPort };
    const arrivedAt = same(to, this.primary) ? 'primary' : same(to, this.alternate) ? 'alternate' : null;
    if (!arrivedAt) return;
    const latency = this.options.latencyMs ?? 10;
    this.clock.setTimeout(() => {
      const answer = serverAnswer(
        this.options.behaviour ?? 'rfc5780',
        data,
        from,
        arrivedAt,
        this.primary,
        this.alternate,
      );
      if (!answer) return;
      const source = answer.via === 'primary' ? this.primary : this.alternate;
      this.clock.setTimeout(() => this.inbound(answer.data, source, publicPort), latency);
    }, latency);
  }

  private inbound(data: Buffer, source: Endpoint, publicPort: number): void {
    if (this.random() < (this.options.lossIn ?? 0)) return;
    const nat = this.options.nat;
    let local = publicPort;
    if (nat) {
      // Like conntrack: a reply to an existing flow is matched first; a static forward catches
      // what no flow admits.
      const mapped = this.reverse.get(publicPort);
      const seen = this.contacted.get(publicPort) ?? [];
      const admitted =
        mapped !== undefined &&
        (nat.filtering === 'independent' ||
          (nat.filtering === 'address' && seen.some((e) => e.address === source.address)) ||
          (nat.filtering === 'address-port' && seen.some((e) => same(e, source))));
      const forwarded = nat.forwards === 'all' || (nat.forwards?.has(publicPort) ?? false);
      if (admitted) local = mapped;
      else if (!forwarded) return;
    }
    this.sockets.get(local)?.({ data, from: source });
  }
}
