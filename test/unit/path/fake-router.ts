/**
 * A gateway on the fake clock, as a Transport: it answers NAT-PMP and PCP on UDP 5351 and SSDP
 * on 1900 with the bytes a test gives it (captured from miniupnpd, or built from the RFCs), after
 * `latencyMs`. An HTTP client answers from a URL → body table. Records what was sent where.
 */
import type { Clock } from '../../../main/engine/clock';
import type { Endpoint } from '../../../main/engine/stun/codec';
import type { Datagram, Transport, UdpSocket } from '../../../main/engine/transport';
import type { HttpClient, HttpRequest } from '../../../main/engine/path/upnp';

/** What the fake router answers; a function gets the request (PCP answers must echo its nonce). */
export interface FakeRouterAnswers {
  gateway: string;
  natPmp?: Buffer | null;
  pcp?: ((request: Buffer) => Buffer) | null;
  ssdp?: { from: string; data: Buffer }[];
  latencyMs?: number;
}

/** Creates the fake transport. */
export function fakeRouter(clock: Clock, answers: FakeRouterAnswers) {
  const sent: { to: Endpoint; data: Buffer }[] = [];
  let nextPort = 50000;
  let open = 0;
  const transport: Transport = {
    async bind(port) {
      const localPort = port || nextPort++;
      const handlers = new Set<(d: Datagram) => void>();
      let closed = false;
      open++;
      const deliver = (d: Datagram) =>
        clock.setTimeout(() => !closed && handlers.forEach((h) => h(d)), answers.latencyMs ?? 5);
      const socket: UdpSocket = {
        localPort,
        async send(data, to) {
          sent.push({ to: { ...to }, data });
          if (to.port === 5351 && to.address === answers.gateway) {
            const reply = data[0] === 0 ? answers.natPmp : answers.pcp?.(data);
            if (reply) deliver({ data: reply, from: { address: answers.gateway, port: 5351 } });
          }
          if (to.port === 1900) {
            for (const a of answers.ssdp ?? []) deliver({ data: a.data, from: { address: a.from, port: 1900 } });
          }
          return null;
        },
        onMessage(handler) {
          handlers.add(handler);
          return () => handlers.delete(handler);
        },
        close() {
          if (!closed) open--;
          closed = true;
        },
      };
      return socket;
    },
  };
  return { transport, sent, open: () => open };
}

/** An HTTP client answering from `pages` (by URL; POSTs by URL and SOAP action). */
export function fakeHttp(pages: Record<string, string | ((request: HttpRequest) => string | null)>) {
  const requests: HttpRequest[] = [];
  const http: HttpClient = async (request) => {
    requests.push(request);
    const action = request.headers?.SOAPAction?.replace(/^".*#|"$/g, '');
    const page = pages[action ? `${request.url}#${action}` : request.url];
    const body = typeof page === 'function' ? page(request) : page;
    if (body === undefined || body === null) return null;
    return { status: /<(?:\w+:)?Fault>/.test(body) ? 500 : 200, body };
  };
  return { http, requests };
}
