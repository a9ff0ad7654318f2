import { describe, expect, it } from 'vitest';
import { ANSWER_FROM_PRIMARY, decideTest1, decideTest2, type DecisionContext } from '../../../main/engine/decide';
import type { BindingResponse, Endpoint } from '../../../main/engine/stun/codec';
import type { Stray, TransactionResult } from '../../../main/engine/transaction';

const primary = { address: '203.0.113.100', port: 3478 };
const alternate = { address: '203.0.113.101', port: 3479 };
const context: DecisionContext = { localPort: 9000, expectedPublicIp: null, primary };

const message = (overrides: Partial<BindingResponse> = {}): BindingResponse => ({
  kind: 'success',
  transactionId: '00',
  legacy: false,
  xorMapped: { address: '198.51.100.7', port: 9000 },
  mapped: null,
  other: alternate,
  otherSource: 'OTHER-ADDRESS',
  origin: null,
  error: null,
  software: null,
  fingerprintValid: null,
  ...overrides,
});
const answer = (m: BindingResponse, from: Endpoint = primary): TransactionResult => ({
  kind: 'answer',
  message: m,
  from,
  sent: 1,
  rttMs: 5,
  strays: [],
});
const timeout = (strays: Stray[] = [], sendErrors: string[] = []): TransactionResult => ({
  kind: 'timeout',
  sent: 8,
  strays,
  sendErrors,
});
const mapped = { address: '198.51.100.7', port: 9000 };

describe('Test 1', () => {
  it('lets Test 2 run when the mapped port equals the local port', () => {
    expect(decideTest1(answer(message()), context)).toEqual({ final: false, mapped, mappedRewritten: false });
  });
  it('says PORT_TRANSLATED when the router changed the port', () => {
    const r = decideTest1(answer(message({ xorMapped: { address: '198.51.100.7', port: 40001 } })), context);
    expect(r).toEqual({
      final: true,
      verdict: { code: 'PORT_TRANSLATED', mapped: { address: '198.51.100.7', port: 40001 } },
    });
  });
  it('says PUBLIC_IP_MISMATCH before looking at the port when another public IP was expected', () => {
    const r = decideTest1(answer(message({ xorMapped: { address: '198.51.100.7', port: 1 } })), {
      ...context,
      expectedPublicIp: '198.51.100.8',
    });
    expect(r).toMatchObject({ final: true, verdict: { code: 'PUBLIC_IP_MISMATCH' } });
  });
  it('accepts the expected public IP', () => {
    expect(decideTest1(answer(message()), { ...context, expectedPublicIp: '198.51.100.7' })).toMatchObject({
      final: false,
    });
  });
  it('falls back to MAPPED-ADDRESS and flags a disagreement with XOR-MAPPED-ADDRESS', () => {
    expect(decideTest1(answer(message({ xorMapped: null, mapped })), context)).toEqual({
      final: false,
      mapped,
      mappedRewritten: false,
    });
    const r = decideTest1(answer(message({ mapped: { address: '192.0.2.99', port: 9000 } })), context);
    expect(r).toEqual({ final: false, mapped, mappedRewritten: true });
  });
  it('says OUTBOUND_NO_RESPONSE when nothing came back, with the send error if any', () => {
    expect(decideTest1(timeout(), context)).toEqual({
      final: true,
      verdict: { code: 'OUTBOUND_NO_RESPONSE', mapped: null },
    });
    expect(decideTest1(timeout([], ['EPERM']), context)).toMatchObject({ verdict: { detail: 'send: EPERM' } });
  });
  it('says MALFORMED_RESPONSE for broken answers, error answers, answers from elsewhere and answers without an address', () => {
    const broken = timeout([{ from: primary, reason: 'undecodable', error: { offset: 20, reason: 'bad' } }]);
    expect(decideTest1(broken, context)).toMatchObject({
      verdict: { code: 'MALFORMED_RESPONSE', detail: 'test1: bad' },
    });
    const elsewhere = timeout([{ from: alternate, reason: 'unexpected-source', message: message() }]);
    expect(decideTest1(elsewhere, context)).toMatchObject({
      verdict: { code: 'MALFORMED_RESPONSE', detail: 'test1: answer from 203.0.113.101:3479' },
    });
    expect(decideTest1(answer(message({ kind: 'error', error: { code: 400, reason: '' } })), context)).toMatchObject({
      verdict: { code: 'MALFORMED_RESPONSE', detail: 'test1: error 400' },
    });
    expect(decideTest1(answer(message({ xorMapped: null })), context)).toMatchObject({
      verdict: { code: 'MALFORMED_RESPONSE', detail: 'test1: no mapped address' },
    });
  });
  it('says NOT_TESTED when cancelled', () => {
    expect(decideTest1({ kind: 'aborted', sent: 0 }, context)).toMatchObject({ verdict: { code: 'NOT_TESTED' } });
  });
});

describe('Test 2', () => {
  it('passes only on an answer (the transaction accepted it from the second address)', () => {
    expect(decideTest2(answer(message(), alternate), mapped, false, context)).toEqual({ code: 'PASS', mapped });
  });
  it('keeps the rewritten flag', () => {
    expect(decideTest2(answer(message(), alternate), mapped, true, context)).toEqual({
      code: 'PASS',
      mapped,
      mappedRewritten: true,
    });
  });
  it('says INBOUND_NO_RESPONSE when nothing came from the second address', () => {
    expect(decideTest2(timeout(), mapped, false, context)).toEqual({ code: 'INBOUND_NO_RESPONSE', mapped });
  });
  it('never passes an answer from the primary address: the server ignored CHANGE-REQUEST', () => {
    const r = decideTest2(
      timeout([{ from: primary, reason: 'unexpected-source', message: message() }]),
      mapped,
      false,
      context,
    );
    expect(r).toEqual({ code: 'MALFORMED_RESPONSE', mapped, detail: ANSWER_FROM_PRIMARY });
  });
  it('never passes an answer from a third address', () => {
    const r = decideTest2(
      timeout([{ from: { address: '203.0.113.9', port: 3479 }, reason: 'unexpected-source', message: message() }]),
      mapped,
      false,
      context,
    );
    expect(r).toMatchObject({ code: 'MALFORMED_RESPONSE', detail: 'test2: answer from 203.0.113.9:3479' });
  });
  it('reports an error answer (e.g. 420) and a broken answer as MALFORMED_RESPONSE', () => {
    expect(
      decideTest2(
        answer(message({ kind: 'error', error: { code: 420, reason: '' } }), alternate),
        mapped,
        false,
        context,
      ),
    ).toMatchObject({ code: 'MALFORMED_RESPONSE', detail: 'test2: error 420' });
    expect(
      decideTest2(
        timeout([{ from: alternate, reason: 'undecodable', error: { offset: 0, reason: 'short' } }]),
        mapped,
        false,
        context,
      ),
    ).toMatchObject({ code: 'MALFORMED_RESPONSE', detail: 'test2: short' });
  });
  it('says NOT_TESTED when cancelled', () => {
    expect(decideTest2({ kind: 'aborted', sent: 1 }, mapped, false, context)).toMatchObject({ code: 'NOT_TESTED' });
  });
});
