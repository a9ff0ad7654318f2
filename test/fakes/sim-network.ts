/**
 * A simulated network on the fake clock, implementing the engine's Transport: this host's UDP
 * sockets (ports in use, a descriptor limit, an ephemeral range), a NAT router in front of it with
 * independent mapping and filtering behaviour (RFC 4787 §4.1, §5), static port forwards, outbound
 * drops per port, seeded loss in each direction and latency, and any number of two-address STUN
 * servers (./stun-server.ts) on the far side. Every datagram is recorded, so tests can prove what
 * was sent from which port to where.
 */
import type { Endpoint } from '../../main/engine/stun/codec';
import { BindError, type Datagram, type Transport, type UdpSocket } from '../../main/engine/transport';
import type { Clock } from '../../main/engine/clock';
import { parseRequest, SimStunServer, type ServerAnswer, type ServerBehaviour, type ServerPreset } from './stun-server';
import { ScanProtection, type Protection } from './scan-protection';

/** RFC 4787 §4.1 mapping, with port preservation (§4.2.1) as part of the endpoint-independent kinds. */
export type Mapping = 'independent-preserving' | 'independent-translating' | 'dependent';
/** RFC 4787 §5 filtering: full cone, address-restricted, port-restricted. */
export type Filtering = 'independent' | 'address' | 'address-port';

/** The router in front of the host. */
export interface NatConfig {
  mapping: Mapping;
  filtering: Filtering;
  /** Ports forwarded to this host, public N to local N. */
  forwards?: 'all' | Iterable<number>;
  /**
   * true (default): a forward is one-to-one both ways (static NAT), so datagrams leaving a
   * forwarded port keep its number whatever `mapping` says. false: inbound only (a DNAT rule), the
   * outbound side follows `mapping`.
   */
  forwardsKeepOutboundPort?: boolean;
  /** The router's public address; `publicIpFor` overrides it per local port (multi-WAN). */
  publicIp?: string;
  publicIpFor?: (localPort: number) => string;
}

/** A STUN server on the far side. */
export interface ServerConfig {
  primary: Endpoint;
  alternate: Endpoint;
  behaviour?: ServerBehaviour | ServerPreset;
}

/** The simulated world. Everything has a default: one good RFC 5780 server behind a port-restricted NAT. */
export interface SimOptions {
  /** The host's LAN address. */
  hostIp?: string;
  /** The router; null: the host sits on a public address without NAT. */
  nat?: NatConfig | null;
  servers?: ServerConfig[];
  /** Shorthand: the behaviour of the default server (when `servers` is not given). */
  behaviour?: ServerBehaviour | ServerPreset;
  /** Names the simulated resolver knows. */
  dns?: Record<string, string[]>;
  /** Ports another process holds: bind rejects with EADDRINUSE. */
  inUse?: Iterable<number>;
  /** An error code for bind to reject with (EACCES…), checked before everything else. */
  bindError?: (port: number) => string | null;
  /** Most sockets open at once; beyond it bind rejects with EMFILE. */
  maxOpenSockets?: number;
  /** Where bind(0) picks ports, in order. Default 49152–65535. */
  ephemeral?: { from: number; to: number };
  /** Local ports whose outbound datagrams the router drops (an outbound firewall rule). */
  dropOutbound?: Iterable<number>;
  /** Loss probability per datagram, host → server. */
  lossOut?: number;
  /** Loss probability per datagram, server → host. */
  lossIn?: number;
  /** Seed of the PRNG behind loss. */
  seed?: number;
  /** One-way latency, ms. */
  latencyMs?: number;
  /** An error code for socket.send to report instead of sending (e.g. a host firewall: EPERM). */
  sendError?: (localPort: number, to: Endpoint) => string | null;
  /**
   * Something on the path between the servers and the router (damage, an attacker): the datagrams
   * to deliver instead of each server answer, in order. `index` counts the earlier answers to the
   * same transaction ID, so a test can spoil only the first one.
   */
  tamper?: (answer: ServerAnswer, index: number) => ServerAnswer[];
  /** The router's port-scan / flood protection (./scan-protection.ts), applied in this order. */
  protection?: Protection[];
}

/** A datagram the host sent. */
export interface SentRecord {
  at: number;
  /** The local port it left from. */
  fromPort: number;
  to: Endpoint;
  /** Whether it carried CHANGE-REQUEST with any flag. */
  change: boolean;
  transactionId: string | null;
}

/** A datagram delivered to one of the host's sockets. */
export interface DeliveredRecord {
  at: number;
  localPort: number;
  from: Endpoint;
}

/** A seeded PRNG (mulberry32): the same seed gives the same sequence on every platform. */
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

/** The default server's primary address (the lab's, see test/lab/nat-lab.ts). */
export const PRIMARY: Endpoint = { address: '203.0.113.100', port: 3478 };
/** The default server's second address. */
export const ALTERNATE: Endpoint = { address: '203.0.113.101', port: 3479 };
/** The router's public address. */
export const PUBLIC_IP = '203.0.113.2';
/** The host's LAN address. */
export const HOST_IP = '192.0.2.10';

const key = (e: Endpoint): string => `${e.address}:${e.port}`;

interface NatMapping {
  localPort: number;
  publicPort: number;
  /** Remote endpoints this mapping has sent to, for filtering. */
  contacted: Set<string>;
  contactedIps: Set<string>;
}

interface OpenSocket {
  localPort: number;
  explicit: boolean;
  deliver: (datagram: Datagram) => void;
}

/** The simulated network. Pass it as `transport`, and `resolve` as the resolver. */
export class SimNetwork implements Transport {
  readonly servers: SimStunServer[];
  /** Every datagram the host's sockets sent, in order. */
  readonly sent: SentRecord[] = [];
  /** Every datagram handed to one of the host's sockets. */
  readonly delivered: DeliveredRecord[] = [];
  /** Sockets open now. */
  open = 0;
  /** Most sockets open at once. */
  maxOpen = 0;
  /** Most sockets bound to an explicit port (not bind(0)) open at once. */
  maxOpenExplicit = 0;
  /** Every port bound, in order (bind(0) included, with the port it got). */
  readonly bound: { port: number; explicit: boolean; at: number }[] = [];
  /** Bind attempts refused, with the code. */
  readonly bindFailures: { port: number; code: string }[] = [];
  /** Beyond this many open sockets bind rejects with EMFILE; tests may change it mid-run. */
  socketLimit: number;
  /** Resolver calls, by name. */
  readonly lookups: string[] = [];

  private readonly sockets = new Map<number, OpenSocket>();
  private openExplicit = 0;
  private readonly inUse: Set<number>;
  private readonly dropOutbound: Set<number>;
  private readonly random: () => number;
  private nextEphemeral: number;
  /** NAT state. Endpoint-independent: one mapping per local port; dependent: per local port and destination. */
  private readonly mappings = new Map<string, NatMapping>();
  private readonly byPublicPort = new Map<string, NatMapping>();
  private nextPoolPort = 61000;
  /** Server answers so far, by transaction ID (for `tamper`). */
  private readonly answersTo = new Map<string, number>();
  private readonly forwards: 'all' | Set<number>;
  /** The router's scan protection (empty: none). */
  readonly protection: ScanProtection;

  constructor(
    private readonly clock: Clock,
    private readonly options: SimOptions = {},
  ) {
    this.servers = (options.servers ?? [{ primary: PRIMARY, alternate: ALTERNATE, behaviour: options.behaviour }]).map(
      (s) => new SimStunServer(s.primary, s.alternate, s.behaviour ?? 'rfc5780'),
    );
    this.inUse = new Set(options.inUse ?? []);
    this.dropOutbound = new Set(options.dropOutbound ?? []);
    this.socketLimit = options.maxOpenSockets ?? Infinity;
    this.random = seeded(options.seed ?? 1);
    this.nextEphemeral = options.ephemeral?.from ?? 49152;
    const forwards = this.nat?.forwards;
    this.forwards = forwards === 'all' ? 'all' : new Set(forwards ?? []);
    this.protection = new ScanProtection(options.protection ?? []);
  }

  /** The first server (most tests have one). */
  get server(): SimStunServer {
    return this.servers[0]!;
  }

  private get nat(): NatConfig | null {
    return this.options.nat === undefined
      ? { mapping: 'independent-preserving', filtering: 'address-port' }
      : this.options.nat;
  }

  /** The simulated resolver: names from `dns`, ENOTFOUND otherwise. Bound, so it can be passed as is. */
  readonly resolve = async (host: string): Promise<string[]> => {
    this.lookups.push(host);
    const addresses = this.options.dns?.[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [...addresses];
  };

  /** Datagrams sent from `localPort`. */
  sentFrom(localPort: number): SentRecord[] {
    return this.sent.filter((s) => s.fromPort === localPort);
  }

  async bind(port: number): Promise<UdpSocket> {
    const fail = (code: string): never => {
      this.bindFailures.push({ port, code });
      throw new BindError(code, port);
    };
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail('EINVAL');
    const refused = this.options.bindError?.(port) ?? null;
    if (refused) fail(refused);
    if (port !== 0 && (this.inUse.has(port) || this.sockets.has(port))) fail('EADDRINUSE');
    if (this.open >= this.socketLimit) fail('EMFILE');
    const localPort = port === 0 ? this.pickEphemeral() : port;
    if (localPort === null) return fail('EADDRINUSE');
    const explicit = port !== 0;
    const handlers = new Set<(datagram: Datagram) => void>();
    const entry: OpenSocket = {
      localPort,
      explicit,
      deliver: (datagram) => {
        for (const handler of [...handlers]) handler(datagram);
      },
    };
    this.sockets.set(localPort, entry);
    this.bound.push({ port: localPort, explicit, at: this.clock.now() });
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    if (explicit) {
      this.openExplicit++;
      this.maxOpenExplicit = Math.max(this.maxOpenExplicit, this.openExplicit);
    }
    let closed = false;
    return {
      localPort,
      send: async (data, to) => {
        if (closed) return 'ECLOSED';
        const error = this.options.sendError?.(localPort, to) ?? null;
        if (error) return error;
        this.outbound(localPort, data, to);
        return null;
      },
      onMessage: (handler) => {
        handlers.add(handler);
        return () => {
          handlers.delete(handler);
        };
      },
      close: () => {
        if (closed) return;
        closed = true;
        handlers.clear();
        this.sockets.delete(localPort);
        this.open--;
        if (explicit) this.openExplicit--;
      },
    };
  }

  private pickEphemeral(): number | null {
    const from = this.options.ephemeral?.from ?? 49152;
    const to = this.options.ephemeral?.to ?? 65535;
    const size = to - from + 1;
    for (let i = 0; i < size; i++) {
      const port = this.nextEphemeral;
      this.nextEphemeral = port >= to ? from : port + 1;
      if (!this.inUse.has(port) && !this.sockets.has(port)) return port;
    }
    return null;
  }

  private isForwarded(port: number): boolean {
    return this.forwards === 'all' || this.forwards.has(port);
  }

  private publicIpFor(localPort: number): string {
    const nat = this.nat;
    if (!nat) return this.options.hostIp ?? PUBLIC_IP; // no NAT: the host's own address is public
    return nat.publicIpFor?.(localPort) ?? nat.publicIp ?? PUBLIC_IP;
  }

  /** The NAT mapping a datagram from `localPort` to `to` leaves through; created on first use. */
  private mappingFor(localPort: number, to: Endpoint, nat: NatConfig): NatMapping {
    const ip = this.publicIpFor(localPort);
    const staticPort = this.isForwarded(localPort) && (nat.forwardsKeepOutboundPort ?? true);
    const id = nat.mapping === 'dependent' && !staticPort ? `${localPort}>${key(to)}` : `${localPort}`;
    let mapping = this.mappings.get(id);
    if (!mapping) {
      let publicPort: number;
      if (staticPort) publicPort = localPort;
      else if (nat.mapping === 'independent-preserving' && !this.byPublicPort.has(`${ip}:${localPort}`)) {
        publicPort = localPort;
      } else publicPort = this.poolPort(ip, localPort);
      mapping = { localPort, publicPort, contacted: new Set(), contactedIps: new Set() };
      this.mappings.set(id, mapping);
      this.byPublicPort.set(`${ip}:${publicPort}`, mapping);
    }
    return mapping;
  }

  /**
   * A free public port that differs from the local one and, when the forwards are a list, is not
   * forwarded (with every port forwarded, a flow's mapping takes precedence, as in conntrack).
   */
  private poolPort(ip: string, localPort: number): number {
    for (let tries = 0; tries < 65536; tries++) {
      const port = this.nextPoolPort;
      this.nextPoolPort = port >= 65535 ? 1024 : port + 1;
      const forwarded = this.forwards !== 'all' && this.forwards.has(port);
      if (port !== localPort && !forwarded && !this.byPublicPort.has(`${ip}:${port}`)) return port;
    }
    throw new Error('the simulated NAT has no public port left');
  }

  private outbound(localPort: number, data: Buffer, to: Endpoint): void {
    const request = parseRequest(data);
    this.sent.push({
      at: this.clock.now(),
      fromPort: localPort,
      to: { ...to },
      change: !!request && (request.changeIp || request.changePort),
      transactionId: request?.transactionId ?? null,
    });
    if (this.dropOutbound.has(localPort)) return;
    const nat = this.nat;
    let from: Endpoint;
    if (nat) {
      const mapping = this.mappingFor(localPort, to, nat);
      mapping.contacted.add(key(to));
      mapping.contactedIps.add(to.address);
      from = { address: this.publicIpFor(localPort), port: mapping.publicPort };
    } else {
      from = { address: this.publicIpFor(localPort), port: localPort };
    }
    if (this.random() < (this.options.lossOut ?? 0)) return;
    const server = this.servers.find((s) => s.owns(to));
    if (!server) return; // nobody there
    const latency = this.options.latencyMs ?? 10;
    this.clock.setTimeout(() => {
      const answer = server.handle(data, from, to, this.clock.now());
      if (!answer) return;
      const id = request?.transactionId ?? '';
      const index = this.answersTo.get(id) ?? 0;
      this.answersTo.set(id, index + 1);
      const arriving = this.options.tamper ? this.options.tamper(answer, index) : [answer];
      for (const a of arriving) this.clock.setTimeout(() => this.inbound(a.data, a.from, from), latency);
    }, latency);
  }

  /** A datagram from `source` reaches the router's public address `to`. */
  private inbound(data: Buffer, source: Endpoint, to: Endpoint): void {
    if (this.random() < (this.options.lossIn ?? 0)) return;
    const nat = this.nat;
    let localPort = to.port;
    if (nat) {
      const mapping = this.byPublicPort.get(`${to.address}:${to.port}`);
      // A reply to a flow the host opened is not new for conntrack; everything else is.
      const reply = !!mapping && mapping.contacted.has(key(source));
      if (!this.protection.admit(source.address, to.port, reply, this.clock.now())) return;
      // Like conntrack: a datagram that an existing mapping admits goes to it; a static forward
      // catches what no mapping admits.
      const admitted =
        !!mapping &&
        (nat.filtering === 'independent' ||
          (nat.filtering === 'address' && mapping.contactedIps.has(source.address)) ||
          (nat.filtering === 'address-port' && mapping.contacted.has(key(source))));
      if (mapping && admitted) localPort = mapping.localPort;
      else if (this.isForwarded(to.port)) localPort = to.port;
      else return;
    }
    const socket = this.sockets.get(localPort);
    if (!socket) return;
    this.delivered.push({ at: this.clock.now(), localPort, from: { ...source } });
    socket.deliver({ data, from: { ...source } });
  }
}
