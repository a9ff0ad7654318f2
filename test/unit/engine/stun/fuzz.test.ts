/**
 * Fixed-seed fuzzing of the decoder and the transaction layer: mutations of real answers (bit
 * flips, truncation, length fields, the cookie, attribute types, FINGERPRINT kept stale or made
 * valid again, error classes, address families, stray attributes). Every verdict of the decoder is
 * checked against an independent reading of RFC 5389 (./reference-validator.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sameEndpoint } from '../../../../shared/address';
import { unlimitedPacer } from '../../../../main/engine/pacer';
import {
  decodeBindingResponse,
  encodeBindingRequest,
  peekTransactionId,
  type Endpoint,
} from '../../../../main/engine/stun/codec';
import { retransmitSchedule, runTransaction } from '../../../../main/engine/transaction';
import { FakeClock } from '../../../fakes/fake-clock';
import { ScriptedSocket } from '../../../fakes/scripted-socket';
import { seeded } from '../../../fakes/sim-network';
import {
  ATTR,
  addressValue,
  encodeMessage,
  errorCodeValue,
  TYPE,
  withCookie,
  xorAddressValue,
  type RawAttribute,
} from '../../../fakes/stun-server';
import { referenceDecode, type ReferenceAnswer } from './reference-validator';

function vector(name: string): Buffer {
  const text = readFileSync(resolve(__dirname, '../../../fixtures/rfc5769', name), 'utf8');
  return Buffer.from(
    text
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('')
      .replace(/\s+/g, ''),
    'hex',
  );
}

const id = Buffer.from('b7e7a701bc34d686fa87dfae', 'hex');
const cookie = withCookie(id).subarray(0, 4);
const client = { address: '198.51.100.20', port: 9000 };
const addr = (type: number, endpoint: Endpoint): RawAttribute => ({ type, value: addressValue(endpoint) });
const answer = (attributes: RawAttribute[], fingerprint: boolean, type: number = TYPE.BINDING_SUCCESS) =>
  encodeMessage({ type, cookieAndId: withCookie(id), attributes, fingerprint });
const xorMappedAttr: RawAttribute = { type: ATTR.XOR_MAPPED_ADDRESS, value: xorAddressValue(client, cookie) };

/** Real answers to mutate: the RFC 5769 samples and what stuntman, stund and a 420 look like. */
const SEEDS: Buffer[] = [
  vector('response-ipv4.hex'),
  vector('response-ipv6.hex'),
  answer(
    [
      addr(ATTR.MAPPED_ADDRESS, client),
      xorMappedAttr,
      addr(ATTR.RESPONSE_ORIGIN, { address: '203.0.113.100', port: 3478 }),
      addr(ATTR.OTHER_ADDRESS, { address: '203.0.113.101', port: 3479 }),
      { type: ATTR.SOFTWARE, value: Buffer.from('sim stuntman') },
    ],
    true,
  ),
  answer(
    [
      addr(ATTR.MAPPED_ADDRESS, client),
      addr(ATTR.SOURCE_ADDRESS, { address: '203.0.113.100', port: 3478 }),
      addr(ATTR.CHANGED_ADDRESS, { address: '203.0.113.101', port: 3479 }),
    ],
    false,
  ),
  answer(
    [
      { type: ATTR.ERROR_CODE, value: errorCodeValue(420, 'Unknown Attribute') },
      { type: ATTR.UNKNOWN_ATTRIBUTES, value: Buffer.from([0x00, 0x03]) },
    ],
    true,
    TYPE.BINDING_ERROR,
  ),
  answer([{ type: ATTR.ERROR_CODE, value: errorCodeValue(500, 'Server Error') }], false, TYPE.BINDING_ERROR),
  answer([xorMappedAttr], false),
];

/** Attribute offsets of a well-framed message (for targeted mutations). */
function attributeOffsets(bytes: Buffer): number[] {
  const out: number[] = [];
  for (let at = 20; at + 4 <= bytes.length; at += 4 + Math.ceil(bytes.readUInt16BE(at + 2) / 4) * 4) out.push(at);
  return out;
}

/** Makes a trailing FINGERPRINT right again, as a forger (or a damaged-then-refingerprinting relay) would. */
function refingerprint(bytes: Buffer): void {
  if (bytes.length < 28 || bytes.readUInt16BE(bytes.length - 8) !== ATTR.FINGERPRINT) return;
  bytes.writeUInt32BE((crc32(bytes.subarray(0, bytes.length - 8)) ^ 0x5354554e) >>> 0, bytes.length - 4);
}

/** One mutated answer, chosen by `random`. */
function mutate(random: () => number): Buffer {
  const int = (n: number) => Math.floor(random() * n);
  let bytes = Buffer.from(SEEDS[int(SEEDS.length)]!);
  const rounds = 1 + int(2);
  for (let r = 0; r < rounds; r++) {
    // Offsets of attribute headers whose 8 first bytes are inside the datagram, as it is now.
    const attrs = attributeOffsets(bytes).filter((o) => o + 8 <= bytes.length);
    const at = attrs[int(attrs.length)];
    switch (int(12)) {
      case 0: // bit flips anywhere
        for (let f = 1 + int(3); f > 0; f--) bytes[int(bytes.length)]! ^= 1 << int(8);
        break;
      case 1: // a bit flip inside one attribute value (ports and addresses)
        if (at !== undefined) {
          const end = Math.min(bytes.length, at + 4 + bytes.readUInt16BE(at + 2));
          bytes[at + 4 + int(end - at - 4)]! ^= 1 << int(8);
        }
        break;
      case 2: // truncation, header length fixed or not
        bytes = bytes.subarray(0, int(bytes.length + 1));
        if (bytes.length >= 20 && random() < 0.5) bytes.writeUInt16BE(bytes.length - 20, 2);
        break;
      case 3: // the message length field
        if (bytes.length >= 20)
          bytes.writeUInt16BE([0, 4, bytes.length - 16, bytes.length - 24, int(65536)][int(5)]! & 0xffff, 2);
        break;
      case 4: // an attribute length field
        if (at !== undefined) bytes.writeUInt16BE([0, 3, 4, 7, 8, 20, 28, int(65536)][int(8)]!, at + 2);
        break;
      case 5: // the magic cookie
        if (bytes.length >= 8) bytes.writeUInt32BE(random() < 0.3 ? 0 : int(2 ** 32), 4);
        break;
      case 6: // an attribute type: random, comprehension-required, a known one, or FINGERPRINT
        if (at !== undefined) {
          const known = [0x0001, 0x0005, 0x0008, 0x0009, 0x0020, 0x8020, 0x802b, 0x802c, 0x8022, 0x8028];
          bytes.writeUInt16BE([int(65536), int(0x8000), known[int(known.length)]!][int(3)]!, at);
        }
        break;
      case 7: {
        // the error class and number (class 3 number 120 once read as 420)
        const e = attrs.find((o) => bytes.readUInt16BE(o) === ATTR.ERROR_CODE);
        if (e !== undefined) {
          bytes[e + 6] = int(8) | (random() < 0.2 ? int(256) & 0xf8 : 0);
          bytes[e + 7] = random() < 0.5 ? int(100) : int(256);
        } else if (bytes.length >= 2) bytes.writeUInt16BE(TYPE.BINDING_ERROR, 0);
        break;
      }
      case 8: // the family of an address attribute
        if (at !== undefined) bytes[at + 5] = int(4);
        break;
      case 9: {
        // a stray attribute before the last one (random type, length and content)
        const length = [0, 1, 4, 8, 20, 800][int(6)]!;
        const value = Buffer.from(Array.from({ length }, () => int(256)));
        const type = [int(65536), int(0x8000), 0x802b, 0x8022, 0x0020, 0x0009][int(6)]!;
        const tlv = Buffer.alloc(4 + Math.ceil(length / 4) * 4);
        tlv.writeUInt16BE(type, 0);
        tlv.writeUInt16BE(length, 2);
        value.copy(tlv, 4);
        const where = attrs.length > 0 && random() < 0.7 ? attrs[attrs.length - 1]! : bytes.length;
        bytes = Buffer.concat([bytes.subarray(0, where), tlv, bytes.subarray(where)]);
        if (bytes.length >= 20) bytes.writeUInt16BE((bytes.length - 20) & 0xffff, 2);
        break;
      }
      case 10: // the message type
        if (bytes.length >= 2) bytes.writeUInt16BE([0x0101, 0x0111, 0x0001, 0x0011, 0x0103, int(65536)][int(6)]!, 0);
        break;
      default: // a transaction ID byte (another transaction's answer, for the decoder the same)
        if (bytes.length >= 20) bytes[8 + int(12)]! ^= 1 << int(8);
    }
  }
  if (random() < 0.4) refingerprint(bytes);
  return bytes;
}

function sameAnswer(ours: ReturnType<typeof decodeBindingResponse>, reference: ReferenceAnswer): string | null {
  if (!ours.ok) return `refused (${ours.error.reason}) what RFC 5389 accepts`;
  const m = ours.message;
  const same = (a: Endpoint | null, b: Endpoint | null) => (a === null || b === null ? a === b : sameEndpoint(a, b));
  if (m.kind !== reference.kind) return `kind ${m.kind}`;
  if (!same(m.xorMapped, reference.xorMapped)) return `xorMapped ${JSON.stringify(m.xorMapped)}`;
  if (!same(m.mapped, reference.mapped)) return `mapped ${JSON.stringify(m.mapped)}`;
  if (!same(m.other, reference.other)) return `other ${JSON.stringify(m.other)}`;
  if ((m.error?.code ?? null) !== reference.errorCode) return `error ${m.error?.code}`;
  return null;
}

describe('fuzzing the decoder (fixed seed)', () => {
  it('100,000 mutated answers: no crash, nothing accepted that RFC 5389 rejects, the same reading otherwise', () => {
    const random = seeded(0x5354554e);
    const tally = { accepted: 0, refused: 0 };
    const reasons = new Set<string>();
    const problems: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const bytes = mutate(random);
      let ours: ReturnType<typeof decodeBindingResponse>;
      try {
        ours = decodeBindingResponse(bytes);
      } catch (error) {
        problems.push(`threw ${String(error)} on ${bytes.toString('hex')}`);
        continue;
      }
      const reference = referenceDecode(bytes);
      if (reference === null) {
        if (ours.ok) problems.push(`accepted what RFC 5389 rejects: ${bytes.toString('hex')}`);
        else reasons.add(ours.error.reason.replace(/0x[0-9a-f]{4}|\d+/g, 'N'));
      } else {
        const difference = sameAnswer(ours, reference);
        if (difference) problems.push(`${difference}: ${bytes.toString('hex')}`);
      }
      if (ours.ok) tally.accepted++;
      else tally.refused++;
      if (problems.length > 5) break;
    }
    expect(problems).toEqual([]);
    // Both sides are exercised, and every rule refused something.
    expect(tally.accepted).toBeGreaterThan(10_000);
    expect(tally.refused).toBeGreaterThan(50_000);
    for (const reason of [
      'FINGERPRINT does not match the message (damaged on the way)',
      'FINGERPRINT is not the last attribute',
      'XOR-MAPPED-ADDRESS in an answer without the magic cookie',
      'unknown comprehension-required attribute N',
      'an error response without a valid ERROR-CODE (class N–N, number N–N)',
      'XOR-MAPPED-ADDRESS is malformed',
      'MAPPED-ADDRESS is malformed',
      'CHANGED-ADDRESS is malformed',
      'attribute N runs past the end of the message',
      'message type N is not a Binding response',
    ]) {
      expect(reasons, reason).toContain(reason);
    }
  });
});

describe('the mutations seen in issue 9', () => {
  const stuntman = SEEDS[2]!;
  const xorAt = attributeOffsets(stuntman).find((o) => stuntman.readUInt16BE(o) === ATTR.XOR_MAPPED_ADDRESS)!;

  it('refuses every flipped port bit of XOR-MAPPED-ADDRESS under the old FINGERPRINT (was a false PORT_TRANSLATED)', () => {
    for (let bit = 0; bit < 16; bit++) {
      const bytes = Buffer.from(stuntman);
      bytes.writeUInt16BE(bytes.readUInt16BE(xorAt + 6) ^ (1 << bit), xorAt + 6);
      const result = decodeBindingResponse(bytes);
      expect(result.ok, `bit ${bit}`).toBe(false);
      expect(!result.ok && result.error.reason).toBe('FINGERPRINT does not match the message (damaged on the way)');
    }
  });

  it('refuses error class 3 number 120 (was read as 420), even with a valid FINGERPRINT', () => {
    const bytes = answer([{ type: ATTR.ERROR_CODE, value: Buffer.from([0, 0, 3, 120]) }], true, TYPE.BINDING_ERROR);
    expect(decodeBindingResponse(bytes)).toEqual({
      ok: false,
      error: { offset: 20, reason: 'an error response without a valid ERROR-CODE (class 3–6, number 0–99)' },
    });
    for (const [errorClass, number] of [
      [2, 0],
      [7, 0],
      [0, 0],
      [4, 100],
    ]) {
      const other = answer([{ type: ATTR.ERROR_CODE, value: Buffer.from([0, 0, errorClass!, number!]) }], true, 0x0111);
      expect(decodeBindingResponse(other).ok, `${errorClass} ${number}`).toBe(false);
    }
  });

  it('refuses a wrong cookie instead of reading a garbage XOR address as "legacy"', () => {
    const bytes = Buffer.from(SEEDS[6]!);
    bytes[5]! ^= 0x01;
    expect(decodeBindingResponse(bytes)).toMatchObject({ ok: false, error: { reason: /without the magic cookie/ } });
  });

  it('refuses an unknown comprehension-required attribute, ignores an unknown optional one', () => {
    const required = answer([xorMappedAttr, { type: 0x0030, value: Buffer.alloc(4) }], true);
    expect(decodeBindingResponse(required)).toMatchObject({
      ok: false,
      error: { offset: 32, reason: 'unknown comprehension-required attribute 0x0030' },
    });
    const optional = answer([xorMappedAttr, { type: 0x8030, value: Buffer.alloc(4) }], true);
    expect(decodeBindingResponse(optional)).toMatchObject({ ok: true, message: { xorMapped: client } });
  });

  it.each<[string, RawAttribute]>([
    ['RESPONSE-ORIGIN with a bad family', { type: ATTR.RESPONSE_ORIGIN, value: Buffer.from([0, 9, 0, 1, 1, 2, 3, 4]) }],
    ['RESPONSE-ORIGIN of 3 bytes', { type: ATTR.RESPONSE_ORIGIN, value: Buffer.from([0, 1, 0]) }],
    ['OTHER-ADDRESS of IPv4 family and 20 bytes', { type: ATTR.OTHER_ADDRESS, value: Buffer.alloc(20, 1) }],
    ['SOFTWARE of 800 bytes', { type: ATTR.SOFTWARE, value: Buffer.alloc(800, 0x61) }],
    ['SOFTWARE that is not UTF-8', { type: ATTR.SOFTWARE, value: Buffer.from([0xff, 0xfe]) }],
    ['the old XOR-MAPPED-ADDRESS (0x8020) of 2 bytes', { type: 0x8020, value: Buffer.from([0, 1]) }],
  ])('ignores a malformed optional attribute (%s), not the answer', (_label, attribute) => {
    const result = decodeBindingResponse(answer([xorMappedAttr, attribute], true));
    expect(result).toMatchObject({ ok: true, message: { xorMapped: client, software: null } });
    if (attribute.type === ATTR.OTHER_ADDRESS && result.ok) expect(result.message.other).toBeNull();
  });

  it('keeps control characters out of SOFTWARE', () => {
    const result = decodeBindingResponse(
      answer([xorMappedAttr, { type: ATTR.SOFTWARE, value: Buffer.from('evil\r\nFAKE LINE\u0085\u2028x\0') }], true),
    );
    expect(result).toMatchObject({ ok: true, message: { software: 'evilFAKE LINEx' } });
  });

  it('ignores what follows MESSAGE-INTEGRITY, FINGERPRINT aside (RFC 5389 §15.4)', () => {
    const bytes = answer(
      [
        xorMappedAttr,
        { type: 0x0008, value: Buffer.alloc(20) },
        { type: 0x0030, value: Buffer.alloc(4) },
        addr(ATTR.MAPPED_ADDRESS, { address: '192.0.2.99', port: 1 }),
      ],
      true,
    );
    expect(decodeBindingResponse(bytes)).toMatchObject({ ok: true, message: { xorMapped: client, mapped: null } });
  });
});

describe('fuzzing the transaction layer (fixed seed)', () => {
  const server = { address: '203.0.113.100', port: 3478 };

  it('5,000 transactions: a refused datagram is a stray, the good answer after it still counts', async () => {
    const random = seeded(9);
    const transactionId = id;
    const request = encodeBindingRequest({ transactionId });
    const good = answer([xorMappedAttr], true);
    expect(request.subarray(4, 20)).toEqual(good.subarray(4, 20));
    const tally = { strays: 0, mutatedCounted: 0, goodCounted: 0 };
    for (let i = 0; i < 5_000; i++) {
      const clock = new FakeClock();
      const socket = new ScriptedSocket(clock);
      const done = runTransaction({
        socket,
        to: server,
        schedule: retransmitSchedule(200),
        clock,
        pacer: unlimitedPacer,
        transactionId,
      });
      await clock.advance(5);
      const bad = mutate(random);
      socket.deliver(bad, server);
      socket.deliver(good, server);
      const result = await clock.run(done);
      expect(result.kind).toBe('answer');
      if (result.kind !== 'answer') continue;
      const reference = referenceDecode(bad);
      const ours = peekTransactionId(bad) === id.toString('hex'); // else not this transaction's at all
      if (ours && reference !== null) {
        // A mutation RFC 5389 accepts is an answer in its own right and came first.
        expect(sameAnswer({ ok: true, message: result.message }, reference)).toBeNull();
        tally.mutatedCounted++;
      } else {
        expect(result.message.xorMapped).toEqual(client);
        if (ours) {
          expect(result.strays).toMatchObject([{ reason: 'undecodable', from: server }]);
          tally.strays++;
        } else expect(result.strays).toEqual([]);
        tally.goodCounted++;
      }
    }
    expect(tally.strays).toBeGreaterThan(2_000);
    expect(tally.mutatedCounted).toBeGreaterThan(500);
  });
});
