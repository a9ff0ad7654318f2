import { describe, expect, it } from 'vitest';
import type { RunCode } from '../../../shared/codes';
import { parseServerList } from '../../../shared/servers';
import { createPacer, unlimitedPacer } from '../../../main/engine/pacer';
import {
  DNS_TIMEOUT_MS,
  selectFallback,
  selectServer,
  type Resolver,
  type SelectionDeps,
} from '../../../main/engine/select-server';
import { retransmitSchedule } from '../../../main/engine/transaction';
import { FakeClock } from '../../fakes/fake-clock';
import { SimNetwork, type NatConfig, type ServerConfig, type SimOptions } from '../../fakes/sim-network';
import type { ServerPreset } from '../../fakes/stun-server';

/** Every server preset on its own addresses, with a name: `<preset>.example` → 198.51.100.x. */
const PRESETS: ServerPreset[] = [
  'rfc5780',
  'rfc3489',
  'ignores-change',
  'error-420',
  'advertises-unspecified',
  'advertises-same-ip',
  'advertises-private',
  'no-second-address',
  'silent-second-address',
  'drops-change',
  'malformed',
  'rewritten-mapped',
];
const primaryIp = (preset: ServerPreset) => `198.51.100.${10 + 2 * PRESETS.indexOf(preset)}`;
const alternateIp = (preset: ServerPreset) => `198.51.100.${11 + 2 * PRESETS.indexOf(preset)}`;
const SERVERS: ServerConfig[] = PRESETS.map((preset) => ({
  primary: { address: primaryIp(preset), port: 3478 },
  alternate: { address: alternateIp(preset), port: 3479 },
  behaviour: preset,
}));
const DNS: Record<string, string[]> = {
  ...Object.fromEntries(PRESETS.map((p) => [`${p}.example`, [primaryIp(p)]])),
  'dead.example': ['198.51.100.201'],
  'v6only.example': ['2001:db8::1'],
  'three-dead.example': ['198.51.100.201', '198.51.100.202', '198.51.100.203', primaryIp('rfc5780')],
  'two-dead.example': ['198.51.100.201', '198.51.100.202', primaryIp('rfc5780')],
};
const PORT_RESTRICTED: NatConfig = { mapping: 'independent-preserving', filtering: 'address-port' };

function world(options: SimOptions = {}) {
  const clock = new FakeClock();
  const net = new SimNetwork(clock, { servers: SERVERS, dns: DNS, nat: PORT_RESTRICTED, ...options });
  return { clock, net };
}

/** Runs selection over `names` in `w`; ports 9000–9019 are the checked ones unless told otherwise. */
async function select(
  names: string[],
  w = world(),
  deps: Partial<SelectionDeps> = {},
): Promise<{ selection: Awaited<ReturnType<typeof selectServer>>; clock: FakeClock; net: SimNetwork }> {
  const { clock, net } = w;
  const selection = await clock.run(
    selectServer(parseServerList(names), {
      transport: net,
      clock,
      pacer: unlimitedPacer,
      resolve: net.resolve,
      schedule: retransmitSchedule(1000),
      checkedPorts: new Set(Array.from({ length: 20 }, (_, i) => 9000 + i)),
      ...deps,
    }),
  );
  return { selection, clock, net };
}

describe('server selection', () => {
  it('picks the first good server and reports what it found', async () => {
    const { selection, net } = await select(['rfc5780.example', 'rfc3489.example']);
    expect(selection).toEqual({
      ok: true,
      server: {
        spec: { host: 'rfc5780.example', port: 3478, raw: 'rfc5780.example' },
        primary: { address: primaryIp('rfc5780'), port: 3478 },
        alternate: { address: alternateIp('rfc5780'), port: 3479 },
        alternateSource: 'OTHER-ADDRESS',
        changeRequestVerified: true,
        mapped: { address: '203.0.113.2', port: net.bound[0]!.port },
        software: 'sim stuntman',
      },
      attempts: [
        {
          name: 'rfc5780.example:3478',
          resolved: [primaryIp('rfc5780')],
          code: null,
          detail: `second address ${alternateIp('rfc5780')}:3479 (OTHER-ADDRESS); CHANGE-REQUEST answered from the second address`,
        },
      ],
    });
    // the second server was never contacted
    expect(net.sent.some((s) => s.to.address === primaryIp('rfc3489'))).toBe(false);
    expect(net.open).toBe(0);
  });

  it('uses an RFC 3489 server through CHANGED-ADDRESS and MAPPED-ADDRESS', async () => {
    const { selection } = await select(['rfc3489.example']);
    expect(selection).toMatchObject({
      ok: true,
      server: {
        alternate: { address: alternateIp('rfc3489'), port: 3479 },
        alternateSource: 'CHANGED-ADDRESS',
        changeRequestVerified: true,
        software: null,
      },
    });
  });

  it('follows RFC 5780 §4: a plain request to the primary, one to the second address, then CHANGE-REQUEST to the primary', async () => {
    const { net } = await select(['rfc5780.example']);
    const steps = net.sent
      .map((s) => `${s.to.address}:${s.to.port}${s.change ? ' change' : ''}`)
      .filter((step, i, all) => step !== all[i - 1]);
    expect(steps).toEqual([
      `${primaryIp('rfc5780')}:3478`,
      `${alternateIp('rfc5780')}:3479`,
      `${primaryIp('rfc5780')}:3478 change`,
    ]);
    expect(net.sent.filter((s) => s.change && s.to.address !== primaryIp('rfc5780'))).toEqual([]);
  });

  it.each<[string, string, RunCode, RegExp]>([
    ['a name that does not resolve', 'nowhere.example', 'DNS_FAILED', /^nowhere\.example: ENOTFOUND$/],
    ['a name with only IPv6 addresses', 'v6only.example', 'DNS_FAILED', /has no IPv4 address/],
    ['a silent server', 'dead.example', 'STUN_UNREACHABLE', /^198\.51\.100\.201:3478: no answer$/],
    [
      'a server without a second address',
      'no-second-address.example',
      'NO_SECOND_ADDRESS',
      /advertises no second address/,
    ],
    [
      'a server advertising 0.0.0.0',
      'advertises-unspecified.example',
      'NO_SECOND_ADDRESS',
      /advertises 0\.0\.0\.0:3479 as its second address/,
    ],
    [
      'a server advertising its own IP',
      'advertises-same-ip.example',
      'NO_SECOND_ADDRESS',
      /advertises a second address on the same IP \(198\.51\.100\.20:3479\)/,
    ],
    [
      'a server advertising a private address',
      'advertises-private.example',
      'NO_SECOND_ADDRESS',
      /advertises 10\.0\.0\.2:3479, which is not in its own address scope/,
    ],
    [
      'a server whose second address is silent',
      'silent-second-address.example',
      'NO_SECOND_ADDRESS',
      /the second address 198\.51\.100\.27:3479 does not answer/,
    ],
    ['a server answering 420 to CHANGE-REQUEST', 'error-420.example', 'NO_SECOND_ADDRESS', /with error 420/],
    [
      'a server dropping CHANGE-REQUEST (seen through an endpoint-independent NAT)',
      'drops-change.example',
      'NO_SECOND_ADDRESS',
      /does not answer CHANGE-REQUEST/,
    ],
    [
      'a server ignoring CHANGE-REQUEST',
      'ignores-change.example',
      'CHANGE_REQUEST_IGNORED',
      /answers CHANGE-REQUEST from its primary address/,
    ],
    ['a server sending malformed answers', 'malformed.example', 'STUN_MALFORMED', /runs past the end of the message/],
  ])('skips %s and says why', async (_label, name, code, detail) => {
    const { selection, net } = await select([name, 'rfc5780.example']);
    expect(selection.ok).toBe(true);
    expect(selection.ok && selection.server.primary.address).toBe(primaryIp('rfc5780'));
    expect(selection.attempts).toHaveLength(2);
    expect(selection.attempts[0]).toMatchObject({ name: `${name}:3478`, code });
    expect(selection.attempts[0]!.detail).toMatch(detail);
    expect(selection.attempts[1]!.code).toBeNull();
    expect(net.open).toBe(0);
  });

  it('never sends anything to a private second address', async () => {
    const { net } = await select(['advertises-private.example']);
    expect(net.sent.length).toBeGreaterThan(0);
    expect(net.sent.filter((s) => s.to.address === '10.0.0.2')).toEqual([]);
  });

  it.each([
    [
      'carrier-grade NAT space (100.64.0.0/10)',
      '100.64.1.2',
      /advertises 100\.64\.1\.2:3479, which is not in its own address scope/,
    ],
    ['multicast', '224.0.0.1', /advertises 224\.0\.0\.1:3479 as its second address/],
    ['reserved space', '240.0.0.1', /advertises 240\.0\.0\.1:3479 as its second address/],
    ['"this network" (0/8)', '0.1.2.3', /advertises 0\.1\.2\.3:3479 as its second address/],
  ])('refuses a second address in %s and never sends to it', async (_label, ip, detail) => {
    const w = world();
    w.net.servers[PRESETS.indexOf('advertises-private')]!.behaviour.insideIp = ip;
    const { selection, net } = await select(['advertises-private.example'], w);
    expect(selection).toMatchObject({ ok: false, code: 'NO_SECOND_ADDRESS' });
    expect(selection.attempts[0]!.detail).toMatch(detail);
    expect(net.sent.filter((s) => s.to.address === ip)).toEqual([]);
  });

  it('rejects a server whose answers to CHANGE-REQUEST are malformed', async () => {
    const w = world();
    w.net.servers[PRESETS.indexOf('rfc5780')]!.behaviour.malformed = 'change-only';
    const { selection } = await select(['rfc5780.example'], w);
    expect(selection).toMatchObject({ ok: false, code: 'STUN_MALFORMED' });
    expect(selection.attempts[0]!.detail).toMatch(/runs past the end/);
  });

  it.each<[string, string[], RunCode]>([
    ['every name fails to resolve', ['nowhere.example', 'v6only.example'], 'DNS_FAILED'],
    ['a resolved server is silent', ['nowhere.example', 'dead.example'], 'STUN_UNREACHABLE'],
    ['a server is malformed', ['dead.example', 'malformed.example', 'nowhere.example'], 'STUN_MALFORMED'],
    ['a server has no second address', ['malformed.example', 'advertises-unspecified.example'], 'NO_SECOND_ADDRESS'],
    ['a server ignores CHANGE-REQUEST', ['ignores-change.example', 'error-420.example'], 'CHANGE_REQUEST_IGNORED'],
  ])('when every server fails, gives the most specific run code: %s → %s', async (_label, names, code) => {
    const { selection } = await select(names);
    expect(selection).toMatchObject({ ok: false, code });
    expect(selection.attempts.map((a) => a.name)).toEqual(names.map((n) => `${n}:3478`));
    expect(selection.attempts.every((a) => a.code !== null && a.detail.length > 10)).toBe(true);
  });

  describe('behind a NAT that maps per destination (symmetric)', () => {
    const symmetric = (filtering: NatConfig['filtering']): NatConfig => ({ mapping: 'dependent', filtering });

    it('cannot see a silent CHANGE-REQUEST for what it is, so it keeps the server, unverified', async () => {
      const { selection } = await select(['drops-change.example'], world({ nat: symmetric('address-port') }));
      expect(selection).toMatchObject({ ok: true, server: { changeRequestVerified: false } });
      expect(selection.attempts[0]!.detail).toMatch(/CHANGE-REQUEST not verifiable from here/);
    });

    it('cannot verify a good server either, and keeps it', async () => {
      const { selection } = await select(['rfc5780.example'], world({ nat: symmetric('address-port') }));
      expect(selection).toMatchObject({ ok: true, server: { changeRequestVerified: false } });
    });

    it('still catches a server that ignores CHANGE-REQUEST (its answer comes back on the same flow)', async () => {
      const { selection } = await select(['ignores-change.example'], world({ nat: symmetric('address-port') }));
      expect(selection).toMatchObject({ ok: false, code: 'CHANGE_REQUEST_IGNORED' });
    });

    it('verifies CHANGE-REQUEST when the NAT filters nothing', async () => {
      const { selection } = await select(['rfc5780.example'], world({ nat: symmetric('independent') }));
      expect(selection).toMatchObject({ ok: true, server: { changeRequestVerified: true } });
    });
  });

  it.each<[string, NatConfig | null]>([
    ['no NAT', null],
    ['a full-cone NAT', { mapping: 'independent-preserving', filtering: 'independent' }],
    ['an address-restricted NAT', { mapping: 'independent-preserving', filtering: 'address' }],
    ['a port-restricted NAT', PORT_RESTRICTED],
    ['a port-translating NAT', { mapping: 'independent-translating', filtering: 'address-port' }],
  ])('verifies CHANGE-REQUEST behind %s', async (_label, nat) => {
    const { selection } = await select(['rfc5780.example'], world({ nat }));
    expect(selection).toMatchObject({ ok: true, server: { changeRequestVerified: true } });
  });

  it('tries at most three addresses of a name, in order', async () => {
    const two = await select(['two-dead.example']);
    expect(two.selection).toMatchObject({ ok: true, server: { primary: { address: primaryIp('rfc5780') } } });
    expect(two.selection.attempts[0]!.resolved).toEqual(DNS['two-dead.example']);
    const three = await select(['three-dead.example']);
    expect(three.selection).toMatchObject({ ok: false, code: 'STUN_UNREACHABLE' });
    expect(three.net.sent.some((s) => s.to.address === primaryIp('rfc5780'))).toBe(false);
    expect(new Set(three.net.sent.map((s) => s.to.address))).toEqual(
      new Set(['198.51.100.201', '198.51.100.202', '198.51.100.203']),
    );
  });

  it('does not resolve IPv4 literals', async () => {
    const { selection, net } = await select([`${primaryIp('rfc5780')}:3478`]);
    expect(selection.ok).toBe(true);
    expect(net.lookups).toEqual([]);
  });

  it('resolves every name at once, so a hanging resolver costs its timeout only once', async () => {
    const w = world();
    const resolve: Resolver = (host) =>
      host.startsWith('hang') ? new Promise<string[]>(() => undefined) : w.net.resolve(host);
    const { selection, clock } = await select(['hang1.example', 'hang2.example', 'rfc5780.example'], w, { resolve });
    expect(selection.ok).toBe(true);
    expect(selection.attempts.slice(0, 2)).toEqual([
      { name: 'hang1.example:3478', resolved: [], code: 'DNS_FAILED', detail: 'hang1.example: ETIMEOUT' },
      { name: 'hang2.example:3478', resolved: [], code: 'DNS_FAILED', detail: 'hang2.example: ETIMEOUT' },
    ]);
    expect(clock.now()).toBeGreaterThanOrEqual(DNS_TIMEOUT_MS);
    expect(clock.now()).toBeLessThan(DNS_TIMEOUT_MS + 1000);
  });

  it('reports a resolver that throws at once like one that rejects', async () => {
    const resolve: Resolver = () => {
      throw Object.assign(new Error('boom'), { code: 'EAI_FAIL' });
    };
    const { selection } = await select(['x.example'], world(), { resolve });
    expect(selection).toMatchObject({ ok: false, code: 'DNS_FAILED', attempts: [{ detail: 'x.example: EAI_FAIL' }] });
  });

  it('still picks the good server at 10 % loss each way (seeded)', async () => {
    for (const seed of [1, 2, 3]) {
      const { selection } = await select(['rfc5780.example'], world({ lossOut: 0.1, lossIn: 0.1, seed }));
      expect(selection, `seed ${seed}`).toMatchObject({ ok: true, server: { changeRequestVerified: true } });
    }
  });

  it('shares the run’s pacer', async () => {
    const w = world();
    await select(['rfc5780.example'], w, { pacer: createPacer(w.clock, 10, 1) });
    const times = w.net.sent.map((s) => s.at);
    times.slice(1).forEach((t, i) => expect(t - times[i]!).toBeGreaterThanOrEqual(100));
  });

  describe('the throwaway port', () => {
    const checked = new Set(Array.from({ length: 20 }, (_, i) => 9000 + i));

    it('is never one of the checked ports, even when the OS hands those out', async () => {
      // bind(0) gives 9000, 9001, … : all checked
      const w = world({ ephemeral: { from: 9000, to: 9100 } });
      const { selection, net } = await select(['rfc5780.example'], w, { checkedPorts: checked });
      expect(selection.ok).toBe(true);
      expect(net.bound.slice(0, 5).map((b) => b.port)).toEqual([9000, 9001, 9002, 9003, 9004]);
      const senders = new Set(net.sent.map((s) => s.fromPort));
      expect(senders).toEqual(new Set([65535]));
      expect(selection.ok && selection.server.mapped.port).toBe(65535);
      expect(net.open).toBe(0);
    });

    it('takes the next free port from the top when 65535 is taken', async () => {
      const w = world({ ephemeral: { from: 9000, to: 9100 }, inUse: [65535] });
      const { net } = await select(['rfc5780.example'], w, { checkedPorts: checked });
      expect(new Set(net.sent.map((s) => s.fromPort))).toEqual(new Set([65534]));
    });

    it('keeps asking the OS while it hands out checked ports, for a while', async () => {
      const w = world({ ephemeral: { from: 9017, to: 9100 } }); // 9017–9019 checked, 9020 not
      const { net } = await select(['rfc5780.example'], w, { checkedPorts: checked });
      expect(new Set(net.sent.map((s) => s.fromPort))).toEqual(new Set([9020]));
    });

    it('gives up with STUN_UNREACHABLE when every port above 1024 is checked', async () => {
      const all = new Set(Array.from({ length: 65535 - 1024 }, (_, i) => 1025 + i));
      const { selection, net } = await select(['rfc5780.example'], world(), { checkedPorts: all });
      expect(selection).toMatchObject({ ok: false, code: 'STUN_UNREACHABLE' });
      expect(selection.attempts[0]!.detail).toMatch(/no local socket: could not get a throwaway port/);
      expect(net.sent).toEqual([]);
    });

    it('is closed whatever the outcome', async () => {
      for (const name of ['rfc5780.example', 'dead.example', 'malformed.example', 'ignores-change.example']) {
        const { net } = await select([name]);
        expect(net.open, name).toBe(0);
        expect(net.bound.length, name).toBeGreaterThan(0);
      }
    });
  });

  describe('cancellation', () => {
    it('returns CANCELLED at once when aborted mid-check, with the socket closed', async () => {
      const w = world();
      const controller = new AbortController();
      let settledAt: number | null = null;
      const pending = selectServer(parseServerList(['dead.example', 'rfc5780.example']), {
        transport: w.net,
        clock: w.clock,
        pacer: unlimitedPacer,
        resolve: w.net.resolve,
        schedule: retransmitSchedule(3000),
        checkedPorts: new Set([9000]),
        signal: controller.signal,
      }).then((s) => {
        settledAt = w.clock.now();
        return s;
      });
      await w.clock.advance(1000);
      controller.abort();
      await w.clock.flush();
      expect(settledAt).toBe(1000);
      expect(await pending).toEqual({ ok: false, code: 'CANCELLED', attempts: [] });
      expect(w.net.open).toBe(0);
      await w.clock.advance(100); // datagrams in flight land
      expect(w.clock.pending).toBe(0);
    });

    it('sends nothing when already cancelled', async () => {
      const controller = new AbortController();
      controller.abort();
      const { selection, net } = await select(['rfc5780.example'], world(), { signal: controller.signal });
      expect(selection).toEqual({ ok: false, code: 'CANCELLED', attempts: [] });
      expect(net.sent).toEqual([]);
      expect(net.bound).toEqual([]);
    });
  });
});

describe('a fallback for a blocked second address (issue 10)', () => {
  const servers: ServerConfig[] = [
    // Another server on the same second address (another port): the block covers it too.
    { primary: { address: '198.51.100.60', port: 3478 }, alternate: { address: '198.51.100.61', port: 3480 } },
    { primary: { address: '198.51.100.70', port: 3478 }, alternate: { address: '198.51.100.71', port: 3479 } },
  ];
  it('skips a server whose second address is the blocked one and picks the next good one', async () => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { servers, nat: PORT_RESTRICTED });
    const found = await clock.run(
      selectFallback(parseServerList(['198.51.100.60', '198.51.100.70']), '198.51.100.61', {
        transport: net,
        clock,
        pacer: unlimitedPacer,
        resolve: net.resolve,
        schedule: retransmitSchedule(1000),
        checkedPorts: new Set([9000]),
      }),
    );
    expect(found?.server.alternate).toEqual({ address: '198.51.100.71', port: 3479 });
    expect(found?.attempts.map((a) => a.name)).toEqual(['198.51.100.60:3478', '198.51.100.70:3478']);
  });

  it('finds none when every other server shares the blocked address or fails', async () => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { servers: servers.slice(0, 1), nat: PORT_RESTRICTED });
    const deps = {
      transport: net,
      clock,
      pacer: unlimitedPacer,
      resolve: net.resolve,
      schedule: retransmitSchedule(1000),
      checkedPorts: new Set([9000]),
    };
    const list = parseServerList(['198.51.100.60', '198.51.100.99']);
    expect(await clock.run(selectFallback(list, '198.51.100.61', deps))).toBeNull();
  });
});
