/**
 * RFC 5780 §4.3 on the simulated network: endpoint-independent behind a port-preserving NAT and
 * behind a one-to-one forward, address-and-port-dependent behind a symmetric NAT, another port
 * when the SIP port is held, nothing when the server does not answer.
 */
import { describe, expect, it } from 'vitest';
import { testMappingBehaviour } from '../../../main/engine/path/mapping-test';
import { FakeClock } from '../../fakes/fake-clock';
import { ALTERNATE, PRIMARY, SimNetwork, type SimOptions } from '../../fakes/sim-network';

function run(options: SimOptions, port = 5060) {
  const clock = new FakeClock();
  const net = new SimNetwork(clock, options);
  const result = clock.run(
    testMappingBehaviour({ transport: net, clock, server: { primary: PRIMARY, alternate: ALTERNATE }, port }),
  );
  return { net, result, clock };
}

describe('the NAT mapping test (RFC 5780 §4.3)', () => {
  it('is endpoint-independent behind a port-preserving NAT, after Tests I and II', async () => {
    const { net, result } = run({ nat: { mapping: 'independent-preserving', filtering: 'address-port' } });
    expect(await result).toEqual({
      mapping: 'endpoint-independent',
      port: 5060,
      mapped: [
        { address: '203.0.113.2', port: 5060 },
        { address: '203.0.113.2', port: 5060 },
      ],
    });
    expect(net.sentFrom(5060).map((s) => `${s.to.address}:${s.to.port}`)).toEqual([
      '203.0.113.100:3478',
      '203.0.113.101:3478',
    ]);
    expect(net.open).toBe(0);
  });

  it('is address-and-port-dependent behind a symmetric NAT, after Test III', async () => {
    const { net, result } = run({ nat: { mapping: 'dependent', filtering: 'address-port' } });
    const outcome = await result;
    expect(outcome.mapping).toBe('address-and-port-dependent');
    expect(new Set(outcome.mapped.map((m) => m.port)).size).toBe(3);
    expect(net.sentFrom(5060).at(-1)?.to).toEqual(ALTERNATE);
  });

  it('is endpoint-independent for a port with a one-to-one forward, even behind a symmetric NAT', async () => {
    const { result } = run({ nat: { mapping: 'dependent', filtering: 'address-port', forwards: [5060] } });
    expect((await result).mapping).toBe('endpoint-independent');
  });

  it('tests from another port when the SIP port is held', async () => {
    const { result } = run({ inUse: [5060], nat: { mapping: 'dependent', filtering: 'address-port' } });
    const outcome = await result;
    expect(outcome.port).not.toBe(5060);
    expect(outcome.mapping).toBe('address-and-port-dependent');
  });

  it('says nothing when the server does not answer, within 1.5 s per test', async () => {
    const { result, clock } = run({ dropOutbound: [5060] });
    expect(await result).toEqual({ mapping: null, port: 5060, mapped: [] });
    expect(clock.now()).toBeLessThanOrEqual(1600);
  });

  it('says nothing when the second address is silent', async () => {
    const { result } = run({ behaviour: 'silent-second-address' });
    const outcome = await result;
    expect(outcome.mapping).toBeNull();
    expect(outcome.mapped).toHaveLength(1);
  });
});
