/**
 * The size of every answer against the size of its request, over requests of every kind the
 * server answers: with and without the magic cookie, with CHANGE-REQUEST, FINGERPRINT, PADDING,
 * unknown attributes (420) and broken layouts (400). The bound is 3×: optional attributes are
 * added up to it; the mandatory ones alone take 2.8× of a minimal 20-byte request (56 bytes).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeMessage } from '../../../main/engine/stun/encode-response';
import { handleStunRequest } from '../../../main/server/stun-handler';
import { LAYOUT } from './layout';

const cookie = () => Buffer.concat([Buffer.from([0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]);
const CTX = { source: { address: '198.51.100.7', port: 40000 }, arrivedOn: 'PP', transport: 'udp' } as const;

function* requests(): Generator<Buffer> {
  for (const head of [cookie, () => randomBytes(16)]) {
    for (let pad = -1; pad <= 96; pad += 1) {
      for (const extra of [
        [],
        [{ type: 0x0003, value: Buffer.from([0, 0, 0, 6]) }],
        [{ type: 0x7001, value: Buffer.alloc(0) }],
      ]) {
        const attributes = [...extra, ...(pad >= 0 ? [{ type: 0x0026, value: Buffer.alloc(pad) }] : [])];
        for (const fingerprint of [false, true])
          yield encodeMessage({ type: 1, head: head(), attributes, fingerprint });
      }
    }
  }
  // 400: a broken attribute layout behind a sane header.
  const broken = encodeMessage({ type: 1, head: cookie(), attributes: [{ type: 0x0026, value: Buffer.alloc(0) }] });
  broken.writeUInt16BE(40, 22);
  yield broken;
}

describe('amplification', () => {
  it('never answers with more than 3× the request, filling up to it with optional attributes', () => {
    let worst = 0;
    let answered = 0;
    for (const request of requests()) {
      const outcome = handleStunRequest(request, CTX, LAYOUT);
      if (outcome.kind !== 'answer') continue;
      answered++;
      const factor = outcome.data.length / request.length;
      worst = Math.max(worst, factor);
      expect(factor, `request of ${request.length} bytes`).toBeLessThanOrEqual(3);
    }
    expect(answered).toBeGreaterThan(1000);
    // Optional attributes fill the budget: some sizes land on exactly 3× (28 -> 84 bytes).
    expect(worst).toBe(3);
  });

  it.each([
    ['RFC 3489', () => randomBytes(16)],
    ['RFC 5389', cookie],
  ])('answers a minimal %s request (20 bytes) with 56 bytes, 2.8×', (_, head) => {
    const outcome = handleStunRequest(encodeMessage({ type: 1, head: head(), attributes: [] }), CTX, LAYOUT);
    expect(outcome.kind === 'answer' && outcome.data.length).toBe(56);
  });
});
