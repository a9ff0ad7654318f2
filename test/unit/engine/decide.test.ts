import { describe, expect, it } from 'vitest';
import { decideTest1, decideTest2, type DecisionContext, type PortVerdict } from '../../../main/engine/decide';
import type { BindingResponse, Endpoint } from '../../../main/engine/stun/codec';
import type { Stray, TransactionResult } from '../../../main/engine/transaction';

const primary = { address: '203.0.113.100', port: 3478 };
const alternate = { address: '203.0.113.101', port: 3479 };
const third = { address: '203.0.113.9', port: 3479 };
const context: DecisionContext = { localPort: 9000, expectedPublicIp: null, primary };
const mapped = { address: '203.0.113.2', port: 9000 };

const message = (overrides: Partial<BindingResponse> = {}): BindingResponse => ({
  kind: 'success',
  xorMapped: mapped,
  mapped: null,
  other: alternate,
  otherSource: 'OTHER-ADDRESS',
  error: null,
  software: null,
  ...overrides,
});
const errorMessage = (code: number) => message({ kind: 'error', xorMapped: null, error: { code } });
const answer = (m: BindingResponse, from: Endpoint): TransactionResult => ({
  kind: 'answer',
  message: m,
  from,
  sent: 1,
  rttMs: 20,
  strays: [],
});
const timeout = (strays: Stray[] = [], sendErrors: string[] = []): TransactionResult => ({
  kind: 'timeout',
  sent: 8,
  strays,
  sendErrors,
});
const undecodable = (from: Endpoint, reason: string): Stray => ({
  from,
  reason: 'undecodable',
  error: { offset: 20, reason },
});
const elsewhere = (from: Endpoint, m: BindingResponse = message()): Stray => ({
  from,
  reason: 'unexpected-source',
  message: m,
});
const aborted: TransactionResult = { kind: 'aborted', sent: 1 };

/** What probe.ts does with the two results: Test 2 only when Test 1 lets it run. */
function verdict(test1: TransactionResult, test2: TransactionResult, ctx: DecisionContext = context): PortVerdict {
  const first = decideTest1(test1, ctx);
  if (first.final) return first.verdict;
  return decideTest2(test2, first.mapped, first.mappedRewritten, ctx);
}

/** Every Test 1 outcome, with the verdict it forces (null: Test 2 decides). */
const TEST1: [string, TransactionResult, Partial<PortVerdict> | null][] = [
  ['cancelled', aborted, { code: 'NOT_TESTED', mapped: null, detail: 'cancelled' }],
  ['no answer', timeout(), { code: 'OUTBOUND_NO_RESPONSE', mapped: null }],
  ['no answer, send failed', timeout([], ['EPERM']), { code: 'OUTBOUND_NO_RESPONSE', detail: 'send: EPERM' }],
  [
    'only a broken answer',
    timeout([undecodable(primary, 'attribute 0x0020 runs past the end of the message')]),
    { code: 'MALFORMED_RESPONSE', detail: 'test1: attribute 0x0020 runs past the end of the message' },
  ],
  [
    'only an answer from the second address',
    timeout([elsewhere(alternate)]),
    { code: 'MALFORMED_RESPONSE', detail: 'test1: answer from 203.0.113.101:3479' },
  ],
  [
    'a broken answer and one from elsewhere (the broken one is named)',
    timeout([elsewhere(third), undecodable(primary, 'short')]),
    { code: 'MALFORMED_RESPONSE', detail: 'test1: short' },
  ],
  ['an error answer', answer(errorMessage(400), primary), { code: 'MALFORMED_RESPONSE', detail: 'test1: error 400' }],
  [
    'an answer without a mapped address',
    answer(message({ xorMapped: null }), primary),
    { code: 'MALFORMED_RESPONSE', detail: 'test1: no mapped address' },
  ],
  [
    'a translated port',
    answer(message({ xorMapped: { address: mapped.address, port: 40001 } }), primary),
    { code: 'PORT_TRANSLATED', mapped: { address: mapped.address, port: 40001 } },
  ],
  ['the same port', answer(message(), primary), null],
];

/** Every Test 2 outcome, with its verdict once Test 1 saw the same port. */
const TEST2: [string, TransactionResult, Partial<PortVerdict>][] = [
  ['cancelled', aborted, { code: 'NOT_TESTED', mapped, detail: 'cancelled' }],
  ['an answer from the second address', answer(message(), alternate), { code: 'PASS', mapped }],
  ['no answer', timeout(), { code: 'INBOUND_NO_RESPONSE', mapped }],
  [
    'an answer from the primary address (CHANGE-REQUEST ignored)',
    timeout([elsewhere(primary)]),
    {
      code: 'MALFORMED_RESPONSE',
      mapped,
      reason: 'answer-from-primary',
      detail: 'test2: answer from the primary address',
    },
  ],
  [
    'an error answer from the primary address',
    timeout([elsewhere(primary, errorMessage(420))]),
    {
      code: 'MALFORMED_RESPONSE',
      mapped,
      reason: 'refused-by-primary',
      detail: 'test2: change request refused by the server (error 420)',
    },
  ],
  [
    'an answer from a third address',
    timeout([elsewhere(third)]),
    { code: 'MALFORMED_RESPONSE', detail: 'test2: answer from 203.0.113.9:3479' },
  ],
  [
    'a broken answer',
    timeout([undecodable(alternate, 'message length 6 is not a multiple of 4')]),
    { code: 'MALFORMED_RESPONSE', detail: 'test2: message length 6 is not a multiple of 4' },
  ],
  [
    'an error answer from the second address',
    answer(errorMessage(420), alternate),
    { code: 'MALFORMED_RESPONSE', detail: 'test2: error 420' },
  ],
];

describe('the verdict for every combination of Test 1 and Test 2', () => {
  for (const [name1, test1, forced] of TEST1) {
    for (const [name2, test2, expected] of TEST2) {
      const code = (forced ?? expected).code;
      it(`Test 1: ${name1}; Test 2: ${name2} → ${code}`, () => {
        const result = verdict(test1, test2);
        expect(result).toMatchObject(forced ?? expected);
        if (forced) expect(verdict(test1, aborted)).toEqual(result); // Test 2 never counts after a final Test 1
      });
    }
  }

  it('passes only with an answer from the second address after an unchanged port', () => {
    const passes = TEST1.flatMap(([, t1]) => TEST2.map(([, t2]) => verdict(t1, t2))).filter((v) => v.code === 'PASS');
    expect(passes).toHaveLength(1);
  });
});

describe('Test 1', () => {
  it('lets Test 2 run, with the mapping, when the port is unchanged', () => {
    expect(decideTest1(answer(message(), primary), context)).toEqual({ final: false, mapped, mappedRewritten: false });
  });

  it('says PUBLIC_IP_MISMATCH before looking at the port when another public IP was expected', () => {
    const translated = answer(message({ xorMapped: { address: '203.0.113.2', port: 40001 } }), primary);
    expect(decideTest1(translated, { ...context, expectedPublicIp: '198.51.100.1' })).toEqual({
      final: true,
      verdict: {
        code: 'PUBLIC_IP_MISMATCH',
        mapped: { address: '203.0.113.2', port: 40001 },
        reason: 'public-ip-mismatch',
      },
    });
  });

  it('compares the expected public IP as an address, not as text (v4-mapped form)', () => {
    expect(
      decideTest1(answer(message(), primary), { ...context, expectedPublicIp: '::ffff:203.0.113.2' }),
    ).toMatchObject({ final: false });
  });

  it('goes on when the public IP is the expected one', () => {
    expect(decideTest1(answer(message(), primary), { ...context, expectedPublicIp: '203.0.113.2' })).toMatchObject({
      final: false,
    });
  });

  it('falls back to MAPPED-ADDRESS when there is no XOR-MAPPED-ADDRESS (RFC 3489 servers)', () => {
    expect(decideTest1(answer(message({ xorMapped: null, mapped }), primary), context)).toEqual({
      final: false,
      mapped,
      mappedRewritten: false,
    });
  });

  it('believes XOR-MAPPED-ADDRESS and flags a MAPPED-ADDRESS that disagrees (rewritten on the path)', () => {
    const rewritten = message({ mapped: { address: '192.0.2.10', port: 9000 } });
    expect(decideTest1(answer(rewritten, primary), context)).toEqual({ final: false, mapped, mappedRewritten: true });
    const translated = message({ xorMapped: { ...mapped, port: 1 }, mapped: { address: '192.0.2.10', port: 9000 } });
    expect(decideTest1(answer(translated, primary), context)).toEqual({
      final: true,
      verdict: {
        code: 'PORT_TRANSLATED',
        mapped: { ...mapped, port: 1 },
        reason: 'port-translated',
        mappedRewritten: true,
      },
    });
  });

  it('does not flag equal XOR-MAPPED and MAPPED addresses', () => {
    expect(decideTest1(answer(message({ mapped }), primary), context)).toMatchObject({ mappedRewritten: false });
  });
});

describe('Test 2', () => {
  it('keeps the rewritten flag of Test 1 in every verdict', () => {
    for (const [name, result] of TEST2) {
      expect(decideTest2(result, mapped, true, context), name).toMatchObject({ mappedRewritten: true });
      expect(decideTest2(result, mapped, false, context), name).not.toHaveProperty('mappedRewritten');
    }
  });

  it('reports the mapping of Test 1 whatever Test 2 saw', () => {
    const other = { address: '203.0.113.2', port: 9999 };
    for (const [name, result] of TEST2) expect(decideTest2(result, other, false, context).mapped, name).toEqual(other);
  });

  it('gives every verdict a typed reason', () => {
    for (const [name, result] of TEST2) expect(decideTest2(result, mapped, false, context).reason, name).toBeTruthy();
    for (const [name, result] of TEST1) {
      const first = decideTest1(result, context);
      if (first.final) expect(first.verdict.reason, name).toBeTruthy();
    }
  });

  it('lets a well-formed answer from the primary outweigh a refused datagram (whatever the order)', () => {
    const broken = undecodable(alternate, 'FINGERPRINT does not match the message (damaged on the way)');
    for (const strays of [
      [broken, elsewhere(primary)],
      [elsewhere(primary), broken],
    ]) {
      expect(decideTest2(timeout(strays), mapped, false, context)).toMatchObject({ reason: 'answer-from-primary' });
    }
    expect(decideTest2(timeout([broken, elsewhere(primary, errorMessage(420))]), mapped, false, context)).toMatchObject(
      { reason: 'refused-by-primary' },
    );
  });

  it('names the primary address only when the stray came from exactly it', () => {
    const samePortOtherIp = { address: '203.0.113.55', port: primary.port };
    expect(decideTest2(timeout([elsewhere(samePortOtherIp)]), mapped, false, context).detail).toBe(
      'test2: answer from 203.0.113.55:3478',
    );
    const sameIpOtherPort = { address: primary.address, port: 3479 };
    expect(decideTest2(timeout([elsewhere(sameIpOtherPort)]), mapped, false, context).detail).toBe(
      'test2: answer from 203.0.113.100:3479',
    );
  });
});
