/**
 * Test 1 and Test 2 for one port, on one socket bound to exactly that port.
 *
 * Trap avoided: nothing is ever sent from the checked port to the server's second address. A
 * router that saw such a flow would let Test 2's answer in, and an unforwarded port would pass.
 */
import { sameEndpoint } from '../../shared/address';
import { decideTest1, decideTest2, type PortVerdict } from './decide';
import type { Clock } from './clock';
import type { Pacer } from './pacer';
import type { Endpoint } from './stun/codec';
import { runTransaction, type Schedule } from './transaction';
import { BindError, type Transport, type UdpSocket } from './transport';

/** The fixed facts of a run that every port probe needs. */
export interface ProbeContext {
  transport: Transport;
  clock: Clock;
  pacer: Pacer;
  schedule: Schedule;
  primary: Endpoint;
  alternate: Endpoint;
  expectedPublicIp: string | null;
  signal?: AbortSignal;
  /**
   * Test 2's schedule when Test 1 was answered at its first datagram (no loss seen on this port):
   * fewer sends, an earlier give-up. A port that fails with it is re-tested before it is reported
   * (see scan-guard.ts). Absent: `schedule`.
   */
  quickSchedule?: Schedule;
}

/**
 * A port's verdict, or a request to try the port again later (out of file descriptors).
 * `test1Sent`: datagrams Test 1 needed (more than 1: loss or a slow path).
 */
export type ProbeOutcome =
  { kind: 'verdict'; verdict: PortVerdict; sent: number; test1Sent?: number } | { kind: 'retry'; reason: string };

/** OS errors that mean "no socket available right now", not "port taken". */
const RESOURCE_ERRORS = new Set(['EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM']);

/**
 * Binds `port` for a probe, or says why not: cancelled (NOT_TESTED, keeping `mapped`), out of
 * sockets for now (retry later), or taken (PORT_IN_USE).
 */
async function openPort(
  port: number,
  context: ProbeContext,
  mapped: Endpoint | null,
): Promise<{ socket: UdpSocket } | ProbeOutcome> {
  if (context.signal?.aborted) {
    const verdict = { code: 'NOT_TESTED', mapped, reason: 'cancelled', detail: 'cancelled' } as const;
    return { kind: 'verdict', verdict, sent: 0 };
  }
  try {
    return { socket: await context.transport.bind(port) };
  } catch (error) {
    const code = error instanceof BindError ? error.code : String(error);
    if (RESOURCE_ERRORS.has(code)) return { kind: 'retry', reason: code };
    return {
      kind: 'verdict',
      verdict: { code: 'PORT_IN_USE', mapped: null, reason: 'port-in-use', detail: code },
      sent: 0,
    };
  }
}

/** Probes one port: bind, Test 1, Test 2 when Test 1 allows it, close. */
export async function probePort(port: number, context: ProbeContext): Promise<ProbeOutcome> {
  const opened = await openPort(port, context, null);
  if (!('socket' in opened)) return opened;
  const { socket } = opened;
  const decision = { localPort: port, expectedPublicIp: context.expectedPublicIp, primary: context.primary };
  const common = {
    socket,
    to: context.primary,
    schedule: context.schedule,
    clock: context.clock,
    pacer: context.pacer,
    signal: context.signal,
  };
  try {
    const primary = context.primary;
    const test1 = await runTransaction({
      ...common,
      acceptFrom: (from) => sameEndpoint(from, primary),
    });
    const first = decideTest1(test1, decision);
    if (first.final) return { kind: 'verdict', verdict: first.verdict, sent: test1.sent, test1Sent: test1.sent };
    const alternate = context.alternate;
    const quick = test1.sent === 1 && context.quickSchedule ? context.quickSchedule : context.schedule;
    const test2 = await runTransaction({
      ...common,
      schedule: quick,
      changeIp: true,
      changePort: true,
      acceptFrom: (from) => sameEndpoint(from, alternate),
    });
    return {
      kind: 'verdict',
      verdict: decideTest2(test2, first.mapped, first.mappedRewritten, decision),
      sent: test1.sent + test2.sent,
      test1Sent: test1.sent,
    };
  } finally {
    socket.close();
  }
}

/**
 * Test 2 alone (RFC 5780 §4.4) on a port whose Test 1 already passed: `mapped` is what Test 1
 * saw. Used for canaries (ports that passed, re-tested to see whether the server's second address
 * is being blocked) and for re-testing ports that failed Test 2. Same trap avoided as `probePort`.
 */
export async function probeTest2(
  port: number,
  mapped: Endpoint,
  context: ProbeContext,
  schedule: Schedule = context.schedule,
): Promise<ProbeOutcome> {
  const opened = await openPort(port, context, mapped);
  if (!('socket' in opened)) return opened;
  const { socket } = opened;
  try {
    const alternate = context.alternate;
    const test2 = await runTransaction({
      socket,
      to: context.primary,
      schedule,
      clock: context.clock,
      pacer: context.pacer,
      signal: context.signal,
      changeIp: true,
      changePort: true,
      acceptFrom: (from) => sameEndpoint(from, alternate),
    });
    const decision = { localPort: port, expectedPublicIp: context.expectedPublicIp, primary: context.primary };
    return { kind: 'verdict', verdict: decideTest2(test2, mapped, false, decision), sent: test2.sent };
  } finally {
    socket.close();
  }
}
