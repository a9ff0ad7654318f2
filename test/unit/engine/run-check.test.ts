/**
 * The whole engine on a simulated network and a manual clock: every NAT mapping × filtering
 * combination, broken servers, loss, cancellation, limits. Milliseconds of real time.
 */
import { describe, expect, it } from 'vitest';
import { runCheck, type CheckDeps } from '../../../main/engine/run-check';
import type { Progress, Report, RunSettings } from '../../../shared/report';
import type { Behaviour } from '../../support/stun-wire';
import { ManualClock } from '../../fakes/manual-clock';
import { seeded, SimNetwork, type Filtering, type Mapping, type SimOptions } from '../../fakes/sim-network';

const settings = (overrides: Partial<RunSettings> = {}): RunSettings => ({
  stun: ['203.0.113.100:3478'],
  ports: '9000-9019',
  publicIp: null,
  concurrency: 10,
  rate: 1000,
  timeoutMs: 1000,
  order: 'sequential',
  ...overrides,
});

async function check(sim: SimOptions, overrides: Partial<RunSettings> = {}, deps: Partial<CheckDeps> = {}) {
  const clock = new ManualClock();
  const net = new SimNetwork(clock, sim);
  const report = await clock.run(
    runCheck(settings(overrides), {
      transport: net,
      clock,
      resolve: async () => ['203.0.113.100'],
      random: seeded(7),
      now: () => new Date(0),
      ...deps,
    }),
  );
  return { report, net, clock };
}
const codes = (report: Report) => [...new Set(report.ports.map((p) => p.code))];

describe('NAT behaviours (RFC 4787) against a good RFC 5780 server', () => {
  const mappings: Mapping[] = ['independent-preserving', 'independent-translating', 'dependent'];
  const filterings: Filtering[] = ['independent', 'address', 'address-port'];
  const expected = (mapping: Mapping, filtering: Filtering, forwarded: boolean): string => {
    if (mapping !== 'independent-preserving') return 'PORT_TRANSLATED';
    if (forwarded || filtering === 'independent') return 'PASS';
    return 'INBOUND_NO_RESPONSE';
  };
  for (const mapping of mappings) {
    for (const filtering of filterings) {
      for (const forwarded of [false, true]) {
        const verdict = expected(mapping, filtering, forwarded);
        it(`${mapping} mapping, ${filtering} filtering, ${forwarded ? 'with' : 'without'} forwards → ${verdict}`, async () => {
          const { report } = await check({ nat: { mapping, filtering, forwards: forwarded ? 'all' : new Set() } });
          expect(codes(report)).toEqual([verdict]);
          expect(report.code).toBe(verdict === 'PASS' ? 'ALL_PASSED' : 'ALL_FAILED');
        });
      }
    }
  }

  it('passes every port of a host without NAT', async () => {
    const { report } = await check({ nat: null });
    expect(report.code).toBe('ALL_PASSED');
    expect(report.publicAddress).toBe('203.0.113.2');
  });
});

describe('what each port gets', () => {
  const nat = (forwards: ReadonlySet<number> | 'all') => ({
    mapping: 'independent-preserving' as const,
    filtering: 'address-port' as const,
    forwards,
  });

  it('tells the forwarded part of a range from the rest', async () => {
    const { report } = await check({ nat: nat(new Set([9000, 9001, 9002])) });
    expect(report.code).toBe('SOME_FAILED');
    expect(report.summary).toEqual({ total: 20, passed: 3, failed: 17, notTested: 0 });
  });

  it('reports outbound-blocked ports, ports in use and the others separately', async () => {
    const { report } = await check({ nat: nat('all'), dropOutbound: new Set([9003]), inUse: new Set([9004]) });
    const byPort = new Map(report.ports.map((p) => [p.port, p]));
    expect(byPort.get(9003)?.code).toBe('OUTBOUND_NO_RESPONSE');
    expect(byPort.get(9004)).toMatchObject({ code: 'PORT_IN_USE', detail: 'EADDRINUSE', owner: null });
    expect(report.summary.passed).toBe(18);
  });

  it('names the owner of a port in use when pre-flight found it', async () => {
    const owners = new Map([[9004, { pid: 4312, name: '3CXPhoneSystem.exe' }]]);
    const { report } = await check({ nat: nat('all'), inUse: new Set([9004]) }, {}, { owners });
    expect(report.ports.find((p) => p.port === 9004)?.owner).toEqual({ pid: 4312, name: '3CXPhoneSystem.exe' });
  });

  it('reports ports the endpoint list shows as held without binding them (Windows lets such binds succeed)', async () => {
    const heldPorts = new Map([[9006, 'held by 3CXPhoneSystem.exe (PID 4312)']]);
    const { report, net } = await check({ nat: nat('all') }, {}, { heldPorts });
    expect(report.ports.find((p) => p.port === 9006)).toMatchObject({
      code: 'PORT_IN_USE',
      detail: 'held by 3CXPhoneSystem.exe (PID 4312)',
    });
    expect(net.sent.some((s) => s.fromPort === 9006)).toBe(false);
    expect(report.summary.passed).toBe(19);
  });

  it('says PUBLIC_IP_MISMATCH when the expected public IP is another', async () => {
    const { report } = await check({ nat: nat('all') }, { publicIp: '198.51.100.1' });
    expect(codes(report)).toEqual(['PUBLIC_IP_MISMATCH']);
  });

  it('flags XOR-MAPPED and MAPPED addresses that disagree', async () => {
    const { report } = await check({ nat: nat('all'), behaviour: 'rewritten' });
    expect(report.code).toBe('ALL_PASSED');
    expect(report.ports.every((p) => p.mappedRewritten)).toBe(true);
    expect(report.warnings.join()).toMatch(/SIP ALG/);
  });

  it('keeps every verdict right at 10 % loss each way (300 ports, default timeout)', async () => {
    const { report } = await check(
      { nat: nat('all'), lossOut: 0.1, lossIn: 0.1, seed: 3 },
      { ports: '9000-9299', timeoutMs: 3000, concurrency: 100, rate: 2000 },
    );
    expect(report.summary.passed).toBe(300);
    expect(report.stats.packetsSent).toBeGreaterThan(600);
  });
});

describe('server selection', () => {
  const nat = {
    mapping: 'independent-preserving' as const,
    filtering: 'address-port' as const,
    forwards: 'all' as const,
  };
  it.each<[Behaviour, string]>([
    ['rfc3489', 'ALL_PASSED'],
    ['no-other', 'NO_SECOND_ADDRESS'],
    ['zero-other', 'NO_SECOND_ADDRESS'],
    ['same-ip-other', 'NO_SECOND_ADDRESS'],
    ['silent-other', 'NO_SECOND_ADDRESS'],
    ['drop-change', 'NO_SECOND_ADDRESS'],
    ['error-420', 'NO_SECOND_ADDRESS'],
    ['ignore-change', 'CHANGE_REQUEST_IGNORED'],
    ['malformed', 'STUN_MALFORMED'],
  ])('a "%s" server gives %s', async (behaviour, code) => {
    const { report, net } = await check({ nat, behaviour });
    expect(report.code).toBe(code);
    if (code !== 'ALL_PASSED') {
      expect(report.server).toBeNull();
      expect(report.summary.notTested).toBe(20);
      expect(net.sent.filter((s) => s.fromPort >= 9000 && s.fromPort <= 9019)).toEqual([]); // no port touched
      expect(report.servers[0]?.detail.length).toBeGreaterThan(10);
    }
  });

  it('cannot verify CHANGE-REQUEST behind a symmetric NAT, but still uses the server', async () => {
    const { report } = await check({
      nat: { mapping: 'dependent', filtering: 'address-port', forwards: 'all' },
      behaviour: 'drop-change',
    });
    expect(report.server?.changeRequestVerified).toBe(false);
    expect(codes(report)).toEqual(['PORT_TRANSLATED']);
  });

  it('falls back past a DNS failure and a silent server, and reports each attempt', async () => {
    const resolve = async (host: string) => {
      if (host === 'gone.example') throw Object.assign(new Error('x'), { code: 'ENOTFOUND' });
      return host === 'silent.example' ? ['203.0.113.50'] : ['203.0.113.100'];
    };
    const { report } = await check({ nat }, { stun: ['gone.example', 'silent.example', 'good.example'] }, { resolve });
    expect(report.code).toBe('ALL_PASSED');
    expect(report.servers.map((s) => [s.name, s.code])).toEqual([
      ['gone.example:3478', 'DNS_FAILED'],
      ['silent.example:3478', 'STUN_UNREACHABLE'],
      ['good.example:3478', null],
    ]);
    expect(report.servers[0]?.detail).toContain('ENOTFOUND');
  });

  it('says DNS_FAILED when no name resolves, and STUN_UNREACHABLE when resolved servers are silent', async () => {
    const fail = async () => Promise.reject(Object.assign(new Error('x'), { code: 'EAI_AGAIN' }));
    expect((await check({ nat }, { stun: ['a.example', 'b.example'] }, { resolve: fail })).report.code).toBe(
      'DNS_FAILED',
    );
    expect((await check({ nat }, { stun: ['203.0.113.50'] })).report.code).toBe('STUN_UNREACHABLE');
  });

  it('gives up on a resolver that hangs', async () => {
    const { report } = await check(
      { nat },
      { stun: ['slow.example'] },
      { resolve: () => new Promise(() => undefined) },
    );
    expect(report.code).toBe('DNS_FAILED');
    expect(report.servers[0]?.detail).toContain('ETIMEOUT');
  });

  it('never sends from a checked port to the second address, and never uses a checked port as the throwaway', async () => {
    const { net } = await check({ nat }, { ports: '50000-50019' }); // the sim's ephemeral ports start at 50000
    const fromChecked = net.sent.filter((s) => s.fromPort >= 50000 && s.fromPort <= 50019);
    expect(fromChecked.length).toBeGreaterThanOrEqual(40);
    expect(fromChecked.filter((s) => s.to.address === '203.0.113.101')).toEqual([]);
    expect(net.sent.some((s) => s.to.address === '203.0.113.101')).toBe(true);
  });
});

describe('running many ports', () => {
  const nat = {
    mapping: 'independent-preserving' as const,
    filtering: 'address-port' as const,
    forwards: 'all' as const,
  };

  it('never opens more sockets than the concurrency (plus the throwaway)', async () => {
    const { net } = await check({ nat }, { ports: '9000-9199', concurrency: 7 });
    expect(net.maxOpen).toBeLessThanOrEqual(7);
    expect(net.open).toBe(0);
  });

  it('checks 10,000 ports with 1,000 workers when the OS allows only 50 sockets', async () => {
    const { report, net } = await check(
      { nat, maxOpenSockets: 50 },
      { ports: '20000-29999', concurrency: 1000, rate: 100000, timeoutMs: 1000 },
    );
    expect(report.summary).toEqual({ total: 10000, passed: 10000, failed: 0, notTested: 0 });
    expect(net.maxOpen).toBeLessThanOrEqual(50);
  });

  it('respects the rate limit', async () => {
    const { net } = await check({ nat }, { ports: '9000-9099', rate: 50, concurrency: 50 });
    const perSecond = new Map<number, number>();
    for (const s of net.sent) perSecond.set(Math.floor(s.at / 1000), (perSecond.get(Math.floor(s.at / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(51);
    expect(net.sent.length).toBeGreaterThanOrEqual(200);
  });

  it('shuffles the order without skipping or repeating a port', async () => {
    const { net, report } = await check({ nat }, { ports: '9000-9049', order: 'shuffled', concurrency: 1 });
    const firstSends = [
      ...new Map(
        net.sent.filter((s) => s.fromPort >= 9000 && s.fromPort <= 9049).map((s) => [s.fromPort, s.at]),
      ).keys(),
    ];
    expect(firstSends).toHaveLength(50);
    expect(firstSends).not.toEqual([...firstSends].sort((a, b) => a - b));
    expect(report.summary.passed).toBe(50);
  });

  it('throttles progress events and ends with the right counts', async () => {
    const events: Progress[] = [];
    await check(
      { nat: { ...nat, forwards: new Set([9000]) } },
      { ports: '9000-9199', concurrency: 50 },
      { onProgress: (p) => events.push(p) },
    );
    const testing = events.filter((e) => e.phase === 'testing');
    expect(testing.length).toBeLessThan(100);
    expect(events.some((e) => e.etaMs !== null && e.etaMs > 0)).toBe(true);
    expect(events[events.length - 1]).toMatchObject({
      phase: 'done',
      done: 200,
      total: 200,
      passed: 1,
      failed: 199,
      etaMs: 0,
    });
  });

  it('cancels mid-run: CANCELLED, untested ports NOT_TESTED, every socket closed', async () => {
    const clock = new ManualClock();
    const net = new SimNetwork(clock, { nat: { ...nat, forwards: new Set() } });
    const controller = new AbortController();
    const done = runCheck(settings({ ports: '9000-9099', timeoutMs: 3000 }), {
      transport: net,
      clock,
      resolve: async () => [],
      signal: controller.signal,
    });
    await clock.advance(2000);
    controller.abort();
    const report = await clock.run(done);
    expect(report.code).toBe('CANCELLED');
    expect(report.summary.notTested).toBeGreaterThan(0);
    expect(report.summary.total).toBe(100);
    expect(net.open).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('is cancelled before it starts when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { report, net } = await check({ nat }, {}, { signal: controller.signal });
    expect(report.code).toBe('CANCELLED');
    expect(net.sent).toEqual([]);
  });

  it('reports CHANGE_REQUEST_IGNORED when the ports, not selection, reveal it', async () => {
    // Selection cannot see it behind a symmetric NAT; a static forward of every port then lets the
    // primary's answers to Test 2 in, which must never count as passes.
    const { report } = await check(
      { nat: { mapping: 'dependent', filtering: 'address-port', forwards: 'all' }, behaviour: 'ignore-change' },
      {},
    );
    expect(['CHANGE_REQUEST_IGNORED', 'ALL_FAILED']).toContain(report.code);
    expect(report.summary.passed).toBe(0);
  });
});
