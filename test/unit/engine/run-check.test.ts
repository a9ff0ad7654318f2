/**
 * The whole engine over the simulated network on the fake clock: every NAT mapping × filtering ×
 * forward combination, broken servers, loss, cancellation, limits. Minutes of fake time, milliseconds
 * of real time.
 */
import { describe, expect, it } from 'vitest';
import { messages, runText } from '../../../shared/messages';
import { runCheck, type CheckDeps } from '../../../main/engine/run-check';
import { isUntested, type PortCode, type RunCode } from '../../../shared/codes';
import type { Progress, Report, RunSettings } from '../../../shared/report';
import { FakeClock } from '../../fakes/fake-clock';
import {
  ALTERNATE,
  PRIMARY,
  PUBLIC_IP,
  seeded,
  SimNetwork,
  type Filtering,
  type Mapping,
  type NatConfig,
  type SimOptions,
} from '../../fakes/sim-network';

const settings = (overrides: Partial<RunSettings> = {}): RunSettings => ({
  stun: [`${PRIMARY.address}:${PRIMARY.port}`],
  ports: '9000-9019',
  publicIp: null,
  concurrency: 10,
  rate: 1000,
  timeoutMs: 1000,
  order: 'sequential',
  ...overrides,
});
const PORT_RESTRICTED: NatConfig = { mapping: 'independent-preserving', filtering: 'address-port' };
const FORWARDED: NatConfig = { ...PORT_RESTRICTED, forwards: 'all' };

interface Checked {
  report: Report;
  net: SimNetwork;
  clock: FakeClock;
  events: Progress[];
  settings: RunSettings;
}

async function check(
  sim: SimOptions,
  overrides: Partial<RunSettings> = {},
  deps: Partial<CheckDeps> = {},
  setup?: (net: SimNetwork, clock: FakeClock) => void,
): Promise<Checked> {
  const clock = new FakeClock();
  const net = new SimNetwork(clock, sim);
  setup?.(net, clock);
  const events: Progress[] = [];
  const used = settings(overrides);
  const report = await clock.run(
    runCheck(used, {
      transport: net,
      clock,
      resolve: net.resolve,
      random: seeded(7),
      now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
      onProgress: (p) => events.push(p),
      ...deps,
    }),
  );
  return { report, net, clock, events, settings: used };
}

const codes = (report: Report) => [...new Set(report.ports.map((p) => p.code))];
const codeOf = (report: Report, port: number) => report.ports.find((p) => p.port === port)?.code;
const isChecked = (report: Report) => {
  const ports = new Set(report.ports.map((p) => p.port));
  return (port: number) => ports.has(port);
};

/** What must hold after any run. */
function expectInvariants({ report, net, settings: used }: Checked): void {
  const checked = isChecked(report);
  // every socket closed
  expect(net.open).toBe(0);
  // the trap: a checked port only ever talks to the primary address
  const strays = net.sent.filter(
    (s) => checked(s.fromPort) && (s.to.address !== PRIMARY.address || s.to.port !== PRIMARY.port),
  );
  expect(strays).toEqual([]);
  expect(net.sent.some((s) => checked(s.fromPort) && s.to.address === ALTERNATE.address)).toBe(false);
  // at most `concurrency` checked ports open at once, plus the throwaway
  expect(net.maxOpenExplicit).toBeLessThanOrEqual(used.concurrency);
  expect(net.maxOpen).toBeLessThanOrEqual(used.concurrency + 1);
  // one result per port, in ascending order, and a summary that adds up
  const ports = report.ports.map((p) => p.port);
  expect(ports).toEqual([...new Set(ports)].sort((a, b) => a - b));
  const count = (f: (c: PortCode) => boolean) => report.ports.filter((p) => f(p.code)).length;
  expect(report.summary).toEqual({
    total: ports.length,
    passed: count((c) => c === 'PASS'),
    failed: count((c) => c !== 'PASS' && !isUntested(c)),
    notTested: count((c) => isUntested(c)),
  });
  // traffic counters tell the truth
  expect(report.stats).toEqual({ packetsSent: net.sent.length, packetsReceived: net.delivered.length });
  expect(report.schema).toBe('voip-fwcheck/report@1');
}

describe('every NAT behaviour (RFC 4787), with and without forwards', () => {
  const mappings: Mapping[] = ['independent-preserving', 'independent-translating', 'dependent'];
  const filterings: Filtering[] = ['independent', 'address', 'address-port'];
  type Forward = 'none' | 'one-to-one' | 'inbound-only';
  const expected = (mapping: Mapping, filtering: Filtering, forward: Forward): PortCode => {
    if (forward === 'one-to-one') return 'PASS';
    if (mapping !== 'independent-preserving') return 'PORT_TRANSLATED';
    if (forward === 'inbound-only' || filtering === 'independent') return 'PASS';
    return 'INBOUND_NO_RESPONSE';
  };
  for (const mapping of mappings) {
    for (const filtering of filterings) {
      for (const forward of ['none', 'one-to-one', 'inbound-only'] as const) {
        const code = expected(mapping, filtering, forward);
        it(`${mapping} mapping, ${filtering} filtering, ${forward} forwards → ${code}`, async () => {
          const nat: NatConfig = {
            mapping,
            filtering,
            ...(forward === 'none' ? {} : { forwards: 'all', forwardsKeepOutboundPort: forward === 'one-to-one' }),
          };
          const result = await check({ nat });
          const { report } = result;
          expect(codes(report)).toEqual([code]);
          expect(report.code).toBe(code === 'PASS' ? 'ALL_PASSED' : 'ALL_FAILED');
          expect(report.publicAddress).toBe(PUBLIC_IP);
          for (const p of report.ports) {
            const [ip, port] = (p.mapped ?? '').split(':');
            expect(ip).toBe(PUBLIC_IP);
            if (code === 'PORT_TRANSLATED') expect(Number(port)).not.toBe(p.port);
            else expect(Number(port)).toBe(p.port);
          }
          expectInvariants(result);
        });
      }
    }
  }

  it('passes every port of a host on a public address (no NAT)', async () => {
    const result = await check({ nat: null });
    expect(result.report.code).toBe('ALL_PASSED');
    expect(result.report.server).toMatchObject({ changeRequestVerified: true });
    expectInvariants(result);
  });

  it('describes the server it used', async () => {
    const { report } = await check({ nat: FORWARDED });
    expect(report.server).toEqual({
      name: '203.0.113.100:3478',
      primary: '203.0.113.100:3478',
      alternate: '203.0.113.101:3479',
      alternateSource: 'OTHER-ADDRESS',
      changeRequestVerified: true,
      software: 'sim stuntman',
    });
    expect(report.servers).toHaveLength(1);
    expect(report.startedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(report.settings).toEqual(settings());
  });
});

describe('what each port gets', () => {
  it('tells the forwarded part of a range from the rest: SOME_FAILED', async () => {
    const result = await check({ nat: { ...PORT_RESTRICTED, forwards: [9000, 9001, 9002, 9010] } });
    const { report } = result;
    expect(report.code).toBe('SOME_FAILED');
    expect(report.ports.filter((p) => p.code === 'PASS').map((p) => p.port)).toEqual([9000, 9001, 9002, 9010]);
    expect(report.ports.filter((p) => p.code !== 'PASS').every((p) => p.code === 'INBOUND_NO_RESPONSE')).toBe(true);
    expect(report.summary).toEqual({ total: 20, passed: 4, failed: 16, notTested: 0 });
    expectInvariants(result);
  });

  it('keeps every verdict right at 10 % loss each way (300 ports, default timeout, seeded)', async () => {
    const result = await check(
      { nat: FORWARDED, lossOut: 0.1, lossIn: 0.1, seed: 3 },
      { ports: '9000-9299', timeoutMs: 3000, concurrency: 100, rate: 5000 },
    );
    expect(result.report.code).toBe('ALL_PASSED');
    expect(result.report.summary.passed).toBe(300);
    expect(result.report.stats.packetsSent).toBeGreaterThan(2 * 300 + 50); // retransmissions made up for the loss
    expect(result.report.ports.some((p) => (p.sent ?? 0) > 2)).toBe(true);
    expectInvariants(result);
  });

  it('reports ports in use with the OS code and tests the rest', async () => {
    const result = await check({ nat: FORWARDED, inUse: [9003, 9007] });
    const { report, net } = result;
    expect(report.ports.filter((p) => p.code === 'PORT_IN_USE')).toEqual([
      { port: 9003, protocol: 'udp', code: 'PORT_IN_USE', mapped: null, owner: null, detail: 'EADDRINUSE', sent: 0 },
      { port: 9007, protocol: 'udp', code: 'PORT_IN_USE', mapped: null, owner: null, detail: 'EADDRINUSE', sent: 0 },
    ]);
    expect(report.summary).toMatchObject({ passed: 18, failed: 2 });
    expect(report.code).toBe('SOME_FAILED');
    expect(net.sentFrom(9003)).toEqual([]);
    expectInvariants(result);
  });

  it('says ALL_FAILED when every port is taken, with its own text: the router was never tested', async () => {
    const inUse = Array.from({ length: 20 }, (_, i) => 9000 + i);
    const result = await check({ nat: FORWARDED, inUse });
    expect(codes(result.report)).toEqual(['PORT_IN_USE']);
    expect(result.report.code).toBe('ALL_FAILED'); // the contract's code
    expect(runText(result.report, 'en')).toBe(messages('en').allPortsInUse);
    expect(runText(result.report, 'fr').title).toMatch(/rien n’a été testé/);
    expectInvariants(result);
    // one port free and failing: the router was tested, so the text is about the router again
    const oneFree = await check({ nat: PORT_RESTRICTED, inUse: inUse.slice(1) });
    expect(oneFree.report.code).toBe('ALL_FAILED');
    expect(runText(oneFree.report, 'en')).toBe(messages('en').runs.ALL_FAILED);
    const onePasses = await check({ nat: FORWARDED, inUse: inUse.slice(1) });
    expect(onePasses.report.code).toBe('SOME_FAILED');
  });

  it('names the owner of a port in use when pre-flight found it, and only there', async () => {
    const owners = new Map([
      [9004, { pid: 4312, name: '3CXPhoneSystem.exe' }],
      [9005, { pid: 1, name: 'not in use' }],
    ]);
    const { report } = await check({ nat: FORWARDED, inUse: [9004] }, {}, { owners });
    expect(report.ports.find((p) => p.port === 9004)?.owner).toEqual({ pid: 4312, name: '3CXPhoneSystem.exe' });
    expect(report.ports.find((p) => p.port === 9005)?.owner).toBeNull();
  });

  it('reports held ports as PORT_IN_USE without binding them (Windows lets such binds succeed)', async () => {
    const heldPorts = new Map([[9006, 'held by 3CXPhoneSystem.exe (PID 4312)']]);
    const result = await check({ nat: FORWARDED }, {}, { heldPorts });
    expect(result.report.ports.find((p) => p.port === 9006)).toMatchObject({
      code: 'PORT_IN_USE',
      detail: 'held by 3CXPhoneSystem.exe (PID 4312)',
    });
    expect(result.net.bound.some((b) => b.port === 9006)).toBe(false);
    expect(result.report.summary.passed).toBe(19);
    expectInvariants(result);
  });

  it('says OUTBOUND_NO_RESPONSE for a port whose datagrams never get out, with the send error if any', async () => {
    const result = await check({
      nat: FORWARDED,
      dropOutbound: [9001],
      sendError: (port) => (port === 9002 ? 'EPERM' : null),
    });
    expect(result.report.ports.find((p) => p.port === 9001)).toMatchObject({ code: 'OUTBOUND_NO_RESPONSE', sent: 4 });
    expect(result.report.ports.find((p) => p.port === 9002)).toMatchObject({
      code: 'OUTBOUND_NO_RESPONSE',
      detail: 'send: EPERM',
    });
    expect(result.report.code).toBe('SOME_FAILED');
  });

  it('says PUBLIC_IP_MISMATCH on every port when another public IP was expected', async () => {
    const mismatch = await check({ nat: FORWARDED }, { publicIp: '198.51.100.1' });
    expect(codes(mismatch.report)).toEqual(['PUBLIC_IP_MISMATCH']);
    expect(mismatch.report.code).toBe('ALL_FAILED');
    const match = await check({ nat: FORWARDED }, { publicIp: PUBLIC_IP });
    expect(match.report.code).toBe('ALL_PASSED');
  });

  it('warns when ports leave through another public address (multi-WAN)', async () => {
    const nat: NatConfig = { ...FORWARDED, publicIpFor: (port) => (port === 9005 ? '203.0.113.3' : PUBLIC_IP) };
    const { report } = await check({ nat });
    expect(report.ports.find((p) => p.port === 9005)?.mapped).toBe('203.0.113.3:9005');
    expect(report.warnings).toEqual([
      {
        code: 'SEVERAL_PUBLIC_ADDRESSES',
        ports: 1,
        addresses: ['203.0.113.3'],
        text: expect.stringMatching(/other public addresses \(203\.0\.113\.3\)/),
      },
    ]);
  });

  it('flags XOR-MAPPED-ADDRESS and MAPPED-ADDRESS that disagree, and still passes the ports', async () => {
    const { report } = await check({ nat: FORWARDED, behaviour: 'rewritten-mapped' });
    expect(report.code).toBe('ALL_PASSED');
    expect(report.ports.every((p) => p.mappedRewritten === true && p.mapped === `${PUBLIC_IP}:${p.port}`)).toBe(true);
    expect(report.warnings).toEqual([
      {
        code: 'MAPPED_ADDRESS_REWRITTEN',
        ports: 20,
        addresses: [],
        text: expect.stringMatching(/^20 port\(s\).*SIP ALG/),
      },
    ]);
  });

  it('hands each result over as soon as it is known, the same as in the report', async () => {
    const live: { port: number; at: number; code: PortCode }[] = [];
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { nat: { ...PORT_RESTRICTED, forwards: [9000] } });
    const report = await clock.run(
      runCheck(settings({ concurrency: 5 }), {
        transport: net,
        clock,
        resolve: net.resolve,
        onResult: (r) => live.push({ port: r.port, at: clock.now(), code: r.code }),
      }),
    );
    expect(live.map((r) => r.port).sort((a, b) => a - b)).toEqual(report.ports.map((p) => p.port));
    expect(live.map((r) => r.code).sort()).toEqual(report.ports.map((p) => p.code).sort());
    expect(live[0]!.at).toBeLessThan(report.durationMs / 2); // not all at the end
  });

  it('has no warnings on a clean run', async () => {
    const { report } = await check({ nat: FORWARDED });
    expect(report.warnings).toEqual([]);
    expect(report.ports.some((p) => 'mappedRewritten' in p)).toBe(false);
  });

  it('works with an RFC 3489 server (CHANGED-ADDRESS, MAPPED-ADDRESS only)', async () => {
    const { report } = await check({ nat: { ...PORT_RESTRICTED, forwards: [9000] }, behaviour: 'rfc3489' });
    expect(report.server?.alternateSource).toBe('CHANGED-ADDRESS');
    expect(codeOf(report, 9000)).toBe('PASS');
    expect(codeOf(report, 9001)).toBe('INBOUND_NO_RESPONSE');
  });
});

describe('a server that changes its ways once the port tests start', () => {
  const switchAtTesting =
    (change: (net: SimNetwork) => void) =>
    (net: SimNetwork): Partial<CheckDeps> => ({
      onProgress: (p) => {
        if (p.phase === 'testing') change(net);
      },
    });

  it.each<[string, NatConfig]>([
    ['forwarded', FORWARDED],
    ['not forwarded', PORT_RESTRICTED],
  ])('ignoring CHANGE-REQUEST (ports %s): never a pass, CHANGE_REQUEST_IGNORED', async (_label, nat) => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { nat });
    const deps = switchAtTesting((n) => (n.server.behaviour.change = 'ignore'))(net);
    const report = await clock.run(runCheck(settings(), { transport: net, clock, resolve: net.resolve, ...deps }));
    expect(report.server?.changeRequestVerified).toBe(true); // selection saw it honoured
    expect(report.code).toBe('CHANGE_REQUEST_IGNORED');
    expect(report.summary.passed).toBe(0);
    expect(
      report.ports.every(
        (p) => p.code === 'MALFORMED_RESPONSE' && p.detail === 'test2: answer from the primary address',
      ),
    ).toBe(true);
  });

  it('refusing change requests with 420 during the run: NO_SECOND_ADDRESS, not CHANGE_REQUEST_IGNORED', async () => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { nat: FORWARDED });
    const deps = switchAtTesting((n) => (n.server.behaviour.change = 'error-420'))(net);
    const report = await clock.run(runCheck(settings(), { transport: net, clock, resolve: net.resolve, ...deps }));
    expect(report.code).toBe('NO_SECOND_ADDRESS');
    expect(report.summary.passed).toBe(0);
    expect(
      report.ports.every(
        (p) =>
          p.code === 'MALFORMED_RESPONSE' && p.detail === 'test2: change request refused by the server (error 420)',
      ),
    ).toBe(true);
  });

  it('sending broken answers to change requests: MALFORMED_RESPONSE with the decoder’s reason', async () => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { nat: FORWARDED });
    const deps = switchAtTesting((n) => (n.server.behaviour.malformed = 'change-only'))(net);
    const report = await clock.run(runCheck(settings(), { transport: net, clock, resolve: net.resolve, ...deps }));
    expect(codes(report)).toEqual(['MALFORMED_RESPONSE']);
    expect(report.ports[0]?.detail).toBe('test2: attribute 0x0020 runs past the end of the message');
    expect(report.code).toBe('ALL_FAILED');
  });
});

describe('server selection within a run', () => {
  it.each<[string, SimOptions['behaviour'], RunCode]>([
    ['no second address', 'no-second-address', 'NO_SECOND_ADDRESS'],
    ['0.0.0.0 as second address', 'advertises-unspecified', 'NO_SECOND_ADDRESS'],
    ['ignores CHANGE-REQUEST', 'ignores-change', 'CHANGE_REQUEST_IGNORED'],
    ['malformed answers', 'malformed', 'STUN_MALFORMED'],
  ])('stops before touching any port when the only server has %s', async (_label, behaviour, code) => {
    const result = await check({ nat: FORWARDED, behaviour });
    const { report, net } = result;
    expect(report.code).toBe(code);
    expect(report.server).toBeNull();
    expect(report.publicAddress).toBeNull();
    expect(report.summary).toEqual({ total: 20, passed: 0, failed: 0, notTested: 20 });
    expect(net.bound.some((b) => b.explicit)).toBe(false);
    expect(report.servers[0]).toMatchObject({ name: '203.0.113.100:3478', code });
    expectInvariants(result);
  });

  it('says DNS_FAILED when no name resolves and STUN_UNREACHABLE when nothing answers', async () => {
    expect((await check({}, { stun: ['a.example', 'b.example'] })).report.code).toBe('DNS_FAILED');
    expect((await check({}, { stun: ['198.51.100.250'] })).report.code).toBe('STUN_UNREACHABLE');
  });

  it('falls back past a failing name to a good server and lists every attempt', async () => {
    const { report } = await check(
      { nat: FORWARDED, dns: { 'good.example': [PRIMARY.address] } },
      { stun: ['gone.example', '198.51.100.250', 'good.example'] },
    );
    expect(report.code).toBe('ALL_PASSED');
    expect(report.servers.map((s) => [s.name, s.code])).toEqual([
      ['gone.example:3478', 'DNS_FAILED'],
      ['198.51.100.250:3478', 'STUN_UNREACHABLE'],
      ['good.example:3478', null],
    ]);
    expect(report.server?.name).toBe('good.example:3478');
  });

  it('never uses a checked port as the throwaway, even when the OS offers one', async () => {
    const result = await check({ nat: FORWARDED, ephemeral: { from: 9000, to: 9100 } });
    const { report, net } = result;
    expect(report.code).toBe('ALL_PASSED');
    const throwaway = net.sent.find((s) => s.to.address === ALTERNATE.address)?.fromPort;
    expect(throwaway).toBe(65535);
    expectInvariants(result);
  });
});

describe('cancelling', () => {
  it('mid-run: CANCELLED at once, untested ports NOT_TESTED, every socket closed, no timer left', async () => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { nat: PORT_RESTRICTED });
    const controller = new AbortController();
    let settledAt: number | null = null;
    const done = runCheck(settings({ ports: '9000-9099', concurrency: 10, timeoutMs: 1000 }), {
      transport: net,
      clock,
      resolve: net.resolve,
      signal: controller.signal,
    }).then((r) => {
      settledAt = clock.now();
      return r;
    });
    await clock.advance(2500);
    const abortedAt = clock.now();
    controller.abort();
    await clock.flush();
    expect(settledAt).toBe(abortedAt);
    const report = await done;
    expect(report.code).toBe('CANCELLED');
    expect(report.warnings).toEqual([]); // cancelled ports are not "could not be tested"
    expect(report.summary.total).toBe(100);
    // A failure is reported only once re-tested (issue 10): a cancel leaves it untested.
    expect(report.summary.failed).toBe(0);
    expect(report.summary.notTested).toBe(100);
    expect(
      report.ports.filter((p) => p.code === 'NOT_TESTED').every((p) => p.detail === 'cancelled' || !p.detail),
    ).toBe(true);
    expect(net.open).toBe(0);
    await clock.advance(100); // datagrams still in flight land
    expect(clock.pending).toBe(0);
    const sentAtCancel = net.sent.length;
    await clock.advance(10_000);
    expect(net.sent.length).toBe(sentAtCancel);
  });

  it('during server selection: CANCELLED, no port touched', async () => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { nat: FORWARDED });
    const controller = new AbortController();
    const done = runCheck(settings(), { transport: net, clock, resolve: net.resolve, signal: controller.signal });
    await clock.advance(5);
    controller.abort();
    const report = await clock.run(done);
    expect(report).toMatchObject({ code: 'CANCELLED', server: null, publicAddress: null });
    expect(report.summary.notTested).toBe(20);
    expect(net.bound.some((b) => b.explicit)).toBe(false);
    expect(net.open).toBe(0);
  });

  it('before it starts: CANCELLED, nothing sent', async () => {
    const controller = new AbortController();
    controller.abort();
    const { report, net } = await check({ nat: FORWARDED }, {}, { signal: controller.signal });
    expect(report.code).toBe('CANCELLED');
    expect(net.sent).toEqual([]);
  });

  it('while a server name is still resolving: CANCELLED at once, not after the DNS timeout', async () => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { nat: FORWARDED });
    const controller = new AbortController();
    let settledAt: number | null = null;
    const done = runCheck(settings({ stun: ['slow.example'] }), {
      transport: net,
      clock,
      resolve: () => new Promise<string[]>(() => undefined),
      signal: controller.signal,
    }).then((r) => {
      settledAt = clock.now();
      return r;
    });
    await clock.advance(100);
    controller.abort();
    await clock.advance(100);
    expect(settledAt).not.toBeNull();
    expect((await clock.run(done)).code).toBe('CANCELLED');
  });
});

describe('many ports', () => {
  it('never opens more sockets than the concurrency (plus the throwaway), and uses all of it', async () => {
    const result = await check({ nat: PORT_RESTRICTED }, { ports: '9000-9199', concurrency: 7 });
    expect(result.net.maxOpenExplicit).toBe(7);
    expect(result.net.maxOpen).toBeLessThanOrEqual(8);
    expectInvariants(result);
  });

  it('keeps to the rate limit, retransmissions included, and uses it', async () => {
    const result = await check({ nat: PORT_RESTRICTED }, { ports: '9000-9059', rate: 50, concurrency: 50 });
    const times = result.net.sent.map((s) => s.at);
    let busiest = 0;
    for (let from = 0, to = 0; to < times.length; to++) {
      while (times[to]! - times[from]! >= 1000) from++;
      busiest = Math.max(busiest, to - from + 1);
    }
    expect(busiest).toBeLessThanOrEqual(50 + 1); // the rate plus a burst of one
    const seconds = (times.at(-1)! - times[0]!) / 1000;
    expect(times.length / seconds).toBeGreaterThan(45);
    expect(times.length).toBeGreaterThan(60 * 5); // Test 1 once, Test 2 four times per port
  });

  it('throttles progress events, estimates the time left, and ends with the right counts', async () => {
    const { events, report } = await check(
      { nat: { ...PORT_RESTRICTED, forwards: [9000, 9001] } },
      { ports: '9000-9199', concurrency: 20 },
    );
    const testing = events.filter((e) => e.phase === 'testing');
    expect(events[0]?.phase).toBe('selecting');
    expect(testing.length).toBeGreaterThan(5);
    expect(testing.length).toBeLessThanOrEqual(report.durationMs / 100 + 3); // one per 100 ms at most
    expect(events.at(-1)).toEqual({
      phase: 'done',
      done: 200,
      total: 200,
      passed: 2,
      failed: 198,
      etaMs: 0,
      elapsedMs: report.durationMs,
    });
    const counts = testing.map((e) => e.done);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    // Halfway through, the estimate is about right (the ports all take the same time).
    const half = testing.find((e) => e.done >= 100)!;
    const actualLeft = report.durationMs - half.elapsedMs;
    expect(half.etaMs).not.toBeNull();
    expect(half.etaMs!).toBeGreaterThan(actualLeft * 0.6);
    expect(half.etaMs!).toBeLessThan(actualLeft * 1.6);
  });

  it('tests every port exactly once in a seeded shuffled order', async () => {
    const firstSends = (r: Checked) => [
      ...new Set(r.net.sent.filter((s) => s.fromPort >= 9000 && s.fromPort <= 9049).map((s) => s.fromPort)),
    ];
    const run = (seed: number) =>
      check({ nat: FORWARDED }, { ports: '9000-9049', order: 'shuffled', concurrency: 1 }, { random: seeded(seed) });
    const a = await run(1);
    const order = firstSends(a);
    expect(order).toHaveLength(50);
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => 9000 + i));
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
    expect(a.net.bound.filter((b) => b.explicit).map((b) => b.port)).toEqual(order); // each bound once
    expect(firstSends(await run(1))).toEqual(order);
    expect(firstSends(await run(2))).not.toEqual(order);
    expect(a.report.ports.map((p) => p.port)).toEqual([...order].sort((x, y) => x - y)); // the report stays sorted
    expect(a.report.summary.passed).toBe(50);
  });
});

describe('when the OS runs out of sockets for good', () => {
  const exhaustAtTesting = (net: SimNetwork): Partial<CheckDeps> => ({
    onProgress: (p) => {
      if (p.phase === 'testing') net.socketLimit = 0;
    },
  });

  async function exhausted(ports: string) {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { nat: FORWARDED });
    const report = await clock.run(
      runCheck(settings({ ports }), { transport: net, clock, resolve: net.resolve, ...exhaustAtTesting(net) }),
      24 * 3_600_000,
    );
    return report;
  }

  it('reports the ports as NOT_TESTED with the reason', async () => {
    const report = await exhausted('9000-9001');
    expect(report.ports.map((p) => [p.code, p.detail])).toEqual([
      ['NOT_TESTED', 'EMFILE'],
      ['NOT_TESTED', 'EMFILE'],
    ]);
    expect(report.warnings).toEqual([
      {
        code: 'PORTS_NOT_TESTED',
        ports: 2,
        addresses: [],
        text: expect.stringMatching(/^2 port\(s\) could not be tested/),
      },
    ]);
  });

  it('does not say that every port failed when no port could be tested', async () => {
    const report = await exhausted('9000-9001');
    expect(report.summary).toMatchObject({ failed: 0, notTested: 2 });
    expect(report.code).not.toBe('ALL_FAILED');
  });

  it('does not say that every port passed when some could not be tested', async () => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { nat: FORWARDED });
    let passes = 0;
    const report = await clock.run(
      runCheck(settings({ ports: '9000-9009', concurrency: 1 }), {
        transport: net,
        clock,
        resolve: net.resolve,
        onProgress: (p) => {
          passes = p.passed;
          if (passes >= 5) net.socketLimit = 0;
        },
      }),
      24 * 3_600_000,
    );
    expect(report.summary.passed).toBeGreaterThanOrEqual(5);
    expect(report.summary.notTested).toBeGreaterThan(0);
    expect(report.code).not.toBe('ALL_PASSED');
  });

  it('gives up on the remaining ports within a minute instead of retrying each for five seconds', async () => {
    const report = await exhausted('9000-9049'); // 50 ports × 51 tries × 100 ms would be over four minutes
    expect(report.summary.notTested).toBe(50);
    expect(report.durationMs).toBeLessThan(60_000);
  });
});
