/**
 * The SIP ALG test against our server's SIP echo (issue 11): one request from local port 5060,
 * over UDP (an INVITE with SDP, then its ACK, RFC 3261 §13.2.2.4) and over TCP (an OPTIONS: the
 * Linux helper lets an OPTIONS over TCP through, an INVITE with SDP over TCP never arrived), then
 * what the server received compared with what was sent (sip-compare.ts).
 *
 * UDP retransmits on RFC 3261 §17.1.1.2 timer A (T1 = 500 ms, doubling) and gives up after
 * `SIP_WAIT_MS`; over TCP the request is sent once (§17.1.1.2: no retransmission on a reliable
 * transport). When 5060 is taken the test runs from a port the OS picks, and says so.
 */
import { randomBytes } from 'node:crypto';
import type { SipResult } from '../../../shared/report';
import { sleep, type Clock } from '../clock';
import { formatEndpoint, type Endpoint } from '../stun/codec';
import type { Channel, OursNet } from './net';
import { changedFields, compareSip } from './sip-compare';
import { buildSipRequest, readEchoAnswer, streamMessageLength, type EchoContent } from './sip-message';

/** The local port the test runs from: the port a PBX's SIP traffic leaves from. */
export const SIP_LOCAL_PORT = 5060;
/** How long one transport's test waits for the echo. */
export const SIP_WAIT_MS = 4000;
/** Timer A's first interval (RFC 3261 §17.1.1.1 T1). */
const T1 = 500;
/** RTP port named in the SDP offer (the first of the 3CX media range). */
const RTP_PORT = 9000;

/** What one SIP test needs. */
export interface SipTestDeps {
  net: OursNet;
  clock: Clock;
  signal?: AbortSignal;
  /** Local port to send from (default 5060). */
  localPort?: number;
}

const hex = (n: number): string => randomBytes(n).toString('hex');

/** Opens the channel from the SIP port, or from any port when that one is taken. */
async function open(transport: 'udp' | 'tcp', server: Endpoint, deps: SipTestDeps): Promise<Channel | null> {
  const wanted = deps.localPort ?? SIP_LOCAL_PORT;
  for (const port of [wanted, 0]) {
    try {
      if (transport === 'udp') return await deps.net.udp(port, server);
      return await deps.net.tcp(server, { localPort: port === 0 ? undefined : port, timeoutMs: SIP_WAIT_MS });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') return null;
    }
  }
  return null;
}

/** Waits for the echo of the request holding `key`, retransmitting over UDP; null on silence or cancel. */
function awaitEcho(
  channel: Channel,
  transport: 'udp' | 'tcp',
  request: Buffer,
  key: string,
  deps: SipTestDeps,
): Promise<EchoContent | null> {
  return new Promise((resolve) => {
    let done = false;
    let stream = Buffer.alloc(0);
    const finish = (value: EchoContent | null): void => {
      if (done) return;
      done = true;
      deps.clock.clearTimeout(deadline);
      deps.clock.clearTimeout(retransmit);
      deps.signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = (): void => finish(null);
    deps.signal?.addEventListener('abort', onAbort, { once: true });
    channel.onData((data) => {
      if (transport === 'udp') {
        const echo = readEchoAnswer(data, key);
        if (echo) finish(echo);
        return;
      }
      stream = Buffer.concat([stream, data]).subarray(0, 64 * 1024);
      const length = streamMessageLength(stream);
      if (length !== null) finish(readEchoAnswer(stream.subarray(0, length), key));
    });
    const deadline = deps.clock.setTimeout(() => finish(null), SIP_WAIT_MS);
    let interval = T1;
    let retransmit: unknown = null;
    const again = (): void => {
      if (done) return;
      channel.send(request);
      interval *= 2;
    };
    if (transport === 'udp') {
      const schedule = (): void => {
        retransmit = deps.clock.setTimeout(() => {
          again();
          schedule();
        }, interval);
      };
      schedule();
    }
    channel.send(request);
    if (deps.signal?.aborted) finish(null);
  });
}

/** Runs the SIP ALG test over one transport against the echo at `server`. */
export async function runSipTest(transport: 'udp' | 'tcp', server: Endpoint, deps: SipTestDeps): Promise<SipResult> {
  const silent: SipResult = { transport, code: 'SIP_NO_RESPONSE', changed: [] };
  if (deps.signal?.aborted) return silent;
  const channel = await open(transport, server, deps);
  if (!channel) return silent;
  try {
    const key = hex(8);
    const base = {
      transport,
      local: channel.local,
      server,
      callId: `${key}@${channel.local.address}`,
      tag: hex(4),
      cseq: 1,
    };
    const method = transport === 'udp' ? 'INVITE' : 'OPTIONS';
    const request = buildSipRequest({
      ...base,
      method,
      branch: `z9hG4bK${hex(8)}`,
      rtpPort: method === 'INVITE' ? RTP_PORT : null,
    });
    const echo = await awaitEcho(channel, transport, request, key, deps);
    const local = formatEndpoint(channel.local);
    if (!echo) return { ...silent, local };
    if (method === 'INVITE') {
      // The 2xx ends the INVITE; its ACK lets the ALG (and any stateful firewall) close the dialog.
      channel.send(buildSipRequest({ ...base, method: 'ACK', branch: `z9hG4bK${hex(8)}`, rtpPort: null }));
      await sleep(deps.clock, 0).catch(() => undefined);
    }
    const differences = compareSip(request, echo.request);
    return {
      transport,
      code: differences.length > 0 ? 'SIP_ALG_DETECTED' : 'SIP_UNCHANGED',
      changed: changedFields(differences),
      differences,
      local,
      source: echo.source,
    };
  } finally {
    channel.close();
  }
}
