/**
 * A fake network for the SIP ALG and TCP forward tests, whose far end is our real server logic
 * (main/server: the SIP echo and the STUN/connect-back handler as pure functions), with a
 * "router" in between that can rewrite SIP, drop it, and forward TCP ports or not.
 */
import type { Channel, Listener, OursNet } from '../../../main/engine/ours/net';
import type { Endpoint } from '../../../main/engine/stun/codec';
import { handleSipRequest } from '../../../main/server/sip-echo';
import { buildConnectBackAnswer } from '../../../main/server/stun-answer';
import { handleStunRequest } from '../../../main/server/stun-handler';
import { ConnectStatus, type ConnectStatusCode } from '../../../main/server/vfc-protocol';
import { LAYOUT } from '../server/layout';

/** What the router between us and the server does. */
export interface FakeRouter {
  /** Rewrites an outgoing SIP request (an ALG); null drops it. Default: untouched. */
  sip?: (data: Buffer, transport: 'udp' | 'tcp') => Buffer | null;
  /** What a connect-back to `port` meets: our listener, another machine, or a closed port. */
  tcp?: (port: number) => 'forwarded' | 'elsewhere' | 'refused' | 'timeout';
  /** Local ports already taken by another program (bind and listen fail with EADDRINUSE). */
  taken?: number[];
  /** The public address the server sees. */
  publicAddress?: string;
}

const inUse = (): Error => Object.assign(new Error('in use'), { code: 'EADDRINUSE' });

/** A fake OursNet; `sent` records every message the client sent. */
export function fakeNet(router: FakeRouter = {}) {
  const listeners = new Map<number, (line: string) => void>();
  const sent: { transport: 'udp' | 'tcp'; to: Endpoint; data: Buffer }[] = [];
  const publicAddress = router.publicAddress ?? '203.0.113.2';
  const local = (port: number): Endpoint => ({ address: '10.0.0.2', port: port || 40000 });

  const channel = (transport: 'udp' | 'tcp', me: Endpoint, to: Endpoint): Channel => {
    let receive: (data: Buffer) => void = () => undefined;
    return {
      local: me,
      onData: (handler) => {
        receive = handler;
      },
      close: () => undefined,
      send: (data) => {
        sent.push({ transport, to, data });
        const source = { address: publicAddress, port: me.port };
        if (to.port === LAYOUT.capabilities!.controlPort && transport === 'tcp') {
          const outcome = handleStunRequest(data, { source, arrivedOn: 'PP', transport: 'tcp' }, LAYOUT);
          if (outcome.kind !== 'connect-back') return;
          const token = outcome.request.token.toString('hex');
          const results = outcome.request.ports.map((port) => {
            if (!LAYOUT.capabilities!.allowedPorts.includes(port)) return { port, status: ConnectStatus.NotAllowed };
            const fate = router.tcp?.(port) ?? 'forwarded';
            let status: ConnectStatusCode = ConnectStatus.Connected;
            if (fate === 'forwarded') {
              const listener = listeners.get(port);
              if (listener) listener(`VFC ${token}`);
              else status = ConnectStatus.Refused;
            } else if (fate === 'refused') status = ConnectStatus.Refused;
            else if (fate === 'timeout') status = ConnectStatus.Timeout;
            return { port, status };
          });
          queueMicrotask(() => receive(buildConnectBackAnswer(data, source, results, LAYOUT)));
          return;
        }
        const arrived = router.sip ? router.sip(data, transport) : data;
        if (!arrived) return;
        const outcome = handleSipRequest(arrived, source, transport, 'tag1');
        if (outcome.kind === 'answer') queueMicrotask(() => receive(outcome.data));
      },
    };
  };

  const net: OursNet = {
    udp: async (localPort, to) => {
      if (router.taken?.includes(localPort)) throw inUse();
      return channel('udp', local(localPort), to);
    },
    tcp: async (to, options) => {
      if (options.localPort !== undefined && router.taken?.includes(options.localPort)) throw inUse();
      return channel('tcp', local(options.localPort ?? 0), to);
    },
    listen: async (port, onLine): Promise<Listener> => {
      if (router.taken?.includes(port)) throw inUse();
      listeners.set(port, onLine);
      return { close: () => listeners.delete(port) };
    },
  };
  return { net, sent, listeners };
}
