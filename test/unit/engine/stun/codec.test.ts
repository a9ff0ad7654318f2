import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkFraming,
  decodeBindingResponse,
  encodeBindingRequest,
  formatEndpoint,
  peekTransactionId,
} from '../../../../main/engine/stun/codec';
import { seeded } from '../../../fakes/sim-network';
import { addressAttribute, errorAttribute, response, T } from '../../../support/stun-wire';

const vector = (name: string) =>
  Buffer.from(
    readFileSync(resolve(__dirname, '../../../fixtures/rfc5769', name), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('')
      .replace(/\s+/g, ''),
    'hex',
  );
const id = Buffer.from('b7e7a701bc34d686fa87dfae', 'hex');
const request = encodeBindingRequest({ transactionId: id });

describe('RFC 5769 test vectors', () => {
  it('decodes the IPv4 response: XOR-MAPPED-ADDRESS 192.0.2.1:32853, valid fingerprint', () => {
    const result = decodeBindingResponse(vector('response-ipv4.hex'));
    expect(result).toMatchObject({
      ok: true,
      message: {
        kind: 'success',
        transactionId: 'b7e7a701bc34d686fa87dfae',
        xorMapped: { address: '192.0.2.1', port: 32853 },
        software: 'test vector',
        fingerprintValid: true,
        legacy: false,
      },
    });
  });

  it('decodes the IPv6 response: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853', () => {
    const result = decodeBindingResponse(vector('response-ipv6.hex'));
    expect(result.ok && result.message.xorMapped).toEqual({
      address: '2001:db8:1234:5678:11:2233:4455:6677',
      port: 32853,
    });
    expect(result.ok && formatEndpoint(result.message.xorMapped!)).toBe('[2001:db8:1234:5678:11:2233:4455:6677]:32853');
  });

  it('notices a corrupted message through its fingerprint', () => {
    const bytes = vector('response-ipv4.hex');
    bytes[25] = bytes[25]! ^ 0x01; // inside SOFTWARE
    const result = decodeBindingResponse(bytes);
    expect(result.ok && result.message.fingerprintValid).toBe(false);
  });

  it('accepts the sample request framing and refuses it as a response', () => {
    const bytes = vector('request.hex');
    expect(checkFraming(bytes)).toBeNull();
    expect(decodeBindingResponse(bytes)).toEqual({
      ok: false,
      error: { offset: 0, reason: 'message type 0x0001 is not a Binding response' },
    });
  });
});

describe('Binding Request encoding', () => {
  it('is a bare 20-byte header with the magic cookie', () => {
    expect(request.toString('hex')).toBe('000100002112a442b7e7a701bc34d686fa87dfae');
  });

  it('carries CHANGE-REQUEST 0x00000006 to change IP and port', () => {
    const bytes = encodeBindingRequest({ transactionId: id, changeIp: true, changePort: true });
    expect(bytes.subarray(20).toString('hex')).toBe('0003000400000006');
    expect(bytes.readUInt16BE(2)).toBe(8);
  });

  it('refuses a transaction ID that is not 12 bytes', () => {
    expect(() => encodeBindingRequest({ transactionId: Buffer.alloc(8) })).toThrow(/12 bytes/);
  });
});

describe('response decoding', () => {
  it('reads OTHER-ADDRESS (RFC 5780) as the second address', () => {
    const r = decodeBindingResponse(
      response(0x0101, request, [
        addressAttribute(T.XOR_MAPPED, '203.0.113.2', 9000, request.subarray(4, 8)),
        addressAttribute(T.OTHER, '203.0.113.101', 3479),
      ]),
    );
    expect(r.ok && r.message).toMatchObject({
      other: { address: '203.0.113.101', port: 3479 },
      otherSource: 'OTHER-ADDRESS',
      xorMapped: { address: '203.0.113.2', port: 9000 },
    });
  });

  it('reads CHANGED-ADDRESS and MAPPED-ADDRESS from an RFC 3489 server', () => {
    const r = decodeBindingResponse(
      response(0x0101, request, [
        addressAttribute(T.MAPPED, '203.0.113.2', 9000),
        addressAttribute(T.SOURCE, '203.0.113.100', 3478),
        addressAttribute(T.CHANGED, '203.0.113.101', 3479),
      ]),
    );
    expect(r.ok && r.message).toMatchObject({
      mapped: { address: '203.0.113.2', port: 9000 },
      xorMapped: null,
      other: { address: '203.0.113.101', port: 3479 },
      otherSource: 'CHANGED-ADDRESS',
      origin: { address: '203.0.113.100', port: 3478 },
    });
  });

  it('prefers OTHER-ADDRESS when both are present', () => {
    const r = decodeBindingResponse(
      response(0x0101, request, [
        addressAttribute(T.CHANGED, '203.0.113.50', 1),
        addressAttribute(T.OTHER, '203.0.113.101', 3479),
      ]),
    );
    expect(r.ok && r.message.otherSource).toBe('OTHER-ADDRESS');
  });

  it('decodes a 420 error response', () => {
    const r = decodeBindingResponse(response(0x0111, request, [errorAttribute(420, 'Unknown Attribute')]));
    expect(r.ok && r.message).toMatchObject({ kind: 'error', error: { code: 420, reason: 'Unknown Attribute' } });
  });

  it.each([
    ['a short packet', Buffer.alloc(10), 0, /shorter than a STUN header/],
    ['the first two bits set', Buffer.concat([Buffer.from([0xc1, 0x01, 0, 0]), request.subarray(4)]), 0, /first bits/],
    [
      'a length that is not a multiple of 4',
      Buffer.concat([Buffer.from([0x01, 0x01, 0, 3]), request.subarray(4), Buffer.alloc(3)]),
      2,
      /multiple of 4/,
    ],
    [
      'a length that disagrees with the datagram',
      Buffer.concat([Buffer.from([0x01, 0x01, 0, 8]), request.subarray(4), Buffer.alloc(4)]),
      2,
      /says 8 bytes but 4/,
    ],
    [
      'an attribute running past the end',
      Buffer.concat([Buffer.from([0x01, 0x01, 0, 8]), request.subarray(4), Buffer.from([0, 0x20, 0, 40, 0, 0, 0, 0])]),
      20,
      /0x0020 runs past the end/,
    ],
    [
      'an address with a bad family',
      response(0x0101, request, [Buffer.from([0, 0x20, 0, 8, 0, 9, 0, 1, 1, 2, 3, 4])]),
      20,
      /malformed/,
    ],
    ['an error response without ERROR-CODE', response(0x0111, request, []), 20, /ERROR-CODE/],
  ])('reports %s with its offset', (_label, bytes, offset, reason) => {
    const result = decodeBindingResponse(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.offset).toBe(offset);
      expect(result.error.reason).toMatch(reason);
    }
  });

  it('never throws on random or damaged input', () => {
    const random = seeded(42);
    const good = response(0x0101, request, [
      addressAttribute(T.XOR_MAPPED, '203.0.113.2', 9000, request.subarray(4, 8)),
      addressAttribute(T.OTHER, '203.0.113.101', 3479),
      errorAttribute(400, 'x'),
    ]);
    let decoded = 0;
    for (let i = 0; i < 3000; i++) {
      let bytes: Buffer;
      if (i % 3 === 0)
        bytes = Buffer.from(Array.from({ length: Math.floor(random() * 80) }, () => Math.floor(random() * 256)));
      else {
        bytes = Buffer.from(good.subarray(0, Math.max(0, good.length - Math.floor(random() * 12))));
        for (let flips = 0; flips < 3; flips++) {
          const at = Math.floor(random() * bytes.length);
          if (bytes.length) bytes[at] = bytes[at]! ^ (1 << Math.floor(random() * 8));
        }
      }
      expect(() => decodeBindingResponse(bytes)).not.toThrow();
      if (decodeBindingResponse(bytes).ok) decoded++;
    }
    expect(decoded).toBeGreaterThan(0); // some damaged packets are still valid STUN
  });

  it('peeks the transaction ID only of STUN-shaped packets', () => {
    expect(peekTransactionId(request)).toBe('b7e7a701bc34d686fa87dfae');
    expect(peekTransactionId(Buffer.from('GET / HTTP/1.1\r\n\r\nxxxx'))).toBeNull();
  });
});
