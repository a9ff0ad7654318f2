import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SOFTWARE } from '../../../main/engine/select-server';
import { decodeBindingResponse, encodeBindingRequest } from '../../../main/engine/stun/codec';
import { encodeMessage } from '../../../main/engine/stun/encode-response';
import { handleStunRequest } from '../../../main/server/stun-handler';
import { VfcAttr } from '../../../main/server/vfc-protocol';
import { LAYOUT } from '../server/layout';

const CTX = { source: { address: '203.0.113.2', port: 5060 }, arrivedOn: 'PP' as const, transport: 'udp' as const };

function answerTo(request: Buffer): Buffer {
  const outcome = handleStunRequest(request, CTX, LAYOUT);
  if (outcome.kind !== 'answer') throw new Error(outcome.kind);
  return outcome.data;
}

describe('recognising our own server', () => {
  it('gets VFC-CAPABILITIES with the first request of selection (SOFTWARE makes it 36 bytes)', () => {
    const request = encodeBindingRequest({ transactionId: randomBytes(12), software: SOFTWARE });
    expect(request.length).toBe(36);
    const decoded = decodeBindingResponse(answerTo(request));
    expect(decoded.ok && decoded.message.vfc).toEqual(LAYOUT.capabilities);
  });

  it('gets none for a plain 20-byte request (the answer budget is 3x)', () => {
    const decoded = decodeBindingResponse(answerTo(encodeBindingRequest({ transactionId: randomBytes(12) })));
    expect(decoded.ok).toBe(true);
    expect(decoded.ok && 'vfc' in decoded.message).toBe(false);
  });

  it('ignores a malformed VFC-CAPABILITIES (optional attribute) and keeps the answer', () => {
    const head = Buffer.concat([Buffer.from([0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]);
    const answer = encodeMessage({
      type: 0x0101,
      head,
      attributes: [
        { type: 0x0001, value: Buffer.from([0, 1, 0x13, 0xc4, 203, 0, 113, 2]) },
        { type: VfcAttr.Capabilities, value: Buffer.from([9, 0, 0]) },
      ],
    });
    const decoded = decodeBindingResponse(answer);
    expect(decoded.ok && decoded.message.mapped).toEqual({ address: '203.0.113.2', port: 5060 });
    expect(decoded.ok && 'vfc' in decoded.message).toBe(false);
  });
});
