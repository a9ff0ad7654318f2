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

/**
 * Why a port got its verdict, for the code that acts on it (the run code); `detail` is for people
 * only and never parsed. `answer-from-primary`: Test 2 answered by the primary address (the server
 * ignores CHANGE-REQUEST); `refused-by-primary`: Test 2 refused by the primary with an error (the
 * server lost its second address). Both are about the server, not the NAT.
 */
export type VerdictReason =
  | 'cancelled'
  | 'out-of-sockets'
  | 'port-in-use'
  | 'send-failed'
  | 'no-answer'
  | 'malformed-answer'
  | 'answer-from-elsewhere'
  | 'error-answer'
  | 'no-mapped-address'
  | 'public-ip-mismatch'
  | 'port-translated'
  | 'answer-from-primary'
  | 'refused-by-primary'
  | 'pass';

/** The verdict for a port, with what support needs to see. */
export interface PortVerdict {
  code: PortCode;
  mapped: Endpoint | null;
  /** Why: set by every decision here and by the scheduler and the run for theirs. */
  reason?: VerdictReason;
  detail?: string;
  mappedRewritten?: true;
}

/** What Test 1 established: either a final verdict, or the mapping and permission to run Test 2. */
export type Test1Outcome =
  { final: true; verdict: PortVerdict } | { final: false; mapped: Endpoint; mappedRewritten: boolean };

/** Test 1 (RFC 5780 §4.3 step 1): did the router map the port, and to the same port number? */
export function decideTest1(result: TransactionResult, context: DecisionContext): Test1Outcome {
  if (result.kind === 'aborted')
    return { final: true, verdict: { code: 'NOT_TESTED', mapped: null, reason: 'cancelled', detail: 'cancelled' } };
  if (result.kind === 'timeout') {
    const broken = result.strays.find((s) => s.reason === 'undecodable');
    if (broken) {
      return {
        final: true,
        verdict: {
          code: 'MALFORMED_RESPONSE',
          mapped: null,
          reason: 'malformed-answer',
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
          reason: 'answer-from-elsewhere',
          detail: `test1: answer from ${formatEndpoint(elsewhere.from)}`,
        },
      };
    }
    const sendError = result.sendErrors[0];
    return {
      final: true,
      verdict: {
        code: 'OUTBOUND_NO_RESPONSE',
        mapped: null,
        ...(sendError ? { reason: 'send-failed', detail: `send: ${sendError}` } : { reason: 'no-answer' }),
      },
    };
  }
  const message = result.message;
  if (message.kind === 'error') {
    return {
      final: true,
      verdict: {
        code: 'MALFORMED_RESPONSE',
        mapped: null,
        reason: 'error-answer',
        detail: `test1: error ${message.error?.code ?? '?'}`,
      },
    };
  }
  const mapped = message.xorMapped ?? message.mapped;
  if (!mapped) {
    return {
      final: true,
      verdict: {
        code: 'MALFORMED_RESPONSE',
        mapped: null,
        reason: 'no-mapped-address',
        detail: 'test1: no mapped address',
      },
    };
  }
  const rewritten = !!(message.xorMapped && message.mapped && !sameEndpoint(message.xorMapped, message.mapped));
  const extra = rewritten ? { mappedRewritten: true as const } : {};
  if (context.expectedPublicIp !== null && !sameIp(mapped.address, context.expectedPublicIp)) {
    return { final: true, verdict: { code: 'PUBLIC_IP_MISMATCH', mapped, reason: 'public-ip-mismatch', ...extra } };
  }
  if (mapped.port !== context.localPort) {
    return { final: true, verdict: { code: 'PORT_TRANSLATED', mapped, reason: 'port-translated', ...extra } };
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
  if (result.kind === 'aborted')
    return { code: 'NOT_TESTED', mapped, reason: 'cancelled', detail: 'cancelled', ...extra };
  if (result.kind === 'answer') {
    if (result.message.kind === 'error') {
      const code = result.message.error?.code ?? 0;
      return { code: 'MALFORMED_RESPONSE', mapped, reason: 'error-answer', detail: `test2: error ${code}`, ...extra };
    }
    return { code: 'PASS', mapped, reason: 'pass', ...extra };
  }
  const refused = result.strays.find(
    (s) => s.reason === 'unexpected-source' && s.message?.kind === 'error' && sameEndpoint(s.from, context.primary),
  );
  if (refused) {
    const code = refused.message?.error?.code ?? '?';
    const detail = `test2: change request refused by the server (error ${code})`;
    return { code: 'MALFORMED_RESPONSE', mapped, reason: 'refused-by-primary', detail, ...extra };
  }
  // Well-formed answers from the primary say more (about the server) than a refused datagram.
  const fromPrimary = result.strays.find(
    (s) => s.reason === 'unexpected-source' && sameEndpoint(s.from, context.primary),
  );
  if (fromPrimary) {
    const detail = 'test2: answer from the primary address';
    return { code: 'MALFORMED_RESPONSE', mapped, reason: 'answer-from-primary', detail, ...extra };
  }
  const broken = result.strays.find((s) => s.reason === 'undecodable');
  if (broken) {
    const detail = `test2: ${broken.error?.reason ?? 'undecodable'}`;
    return { code: 'MALFORMED_RESPONSE', mapped, reason: 'malformed-answer', detail, ...extra };
  }
  const elsewhere = result.strays.find((s) => s.reason === 'unexpected-source');
  if (elsewhere) {
    const detail = `test2: answer from ${formatEndpoint(elsewhere.from)}`;
    return { code: 'MALFORMED_RESPONSE', mapped, reason: 'answer-from-elsewhere', detail, ...extra };
  }
  return { code: 'INBOUND_NO_RESPONSE', mapped, reason: 'no-answer', ...extra };
}
