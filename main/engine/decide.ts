/**
 * The verdict for one port as a pure function of what the two tests received. No sockets, no time:
 * every combination of answers is a unit test.
 */
import { sameEndpoint, sameIp } from '../../shared/address';
import type { PortCode } from '../../shared/codes';
import { formatEndpoint, type Endpoint } from './stun/codec';
import type { TransactionResult } from './transaction';

/** What the decision needs to know besides the answers. */
export interface DecisionContext {
  localPort: number;
  /** The public IP the admin expects, when given. */
  expectedPublicIp: string | null;
  /** Where the requests go (the server's primary address). */
  primary: Endpoint;
}

/** The verdict for a port, with what support needs to see. */
export interface PortVerdict {
  code: PortCode;
  mapped: Endpoint | null;
  detail?: string;
  mappedRewritten?: true;
}

/** What Test 1 established: either a final verdict, or the mapping and permission to run Test 2. */
export type Test1Outcome =
  { final: true; verdict: PortVerdict } | { final: false; mapped: Endpoint; mappedRewritten: boolean };

/** Detail of a Test 2 answered from the primary address: the server ignored CHANGE-REQUEST. */
export const ANSWER_FROM_PRIMARY = 'test2: answer from the primary address';

/**
 * Detail prefix of a Test 2 refused by the server with an error answer from its primary address
 * (420 "unknown attribute": it has no second address any more). About the server, not the NAT.
 */
export const REFUSED_BY_PRIMARY = 'test2: change request refused by the server';

/** Test 1 (RFC 5780 §4.3 step 1): did the router map the port, and to the same port number? */
export function decideTest1(result: TransactionResult, context: DecisionContext): Test1Outcome {
  if (result.kind === 'aborted')
    return { final: true, verdict: { code: 'NOT_TESTED', mapped: null, detail: 'cancelled' } };
  if (result.kind === 'timeout') {
    const broken = result.strays.find((s) => s.reason === 'undecodable');
    if (broken) {
      return {
        final: true,
        verdict: {
          code: 'MALFORMED_RESPONSE',
          mapped: null,
          detail: `test1: ${broken.error?.reason ?? 'undecodable'}`,
        },
      };
    }
    const elsewhere = result.strays.find((s) => s.reason === 'unexpected-source');
    if (elsewhere) {
      return {
        final: true,
        verdict: {
          code: 'MALFORMED_RESPONSE',
          mapped: null,
          detail: `test1: answer from ${formatEndpoint(elsewhere.from)}`,
        },
      };
    }
    const sendError = result.sendErrors[0];
    return {
      final: true,
      verdict: { code: 'OUTBOUND_NO_RESPONSE', mapped: null, ...(sendError ? { detail: `send: ${sendError}` } : {}) },
    };
  }
  const message = result.message;
  if (message.kind === 'error') {
    return {
      final: true,
      verdict: { code: 'MALFORMED_RESPONSE', mapped: null, detail: `test1: error ${message.error?.code ?? '?'}` },
    };
  }
  const mapped = message.xorMapped ?? message.mapped;
  if (!mapped) {
    return { final: true, verdict: { code: 'MALFORMED_RESPONSE', mapped: null, detail: 'test1: no mapped address' } };
  }
  const rewritten = !!(message.xorMapped && message.mapped && !sameEndpoint(message.xorMapped, message.mapped));
  const extra = rewritten ? { mappedRewritten: true as const } : {};
  if (context.expectedPublicIp !== null && !sameIp(mapped.address, context.expectedPublicIp)) {
    return { final: true, verdict: { code: 'PUBLIC_IP_MISMATCH', mapped, ...extra } };
  }
  if (mapped.port !== context.localPort) {
    return { final: true, verdict: { code: 'PORT_TRANSLATED', mapped, ...extra } };
  }
  return { final: false, mapped, mappedRewritten: rewritten };
}

/**
 * Test 2 (RFC 5780 §4.4, "change IP and port"): only an answer from the server's second address
 * proves that unsolicited inbound traffic reaches the port. An answer from anywhere else (the
 * primary address above all: a server ignoring CHANGE-REQUEST) is never a pass.
 */
export function decideTest2(
  result: TransactionResult,
  mapped: Endpoint,
  rewritten: boolean,
  context: DecisionContext,
): PortVerdict {
  const extra = rewritten ? { mappedRewritten: true as const } : {};
  if (result.kind === 'aborted') return { code: 'NOT_TESTED', mapped, detail: 'cancelled', ...extra };
  if (result.kind === 'answer') {
    if (result.message.kind === 'error') {
      const code = result.message.error?.code ?? 0;
      return { code: 'MALFORMED_RESPONSE', mapped, detail: `test2: error ${code}`, ...extra };
    }
    return { code: 'PASS', mapped, ...extra };
  }
  const broken = result.strays.find((s) => s.reason === 'undecodable');
  if (broken) {
    return { code: 'MALFORMED_RESPONSE', mapped, detail: `test2: ${broken.error?.reason ?? 'undecodable'}`, ...extra };
  }
  const refused = result.strays.find(
    (s) => s.reason === 'unexpected-source' && s.message?.kind === 'error' && sameEndpoint(s.from, context.primary),
  );
  if (refused) {
    const code = refused.message?.error?.code ?? '?';
    return { code: 'MALFORMED_RESPONSE', mapped, detail: `${REFUSED_BY_PRIMARY} (error ${code})`, ...extra };
  }
  const elsewhere = result.strays.find((s) => s.reason === 'unexpected-source');
  if (elsewhere) {
    const detail = sameEndpoint(elsewhere.from, context.primary)
      ? ANSWER_FROM_PRIMARY
      : `test2: answer from ${formatEndpoint(elsewhere.from)}`;
    return { code: 'MALFORMED_RESPONSE', mapped, detail, ...extra };
  }
  return { code: 'INBOUND_NO_RESPONSE', mapped, ...extra };
}
