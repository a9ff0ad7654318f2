import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBindingResponse, encodeBindingRequest } from '../../../main/engine/stun/codec';
import { encodeAddress, encodeMessage } from '../../../main/engine/stun/encode-response';
import { readAttributes } from '../../../main/engine/stun/framing';
import { handleStunRequest, type RequestContext, type StunOutcome } from '../../../main/server/stun-handler';
import { decodeCapabilities, encodeConnectBack, VfcAttr } from '../../../main/server/vfc-protocol';
import { LAYOUT } from './layout';

const CTX: RequestContext = { source: { address: '198.51.100.7', port: 40000 }, arrivedOn: 'PP', transport: 'udp' };
const COOKIE_HEAD = (): Buffer => Buffer.concat([Buffer.from([0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]);
const request = (attributes: { type: number; value: Buffer }[] = [], head = COOKIE_HEAD(), type = 0x0001): Buffer =>
  encodeMessage({ type, head, attributes });
const change = (flags: number) => ({ type: 0x0003, value: Buffer.from([0, 0, 0, flags]) });
const padding = (n: number) => ({ type: 0x0026, value: Buffer.alloc(n) });

function answer(outcome: StunOutcome): Extract<StunOutcome, { kind: 'answer' }> {
  if (outcome.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(outcome)}`);
  return outcome;
}
const attr = (data: Buffer, type: number) => readAttributes(data).find((a) => a.type === type)?.value;
const addressOf = (data: Buffer, type: number) => {
  const value = attr(data, type);
  return value ? `${value.subarray(4).join('.')}:${value.readUInt16BE(2)}` : null;
};

describe('Binding answers (RFC 5389 §7.3.1, RFC 5780 §6.1)', () => {
  it('answers a minimal request from the socket it reached with the mapped and the other address', () => {
    const req = encodeBindingRequest({ transactionId: randomBytes(12) });
    const out = answer(handleStunRequest(req, CTX, LAYOUT));
    expect(out.via).toBe('PP');
    const decoded = decodeBindingResponse(out.data);
    expect(decoded).toMatchObject({
      ok: true,
      message: {
        kind: 'success',
        xorMapped: { address: '198.51.100.7', port: 40000 },
        mapped: { address: '198.51.100.7', port: 40000 },
        other: { address: '192.0.2.2', port: 3479 },
        otherSource: 'OTHER-ADDRESS',
      },
    });
    expect(out.data.length).toBeLessThanOrEqual(3 * req.length);
    expect(out.data.subarray(8, 20)).toEqual(req.subarray(8, 20));
  });

  it('adds RESPONSE-ORIGIN, VFC-CAPABILITIES, SOFTWARE and FINGERPRINT to a request of 36 bytes', () => {
    const req = request([padding(12)]);
    expect(req.length).toBe(36); // the smallest request that gets every attribute (README)
    const out = answer(handleStunRequest(req, CTX, LAYOUT));
    const decoded = decodeBindingResponse(out.data); // checks the FINGERPRINT too
    expect(decoded.ok && decoded.message.software).toBe('voip-fwcheck');
    expect(addressOf(out.data, 0x802b)).toBe('192.0.2.1:3478');
    expect(decodeCapabilities(attr(out.data, VfcAttr.Capabilities)!)).toEqual(LAYOUT.capabilities);
    expect(readAttributes(out.data).at(-1)?.type).toBe(0x8028);
  });

  it.each([
    [0x04, 'AP', '192.0.2.2:3478'],
    [0x02, 'PA', '192.0.2.1:3479'],
    [0x06, 'AA', '192.0.2.2:3479'],
    [0x00, 'PP', '192.0.2.1:3478'],
  ] as const)('answers CHANGE-REQUEST %i from socket %s', (flags, via, origin) => {
    const out = answer(handleStunRequest(request([change(flags), padding(16)]), CTX, LAYOUT));
    expect(out.via).toBe(via);
    expect(addressOf(out.data, 0x802b)).toBe(origin);
    expect(addressOf(out.data, 0x802c)).toBe('192.0.2.2:3479');
  });

  it('gives the address that differs in IP and port from where the request arrived as OTHER-ADDRESS', () => {
    const out = answer(handleStunRequest(request(), { ...CTX, arrivedOn: 'AA' }, LAYOUT));
    expect(addressOf(out.data, 0x802c)).toBe('192.0.2.1:3478');
  });

  it('advertises the public addresses behind a one-to-one NAT', () => {
    const layout = { ...LAYOUT, advertisePrimary: '203.0.113.1', advertiseAlternate: '203.0.113.2' };
    const out = answer(handleStunRequest(request([change(0x06), padding(16)]), CTX, layout));
    expect(addressOf(out.data, 0x802c)).toBe('203.0.113.2:3479');
    expect(addressOf(out.data, 0x802b)).toBe('203.0.113.2:3479');
  });

  it('answers an RFC 3489 client with MAPPED-, SOURCE- and CHANGED-ADDRESS and no XOR attribute', () => {
    const req = request([change(0x06)], randomBytes(16));
    const out = answer(handleStunRequest(req, CTX, LAYOUT));
    expect(out.via).toBe('AA');
    const decoded = decodeBindingResponse(out.data);
    expect(decoded).toMatchObject({
      ok: true,
      message: { xorMapped: null, mapped: { address: '198.51.100.7' }, otherSource: 'CHANGED-ADDRESS' },
    });
    expect(addressOf(out.data, 0x0004)).toBe('192.0.2.2:3479');
    expect(out.data.subarray(4, 20)).toEqual(req.subarray(4, 20));
  });

  it('answers IPv6 within the same bound: OTHER-ADDRESS needs a request of 28 bytes or more', () => {
    const layout = { ...LAYOUT, primary: '2001:db8::1', alternate: '2001:db8::2' };
    const ctx = { ...CTX, source: { address: '2001:db8:1::7', port: 40000 } };
    const minimal = request();
    const small = answer(handleStunRequest(minimal, ctx, layout));
    expect(decodeBindingResponse(small.data)).toMatchObject({
      ok: true,
      message: { xorMapped: { address: '2001:db8:1::7', port: 40000 }, other: null },
    });
    expect(small.data.length).toBeLessThanOrEqual(3 * minimal.length);
    const padded = request([padding(4)]);
    expect(decodeBindingResponse(answer(handleStunRequest(padded, ctx, layout)).data)).toMatchObject({
      ok: true,
      message: { other: { address: '2001:db8::2', port: 3479 } },
    });
  });

  it('ignores an unknown comprehension-optional attribute', () => {
    const out = answer(handleStunRequest(request([{ type: 0xc0f9, value: Buffer.alloc(3) }]), CTX, LAYOUT));
    expect(out.status).toBe(200);
  });
});

describe('refusals', () => {
  it.each([
    ['RESPONSE-ADDRESS (RFC 3489)', 0x0002, encodeAddress({ address: '203.0.113.9', port: 53 })],
    ['RESPONSE-PORT (RFC 5780 §7.5)', 0x0027, Buffer.from([0x00, 0x35, 0, 0])],
    ['an unknown comprehension-required attribute', 0x7777, Buffer.alloc(4)],
  ])('answers %s with 420 listing it, to the source, from the socket it reached', (_, type, value) => {
    const out = answer(handleStunRequest(request([change(0x06), { type, value }]), CTX, LAYOUT));
    expect(out).toMatchObject({ status: 420, via: 'PP' });
    expect(decodeBindingResponse(out.data)).toMatchObject({
      ok: true,
      message: { kind: 'error', error: { code: 420 } },
    });
    expect(attr(out.data, 0x000a)?.readUInt16BE(0)).toBe(type);
  });

  it.each([
    ['a CHANGE-REQUEST of the wrong length', request([{ type: 0x0003, value: Buffer.alloc(2) }]), 'udp'],
    ['CHANGE-REQUEST over TCP', request([change(0x06)]), 'tcp'],
    ['an unknown method', request([], COOKIE_HEAD(), 0x0003), 'udp'],
    ['a malformed VFC-CONNECT-BACK over TCP', request([{ type: VfcAttr.ConnectBack, value: Buffer.alloc(9) }]), 'tcp'],
  ] as const)('answers %s with 400', (_, req, transport) => {
    const out = answer(handleStunRequest(req, { ...CTX, transport }, LAYOUT));
    expect(out.status).toBe(400);
    expect(out.data.readUInt16BE(0) & 0x0110).toBe(0x0110);
  });

  it('answers 400 when an attribute runs past the end of a sane header', () => {
    const req = request([padding(8)]);
    req.writeUInt16BE(12, 22); // PADDING now claims 12 bytes, 8 follow
    expect(answer(handleStunRequest(req, CTX, LAYOUT)).status).toBe(400);
  });

  it.each([
    ['19 bytes', Buffer.alloc(19)],
    ['top bits set', Buffer.from([0x80, ...request().subarray(1)])],
    ['a length that does not match', Buffer.concat([request(), Buffer.alloc(4)]).fill(0, 2, 4)],
    ['a response', request([], COOKIE_HEAD(), 0x0101)],
    ['an indication', request([], COOKIE_HEAD(), 0x0011)],
    ['no cookie and not Binding', request([], randomBytes(16), 0x0003)],
    ['SIP', Buffer.from('OPTIONS sip:a@b SIP/2.0\r\n\r\n')],
  ])('stays silent for %s', (_, data) => {
    expect(handleStunRequest(data, CTX, LAYOUT).kind).toBe('drop');
  });

  it('drops a request whose FINGERPRINT does not match', () => {
    const req = encodeMessage({ type: 1, head: COOKIE_HEAD(), attributes: [], fingerprint: true });
    req[req.length - 1]! ^= 1;
    expect(handleStunRequest(req, CTX, LAYOUT)).toEqual({ kind: 'drop', reason: 'bad-fingerprint' });
  });

  it('never answers random bytes', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
    for (let i = 0; i < 5000; i++) {
      const data = Buffer.from(Array.from({ length: 1 + (next() % 200) }, () => next() & 0xff));
      expect(handleStunRequest(data, CTX, LAYOUT).kind).toBe('drop');
    }
  });
});

describe('connect-back requests', () => {
  const connect = { type: VfcAttr.ConnectBack, value: encodeConnectBack({ token: Buffer.alloc(8, 1), ports: [5060] }) };
  it('are taken over TCP only', () => {
    expect(handleStunRequest(request([connect]), { ...CTX, transport: 'tcp' }, LAYOUT)).toMatchObject({
      kind: 'connect-back',
      request: { ports: [5060] },
    });
  });

  it('are an ignored optional attribute over UDP, where the source could be forged', () => {
    expect(answer(handleStunRequest(request([connect]), CTX, LAYOUT)).status).toBe(200);
  });
});
