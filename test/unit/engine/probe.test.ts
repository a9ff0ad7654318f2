import { describe, expect, it } from 'vitest';
import { unlimitedPacer } from '../../../main/engine/pacer';
import { probePort, type ProbeContext } from '../../../main/engine/probe';
import { retransmitSchedule } from '../../../main/engine/transaction';
import { FakeClock } from '../../fakes/fake-clock';
import { ALTERNATE, PRIMARY, SimNetwork, type SimOptions } from '../../fakes/sim-network';

function setup(options: SimOptions = {}, context: Partial<ProbeContext> = {}) {
  const clock = new FakeClock();
  const net = new SimNetwork(clock, options);
  const probe = (port: number) =>
    clock.run(
      probePort(port, {
        transport: net,
        clock,
        pacer: unlimitedPacer,
        schedule: retransmitSchedule(1000),
        primary: PRIMARY,
        alternate: ALTERNATE,
        expectedPublicIp: null,
        ...context,
      }),
    );
  return { clock, net, probe };
}
const forwarded: SimOptions = {
  nat: { mapping: 'independent-preserving', filtering: 'address-port', forwards: [9000] },
};

describe('probing one port', () => {
  it('runs Test 1 then Test 2 on one socket bound to the port, and closes it', async () => {
    const { net, probe } = setup(forwarded);
    const outcome = await probe(9000);
    expect(outcome).toEqual({
      kind: 'verdict',
      verdict: { code: 'PASS', mapped: { address: '203.0.113.2', port: 9000 }, reason: 'pass' },
      sent: 2,
      test1Sent: 1,
    });
    expect(net.bound).toEqual([{ port: 9000, explicit: true, at: 0 }]);
    expect(net.sent.map((s) => [s.fromPort, s.to, s.change])).toEqual([
      [9000, PRIMARY, false],
      [9000, PRIMARY, true],
    ]);
    expect(net.open).toBe(0);
  });

  it('sends only to the primary address, never to the second one', async () => {
    const { net, probe } = setup({ nat: { mapping: 'independent-preserving', filtering: 'address-port' } });
    const outcome = await probe(9000);
    expect(outcome).toMatchObject({ verdict: { code: 'INBOUND_NO_RESPONSE' }, sent: 5 });
    expect(net.sent.every((s) => s.to.address === PRIMARY.address && s.to.port === PRIMARY.port)).toBe(true);
  });

  it('skips Test 2 when Test 1 is final', async () => {
    const { net, probe } = setup({ nat: { mapping: 'independent-translating', filtering: 'independent' } });
    expect(await probe(9000)).toMatchObject({ verdict: { code: 'PORT_TRANSLATED' }, sent: 1 });
    expect(net.sent.some((s) => s.change)).toBe(false);
  });

  it('says PORT_IN_USE, with the OS code, when the port cannot be bound', async () => {
    const { probe } = setup({ inUse: [9000], bindError: (port) => (port === 9001 ? 'EACCES' : null) });
    expect(await probe(9000)).toEqual({
      kind: 'verdict',
      verdict: { code: 'PORT_IN_USE', mapped: null, reason: 'port-in-use', detail: 'EADDRINUSE' },
      sent: 0,
    });
    expect(await probe(9001)).toMatchObject({ verdict: { code: 'PORT_IN_USE', detail: 'EACCES' } });
  });

  it.each(['EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM'])(
    'asks to retry later on %s (no socket now), not a verdict',
    async (code) => {
      const { probe, net } = setup({ bindError: () => code });
      expect(await probe(9000)).toEqual({ kind: 'retry', reason: code });
      expect(net.sent).toEqual([]);
    },
  );

  it('does not even bind when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { probe, net } = setup(forwarded, { signal: controller.signal });
    expect(await probe(9000)).toEqual({
      kind: 'verdict',
      verdict: { code: 'NOT_TESTED', mapped: null, reason: 'cancelled', detail: 'cancelled' },
      sent: 0,
    });
    expect(net.bound).toEqual([]);
  });

  it('checks the expected public IP', async () => {
    const { probe } = setup(forwarded, { expectedPublicIp: '198.51.100.7' });
    expect(await probe(9000)).toMatchObject({ verdict: { code: 'PUBLIC_IP_MISMATCH' }, sent: 1 });
  });

  it('counts the datagrams of both tests', async () => {
    const { probe, net } = setup({ nat: { mapping: 'independent-preserving', filtering: 'address-port' } });
    const outcome = await probe(9000);
    expect(outcome.kind === 'verdict' && outcome.sent).toBe(net.sent.length);
  });
});
