/**
 * The simulated network checked on its own, with raw sockets and hand-made requests, so the
 * engine's tests rest on a NAT and servers that behave as RFC 4787 and RFC 5780 say.
 */
import { describe, expect, it } from 'vitest';
import { decodeBindingResponse, encodeBindingRequest, type Endpoint } from '../../../main/engine/stun/codec';
import type { Datagram } from '../../../main/engine/transport';
import { FakeClock } from '../../fakes/fake-clock';
import { ALTERNATE, PRIMARY, PUBLIC_IP, SimNetwork, type NatConfig, type SimOptions } from '../../fakes/sim-network';

const request = (change = false) =>
  encodeBindingRequest({ transactionId: Buffer.alloc(12, 7), changeIp: change, changePort: change });

async function exchange(options: SimOptions, port: number, steps: { to: Endpoint; change?: boolean }[]) {
  const clock = new FakeClock();
  const net = new SimNetwork(clock, options);
  const socket = await net.bind(port);
  const heard: Datagram[] = [];
  socket.onMessage((d) => heard.push(d));
  for (const step of steps) {
    await socket.send(request(step.change), step.to);
    await clock.advance(100);
  }
  socket.close();
  return { heard, net };
}
const from = (heard: Datagram[]) => heard.map((d) => `${d.from.address}:${d.from.port}`);
const mappedOf = (d: Datagram | undefined) => {
  const r = d && decodeBindingResponse(d.data);
  return r?.ok ? (r.message.xorMapped ?? r.message.mapped) : null;
};

describe('the simulated network', () => {
  it('answers a change request from the second address, and names it in OTHER-ADDRESS', async () => {
    const { heard } = await exchange({ nat: null }, 9000, [{ to: PRIMARY }, { to: PRIMARY, change: true }]);
    expect(from(heard)).toEqual(['203.0.113.100:3478', '203.0.113.101:3479']);
    const first = decodeBindingResponse(heard[0]!.data);
    expect(first.ok && first.message.other).toEqual(ALTERNATE);
  });

  it.each<[string, NatConfig, string[]]>([
    [
      'full cone lets the second address in',
      { mapping: 'independent-preserving', filtering: 'independent' },
      ['203.0.113.100:3478', '203.0.113.101:3479'],
    ],
    [
      'a port-restricted NAT drops it',
      { mapping: 'independent-preserving', filtering: 'address-port' },
      ['203.0.113.100:3478'],
    ],
    [
      'a forward lets it in',
      { mapping: 'independent-preserving', filtering: 'address-port', forwards: [9000] },
      ['203.0.113.100:3478', '203.0.113.101:3479'],
    ],
    [
      'a forward of another port does not',
      { mapping: 'independent-preserving', filtering: 'address-port', forwards: [9001] },
      ['203.0.113.100:3478'],
    ],
  ])('filters: %s', async (_label, nat, expected) => {
    const { heard } = await exchange({ nat }, 9000, [{ to: PRIMARY }, { to: PRIMARY, change: true }]);
    expect(from(heard)).toEqual(expected);
  });

  it('address-restricted filtering admits another port of a contacted address only', async () => {
    const nat: NatConfig = { mapping: 'independent-preserving', filtering: 'address' };
    const opened = await exchange({ nat }, 9000, [{ to: ALTERNATE }, { to: PRIMARY, change: true }]);
    expect(from(opened.heard)).toEqual(['203.0.113.101:3479', '203.0.113.101:3479']);
    const viaPort = await exchange({ nat }, 9000, [
      { to: { address: PRIMARY.address, port: 3479 } },
      { to: PRIMARY, change: true },
    ]);
    expect(from(viaPort.heard)).toEqual(['203.0.113.100:3479']);
  });

  it('maps: preserves the port, translates it, or maps per destination', async () => {
    const steps = [{ to: PRIMARY }, { to: ALTERNATE }];
    const keep = await exchange({ nat: { mapping: 'independent-preserving', filtering: 'independent' } }, 9000, steps);
    expect(keep.heard.map(mappedOf)).toEqual([
      { address: PUBLIC_IP, port: 9000 },
      { address: PUBLIC_IP, port: 9000 },
    ]);
    const translate = await exchange(
      { nat: { mapping: 'independent-translating', filtering: 'independent' } },
      9000,
      steps,
    );
    const [a, b] = translate.heard.map(mappedOf);
    expect(a?.port).not.toBe(9000);
    expect(b).toEqual(a);
    const symmetric = await exchange({ nat: { mapping: 'dependent', filtering: 'independent' } }, 9000, steps);
    const [c, d] = symmetric.heard.map(mappedOf);
    expect(c?.port).not.toBe(d?.port);
  });

  it('keeps the port of a one-to-one forward on the way out, whatever the mapping', async () => {
    const nat: NatConfig = { mapping: 'dependent', filtering: 'address-port', forwards: [9000] };
    const { heard } = await exchange({ nat }, 9000, [{ to: PRIMARY }]);
    expect(mappedOf(heard[0])).toEqual({ address: PUBLIC_IP, port: 9000 });
    const inboundOnly = await exchange({ nat: { ...nat, forwardsKeepOutboundPort: false } }, 9000, [{ to: PRIMARY }]);
    expect(mappedOf(inboundOnly.heard[0])?.port).not.toBe(9000);
  });

  it('loses about the asked share of datagrams, reproducibly', async () => {
    const steps = Array.from({ length: 400 }, () => ({ to: PRIMARY }));
    const a = await exchange({ nat: null, lossOut: 0.1, lossIn: 0.1, seed: 5 }, 9000, steps);
    const b = await exchange({ nat: null, lossOut: 0.1, lossIn: 0.1, seed: 5 }, 9000, steps);
    expect(a.heard.length).toBe(b.heard.length);
    expect(a.heard.length / 400).toBeGreaterThan(0.74);
    expect(a.heard.length / 400).toBeLessThan(0.88); // 0.9 × 0.9 = 0.81
  });

  it('refuses binds like an OS: in use, taken, out of descriptors', async () => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { inUse: [5060], maxOpenSockets: 2 });
    await expect(net.bind(5060)).rejects.toMatchObject({ name: 'BindError', code: 'EADDRINUSE', port: 5060 });
    const first = await net.bind(9000);
    await expect(net.bind(9000)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    const any = await net.bind(0);
    expect(any.localPort).toBe(49152);
    await expect(net.bind(9001)).rejects.toMatchObject({ code: 'EMFILE' });
    expect(net.open).toBe(2);
    first.close();
    any.close();
    expect(net.open).toBe(0);
    expect(net.maxOpen).toBe(2);
  });

  it('resolves the names it knows and says ENOTFOUND for the others', async () => {
    const net = new SimNetwork(new FakeClock(), { dns: { 'stun.example': ['203.0.113.100'] } });
    await expect(net.resolve('stun.example')).resolves.toEqual(['203.0.113.100']);
    await expect(net.resolve('nope.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});
