import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeBindingResponse,
  encodeBindingRequest,
  formatEndpoint,
  peekTransactionId,
  type DecodeResult,
} from '../../../../main/engine/stun/codec';
import { checkFraming } from '../../../../main/engine/stun/framing';
import {
  ATTR,
  addressValue,
  encodeAttribute,
  encodeMessage,
  errorCodeValue,
  malformedAnswer,
  parseRequest,
  TYPE,
  withCookie,
  xorAddressValue,
  type RawAttribute,
} from '../../../fakes/stun-server';
import { seeded as seededRandom } from '../../../fakes/sim-network';

/** A test vector file: hex, whitespace anywhere, `#` comment lines. */
function vector(name: string): Buffer {
  const text = readFileSync(resolve(__dirname, '../../../fixtures/rfc5769', name), 'utf8');
  const hex = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('')
    .replace(/\s+/g, '');
  return Buffer.from(hex, 'hex');
}

const id = Buffer.from('b7e7a701bc34d686fa87dfae', 'hex');
const request = encodeBindingRequest({ transactionId: id });
const cookie = request.subarray(4, 8);
const response = (attributes: RawAttribute[], type: number = TYPE.BINDING_SUCCESS, fingerprint = false) =>
  encodeMessage({ type, cookieAndId: withCookie(id), attributes, fingerprint });
const xorMapped = (address: string, port: number): RawAttribute => ({
  type: ATTR.XOR_MAPPED_ADDRESS,
  value: xorAddressValue({ address, port }, cookie),
});
const plain = (type: number, address: string, port: number): RawAttribute => ({
  type,
  value: addressValue({ address, port }),
});
const ok = (result: DecodeResult) => {
  if (!result.ok) throw new Error(`expected a decoded message, got ${JSON.stringify(result.error)}`);
  return result.message;
};
const failure = (result: DecodeResult) => {
  if (result.ok) throw new Error('expected a decode error');
  return result.error;
};

describe('the RFC 5769 test vectors', () => {
  it('decodes the IPv4 sample response: XOR-MAPPED-ADDRESS 192.0.2.1:32853, SOFTWARE, a valid FINGERPRINT', () => {
    expect(ok(decodeBindingResponse(vector('response-ipv4.hex')))).toEqual({
      kind: 'success',
      xorMapped: { address: '192.0.2.1', port: 32853 },
      mapped: null,
      other: null,
      otherSource: null,
      error: null,
      software: 'test vector',
    });
  });

  it('decodes the IPv6 sample response: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853', () => {
    const message = ok(decodeBindingResponse(vector('response-ipv6.hex')));
    expect(message.xorMapped).toEqual({ address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 });
    expect(formatEndpoint(message.xorMapped!)).toBe('[2001:db8:1234:5678:11:2233:4455:6677]:32853');
  });

  it('refuses every single flipped bit before the FINGERPRINT, or reads the very same answer (RFC 5389 §15.5)', () => {
    for (const name of ['response-ipv4.hex', 'response-ipv6.hex']) {
      const original = vector(name);
      const expected = ok(decodeBindingResponse(original));
      const fingerprintAt = original.length - 8;
      let byFingerprint = 0;
      const accepted: number[] = [];
      for (let offset = 0; offset < fingerprintAt; offset++) {
        for (let bit = 0; bit < 8; bit++) {
          const bytes = Buffer.from(original);
          bytes[offset] = bytes[offset]! ^ (1 << bit);
          const result = decodeBindingResponse(bytes);
          if (result.ok) {
            // Only MESSAGE-INTEGRITY's length 20 -> 28 swallowing FINGERPRINT stays well-formed, and
            // what follows MESSAGE-INTEGRITY is ignored (§15.4): the same content.
            expect(result.message, `${name}: byte ${offset} bit ${bit}`).toEqual(expected);
            accepted.push(offset);
          } else if (/FINGERPRINT does not match/.test(result.error.reason)) byFingerprint++;
        }
      }
      expect(accepted).toEqual([fingerprintAt - 21]);
      // Most flips keep the framing valid (SOFTWARE, MESSAGE-INTEGRITY, the ID, the address): the CRC catches them.
      expect(byFingerprint).toBeGreaterThan(300);
    }
  });

  it('refuses a damaged FINGERPRINT value', () => {
    const bytes = vector('response-ipv4.hex');
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x10;
    expect(failure(decodeBindingResponse(bytes))).toEqual({
      offset: bytes.length - 8,
      reason: 'FINGERPRINT does not match the message (damaged on the way)',
    });
  });

  it('accepts the sample request’s framing but refuses it as a response', () => {
    const bytes = vector('request.hex');
    expect(checkFraming(bytes)).toBeNull();
    expect(failure(decodeBindingResponse(bytes))).toEqual({
      offset: 0,
      reason: 'message type 0x0001 is not a Binding response',
    });
  });
});

describe('a Binding Request', () => {
  it('is a bare 20-byte header: type 0x0001, length 0, the magic cookie, the transaction ID', () => {
    expect(request.toString('hex')).toBe('000100002112a442b7e7a701bc34d686fa87dfae');
  });

  it('carries CHANGE-REQUEST (type 0x0003, length 4, value 0x00000006) to change IP and port', () => {
    const bytes = encodeBindingRequest({ transactionId: id, changeIp: true, changePort: true });
    expect(bytes.length).toBe(28);
    expect(bytes.readUInt16BE(0)).toBe(0x0001);
    expect(bytes.readUInt16BE(2)).toBe(8);
    expect(bytes.readUInt16BE(20)).toBe(0x0003);
    expect(bytes.readUInt16BE(22)).toBe(4);
    expect(bytes.readUInt32BE(24)).toBe(0x00000006);
    expect(bytes.subarray(4, 20)).toEqual(request.subarray(4, 20));
  });

  it.each([
    [{ changeIp: true }, 0x04],
    [{ changePort: true }, 0x02],
  ])('sets only the asked flag: %j → %i', (flags, value) => {
    const bytes = encodeBindingRequest({ transactionId: id, ...flags });
    expect(bytes.readUInt32BE(24)).toBe(value);
    expect(parseRequest(bytes)).toMatchObject({ changeIp: value === 0x04, changePort: value === 0x02 });
  });

  it('has no CHANGE-REQUEST when both flags are false', () => {
    expect(encodeBindingRequest({ transactionId: id, changeIp: false, changePort: false })).toEqual(request);
  });

  it('is read back by an independent parser', () => {
    const bytes = encodeBindingRequest({ transactionId: id, changeIp: true, changePort: true });
    expect(parseRequest(bytes)).toEqual({
      cookieAndId: bytes.subarray(4, 20),
      transactionId: id.toString('hex'),
      changeIp: true,
      changePort: true,
    });
  });

  it.each([0, 11, 13, 16])('refuses a transaction ID of %i bytes', (length) => {
    expect(() => encodeBindingRequest({ transactionId: Buffer.alloc(length) })).toThrow(/12 bytes/);
  });
});

describe('decoding answers', () => {
  it('reads XOR-MAPPED-ADDRESS, MAPPED-ADDRESS, OTHER-ADDRESS (RFC 5780) and RESPONSE-ORIGIN', () => {
    const message = ok(
      decodeBindingResponse(
        response([
          plain(ATTR.MAPPED_ADDRESS, '198.51.100.20', 9000),
          xorMapped('198.51.100.20', 9000),
          plain(ATTR.RESPONSE_ORIGIN, '203.0.113.10', 3478),
          plain(ATTR.OTHER_ADDRESS, '203.0.113.20', 3479),
        ]),
      ),
    );
    expect(message).toMatchObject({
      kind: 'success',
      xorMapped: { address: '198.51.100.20', port: 9000 },
      mapped: { address: '198.51.100.20', port: 9000 },
      other: { address: '203.0.113.20', port: 3479 },
      otherSource: 'OTHER-ADDRESS',
    });
  });

  it('reads an RFC 3489 answer: MAPPED-ADDRESS, SOURCE-ADDRESS and CHANGED-ADDRESS (0x0005), no XOR', () => {
    const message = ok(
      decodeBindingResponse(
        response([
          plain(ATTR.MAPPED_ADDRESS, '198.51.100.20', 9000),
          plain(ATTR.SOURCE_ADDRESS, '203.0.113.10', 3478),
          plain(ATTR.CHANGED_ADDRESS, '203.0.113.20', 3479),
        ]),
      ),
    );
    expect(message).toMatchObject({
      xorMapped: null,
      mapped: { address: '198.51.100.20', port: 9000 },
      other: { address: '203.0.113.20', port: 3479 },
      otherSource: 'CHANGED-ADDRESS',
    });
  });

  it('prefers OTHER-ADDRESS to CHANGED-ADDRESS when a server sends both', () => {
    const message = ok(
      decodeBindingResponse(
        response([plain(ATTR.CHANGED_ADDRESS, '203.0.113.99', 1), plain(ATTR.OTHER_ADDRESS, '203.0.113.20', 3479)]),
      ),
    );
    expect(message.other).toEqual({ address: '203.0.113.20', port: 3479 });
    expect(message.otherSource).toBe('OTHER-ADDRESS');
  });

  it('reads the XOR-MAPPED-ADDRESS of old drafts (0x8020)', () => {
    const message = ok(
      decodeBindingResponse(
        response([{ type: 0x8020, value: xorAddressValue({ address: '198.51.100.20', port: 40000 }, cookie) }]),
      ),
    );
    expect(message.xorMapped).toEqual({ address: '198.51.100.20', port: 40000 });
  });

  it('accepts a valid FINGERPRINT it did not write itself', () => {
    const message = ok(decodeBindingResponse(response([xorMapped('198.51.100.20', 9000)], TYPE.BINDING_SUCCESS, true)));
    expect(message.xorMapped).toEqual({ address: '198.51.100.20', port: 9000 });
  });

  it('reads an answer without the magic cookie as RFC 3489 when it carries no XOR attribute', () => {
    const legacyId = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const bytes = encodeMessage({
      type: TYPE.BINDING_SUCCESS,
      cookieAndId: legacyId,
      attributes: [plain(ATTR.MAPPED_ADDRESS, '198.51.100.20', 9000)],
    });
    expect(ok(decodeBindingResponse(bytes)).mapped).toEqual({ address: '198.51.100.20', port: 9000 });
  });

  it.each([0x0020, 0x8020])('refuses an answer without the magic cookie that carries XOR attribute %i', (type) => {
    const bytes = encodeMessage({
      type: TYPE.BINDING_SUCCESS,
      cookieAndId: Buffer.from('00112233445566778899aabbccddeeff', 'hex'),
      attributes: [{ type, value: xorAddressValue({ address: '198.51.100.20', port: 9000 }, cookie) }],
    });
    expect(failure(decodeBindingResponse(bytes))).toEqual({
      offset: 20,
      reason: 'XOR-MAPPED-ADDRESS in an answer without the magic cookie',
    });
  });

  it.each([
    [420, 'Unknown Attribute'],
    [400, 'Bad Request'],
    [500, 'Server Error'],
    [699, ''],
  ])('reads error response %i', (code, reason) => {
    const message = ok(
      decodeBindingResponse(
        response(
          [
            { type: ATTR.ERROR_CODE, value: errorCodeValue(code, reason) },
            { type: ATTR.UNKNOWN_ATTRIBUTES, value: Buffer.from([0x00, 0x03]) },
          ],
          TYPE.BINDING_ERROR,
        ),
      ),
    );
    expect(message.kind).toBe('error');
    expect(message.error).toEqual({ code });
  });

  it('reads SOFTWARE as UTF-8', () => {
    const message = ok(decodeBindingResponse(response([{ type: ATTR.SOFTWARE, value: Buffer.from('stünd 0.97') }])));
    expect(message.software).toBe('stünd 0.97');
  });

  it('decodes what the simulated server sends for every XOR key (cookie and ID round trip)', () => {
    const random = seededRandom(5);
    for (let i = 0; i < 200; i++) {
      const transactionId = Buffer.from(Array.from({ length: 12 }, () => Math.floor(random() * 256)));
      const endpoint = {
        address: Array.from({ length: 4 }, () => Math.floor(random() * 256)).join('.'),
        port: Math.floor(random() * 65536),
      };
      const req = encodeBindingRequest({ transactionId });
      const bytes = encodeMessage({
        type: TYPE.BINDING_SUCCESS,
        cookieAndId: req.subarray(4, 20),
        attributes: [{ type: ATTR.XOR_MAPPED_ADDRESS, value: xorAddressValue(endpoint, req.subarray(4, 8)) }],
      });
      expect(ok(decodeBindingResponse(bytes)).xorMapped).toEqual(endpoint);
    }
  });
});

describe('malformed input', () => {
  const header = (type: number, length: number) => {
    const out = Buffer.alloc(20);
    out.writeUInt16BE(type, 0);
    out.writeUInt16BE(length, 2);
    withCookie(id).copy(out, 4);
    return out;
  };
  const withBody = (type: number, length: number, body: Buffer) => Buffer.concat([header(type, length), body]);
  const good = xorMapped('198.51.100.20', 9000);
  const goodBytes = encodeAttribute(good.type, good.value);

  it.each<[string, Buffer, number, RegExp]>([
    ['an empty datagram', Buffer.alloc(0), 0, /^0 bytes is shorter than a STUN header \(20\)$/],
    ['a 19-byte datagram', header(TYPE.BINDING_SUCCESS, 0).subarray(0, 19), 0, /^19 bytes is shorter/],
    [
      'the two first bits set',
      Buffer.concat([Buffer.from([0xc1, 0x01]), header(TYPE.BINDING_SUCCESS, 0).subarray(2)]),
      0,
      /the two first bits of a STUN message must be zero/,
    ],
    [
      'only the second bit set',
      Buffer.concat([Buffer.from([0x41, 0x01]), header(TYPE.BINDING_SUCCESS, 0).subarray(2)]),
      0,
      /first bits/,
    ],
    [
      'a length that is not a multiple of 4',
      withBody(TYPE.BINDING_SUCCESS, 6, Buffer.alloc(6)),
      2,
      /^message length 6 is not a multiple of 4$/,
    ],
    [
      'a length longer than the datagram',
      withBody(TYPE.BINDING_SUCCESS, 16, goodBytes.subarray(0, 8)),
      2,
      /^message length says 16 bytes but 8 follow the header$/,
    ],
    [
      'a length shorter than the datagram',
      withBody(TYPE.BINDING_SUCCESS, 4, goodBytes),
      2,
      /^message length says 4 bytes but 12 follow the header$/,
    ],
    [
      'the first attribute running past the end',
      withBody(TYPE.BINDING_SUCCESS, 4, Buffer.from([0x00, 0x20, 0x00, 40])),
      20,
      /^attribute 0x0020 runs past the end of the message$/,
    ],
    [
      'a later attribute running past the end',
      withBody(TYPE.BINDING_SUCCESS, 16, Buffer.concat([goodBytes, Buffer.from([0x80, 0x2c, 0x00, 0x08])])),
      32,
      /^attribute 0x802c runs past the end of the message$/,
    ],
    [
      'an attribute whose padding runs past the end',
      withBody(TYPE.BINDING_SUCCESS, 8, Buffer.from([0x80, 0x22, 0x00, 0x05, 0x61, 0x62, 0x63, 0x64])),
      20,
      /^attribute 0x8022 runs past the end/,
    ],
    [
      'XOR-MAPPED-ADDRESS with an unknown family',
      response([{ type: ATTR.XOR_MAPPED_ADDRESS, value: Buffer.from([0, 0x03, 1, 2, 3, 4, 5, 6]) }]),
      20,
      /^XOR-MAPPED-ADDRESS is malformed$/,
    ],
    [
      'XOR-MAPPED-ADDRESS of the IPv4 family with 16 address bytes',
      response([
        { type: ATTR.XOR_MAPPED_ADDRESS, value: Buffer.concat([Buffer.from([0, 0x01, 0, 1]), Buffer.alloc(16)]) },
      ]),
      20,
      /XOR-MAPPED-ADDRESS is malformed/,
    ],
    [
      'MAPPED-ADDRESS of the IPv6 family with 4 address bytes',
      response([good, { type: ATTR.MAPPED_ADDRESS, value: Buffer.from([0, 0x02, 0, 1, 1, 2, 3, 4]) }]),
      32,
      /^MAPPED-ADDRESS is malformed$/,
    ],
    [
      'a CHANGED-ADDRESS with a bad family',
      response([
        good,
        plain(ATTR.SOURCE_ADDRESS, '203.0.113.10', 3478),
        { type: ATTR.CHANGED_ADDRESS, value: Buffer.from([0, 9, 0, 1, 1, 2, 3, 4]) },
      ]),
      44,
      /^CHANGED-ADDRESS is malformed$/,
    ],
    ['a Binding Request', request, 0, /^message type 0x0001 is not a Binding response$/],
    ['a Binding indication', header(TYPE.BINDING_INDICATION, 0), 0, /^message type 0x0011 is not a Binding response$/],
    ['an Allocate success (TURN)', header(0x0103, 0), 0, /^message type 0x0103 is not a Binding response$/],
    ['an error response without ERROR-CODE', response([good], TYPE.BINDING_ERROR), 20, /without a valid ERROR-CODE/],
  ])('reports %s, with where it broke', (_label, bytes, offset, reason) => {
    const error = failure(decodeBindingResponse(bytes));
    expect(error.reason).toMatch(reason);
    expect(error.offset).toBe(offset);
  });

  it('reports the malformed answer the simulated server sends', () => {
    expect(failure(decodeBindingResponse(malformedAnswer(withCookie(id))))).toEqual({
      offset: 20,
      reason: 'attribute 0x0020 runs past the end of the message',
    });
  });
  // Fuzzing (100,000 mutated answers against a reference reading of RFC 5389): fuzz.test.ts.
});

describe('matching by transaction ID', () => {
  it('peeks the 12-byte ID of anything shaped like STUN', () => {
    expect(peekTransactionId(request)).toBe('b7e7a701bc34d686fa87dfae');
    expect(peekTransactionId(vector('response-ipv4.hex'))).toBe('b7e7a701bc34d686fa87dfae');
  });

  it('ignores datagrams that are too short or have the first bits set', () => {
    expect(peekTransactionId(request.subarray(0, 19))).toBeNull();
    expect(peekTransactionId(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toBeNull();
  });
});

describe('formatEndpoint', () => {
  it('writes IPv4 as ip:port and IPv6 in brackets', () => {
    expect(formatEndpoint({ address: '203.0.113.10', port: 3478 })).toBe('203.0.113.10:3478');
    expect(formatEndpoint({ address: '2001:db8::1', port: 3478 })).toBe('[2001:db8::1]:3478');
  });
});
