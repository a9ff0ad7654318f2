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
import { BindError, type Transport } from './transport';

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
}

/** A port's verdict, or a request to try the port again later (out of file descriptors). */
export type ProbeOutcome = { kind: 'verdict'; verdict: PortVerdict; sent: number } | { kind: 'retry'; reason: string };

/** OS errors that mean "no socket available right now", not "port taken". */
const RESOURCE_ERRORS = new Set(['EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM']);

/** Probes one port: bind, Test 1, Test 2 when Test 1 allows it, close. */
export async function probePort(port: number, context: ProbeContext): Promise<ProbeOutcome> {
  if (context.signal?.aborted) {
    const verdict = { code: 'NOT_TESTED', mapped: null, reason: 'cancelled', detail: 'cancelled' } as const;
    return { kind: 'verdict', verdict, sent: 0 };
  }
  let socket;
  try {
    socket = await context.transport.bind(port);
  } catch (error) {
    const code = error instanceof BindError ? error.code : String(error);
    if (RESOURCE_ERRORS.has(code)) return { kind: 'retry', reason: code };
    return {
      kind: 'verdict',
      verdict: { code: 'PORT_IN_USE', mapped: null, reason: 'port-in-use', detail: code },
      sent: 0,
    };
  }
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
    if (first.final) return { kind: 'verdict', verdict: first.verdict, sent: test1.sent };
    const alternate = context.alternate;
    const test2 = await runTransaction({
      ...common,
      changeIp: true,
      changePort: true,
      acceptFrom: (from) => sameEndpoint(from, alternate),
    });
    return {
      kind: 'verdict',
      verdict: decideTest2(test2, first.mapped, first.mappedRewritten, decision),
      sent: test1.sent + test2.sent,
    };
  } finally {
    socket.close();
  }
}
