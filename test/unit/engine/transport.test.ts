import { describe, expect, it } from 'vitest';
import { countingTransport, type TrafficCounter } from '../../../main/engine/transport';
import { FakeClock } from '../../fakes/fake-clock';
import { PRIMARY, SimNetwork } from '../../fakes/sim-network';
import { encodeBindingRequest } from '../../../main/engine/stun/codec';

describe('the counting transport', () => {
  it('counts every datagram sent and received through its sockets', async () => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { nat: null });
    const counter: TrafficCounter = { sent: 0, received: 0 };
    const transport = countingTransport(net, counter);
    const socket = await transport.bind(9000);
    expect(socket.localPort).toBe(9000);
    const heard: number[] = [];
    socket.onMessage(() => heard.push(clock.now()));
    for (let i = 0; i < 3; i++) {
      expect(await socket.send(encodeBindingRequest({ transactionId: Buffer.alloc(12, i) }), PRIMARY)).toBeNull();
    }
    await socket.send(Buffer.from('not stun'), PRIMARY); // sent, never answered
    await clock.advance(100);
    expect(counter).toEqual({ sent: 4, received: 3 });
    expect(heard).toEqual([20, 20, 20]);
    socket.close();
    socket.close();
    expect(net.open).toBe(0);
    expect(await socket.send(Buffer.alloc(20), PRIMARY)).toBe('ECLOSED');
    expect(counter.sent).toBe(4); // refused sends are not counted
  });

  it('does not count a datagram the OS refused to send', async () => {
    const clock = new FakeClock();
    const net = new SimNetwork(clock, { nat: null, sendError: (port) => (port === 9001 ? 'EPERM' : null) });
    const counter: TrafficCounter = { sent: 0, received: 0 };
    const transport = countingTransport(net, counter);
    const refused = await transport.bind(9001);
    const fine = await transport.bind(9002);
    expect(await refused.send(Buffer.alloc(20), PRIMARY)).toBe('EPERM');
    expect(await fine.send(Buffer.alloc(20), PRIMARY)).toBeNull();
    expect(counter.sent).toBe(1);
    refused.close();
    fine.close();
  });
});
