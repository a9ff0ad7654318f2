/**
 * One small UDP question to the router (NAT-PMP, PCP, SSDP): send, resend on a short schedule,
 * take the first datagram the caller's reader accepts, give up in time. Sockets come from the
 * injected Transport and waits from the injected Clock, so unit tests run on fakes and never sleep.
 */
import { AbortedError, sleep, type Clock } from '../clock';
import type { Endpoint } from '../stun/codec';
import type { Datagram, Transport } from '../transport';

/** When to send, in ms from the start, and when to give up. */
export interface AskSchedule {
  sendAt: readonly number[];
  giveUpAt: number;
}

/**
 * RFC 6886 §3.1 starts at 250 ms and doubles for up to 9 tries (64 s); a check cannot wait that
 * long for a router that may not speak the protocol at all, so: 0, 250 and 750 ms, then 1.5 s.
 */
export const ROUTER_SCHEDULE: AskSchedule = { sendAt: [0, 250, 750], giveUpAt: 1500 };

/** What asking needs. */
export interface AskOptions<T> {
  transport: Transport;
  clock: Clock;
  /** Every destination gets each datagram (SSDP: the gateway and the multicast group). */
  to: readonly Endpoint[];
  request: Buffer;
  /** Reads one datagram; null when it is not the answer (noise, another device's, broken). */
  read: (datagram: Datagram) => T | null;
  schedule?: AskSchedule;
  signal?: AbortSignal;
}

/** Asks and resolves with the first accepted answer, or null on timeout, abort or a bind error. */
export async function udpAsk<T>(options: AskOptions<T>): Promise<T | null> {
  const schedule = options.schedule ?? ROUTER_SCHEDULE;
  let socket;
  try {
    socket = await options.transport.bind(0);
  } catch {
    return null;
  }
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  let answer: T | null = null;
  const unsubscribe = socket.onMessage((datagram) => {
    if (answer !== null) return;
    const read = options.read(datagram);
    if (read === null) return;
    answer = read;
    stop.abort();
  });
  try {
    const start = options.clock.now();
    for (const offset of schedule.sendAt) {
      const wait = start + offset - options.clock.now();
      if (wait > 0) await sleep(options.clock, wait, stop.signal);
      if (stop.signal.aborted) break;
      for (const to of options.to) await socket.send(options.request, to);
    }
    const rest = start + schedule.giveUpAt - options.clock.now();
    if (rest > 0 && !stop.signal.aborted) await sleep(options.clock, rest, stop.signal);
  } catch (error) {
    if (!(error instanceof AbortedError)) throw error;
  } finally {
    unsubscribe();
    options.signal?.removeEventListener('abort', onAbort);
    socket.close();
  }
  return answer;
}
