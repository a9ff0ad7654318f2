import { describe, expect, it } from 'vitest';
import type { PortCode } from '../../../shared/codes';
import type { VerdictReason } from '../../../main/engine/decide';
import { runCode } from '../../../main/engine/run-check';

const port = (code: PortCode, reason?: VerdictReason) => ({ code, reason });

describe('runCode', () => {
  it('says CANCELLED first', () => {
    expect(runCode([port('PASS', 'pass')], true)).toBe('CANCELLED');
  });

  it('says ALL_PASSED, ALL_FAILED or SOME_FAILED from the port codes', () => {
    expect(runCode([port('PASS', 'pass'), port('PASS', 'pass')], false)).toBe('ALL_PASSED');
    expect(runCode([port('INBOUND_NO_RESPONSE', 'no-answer'), port('PORT_IN_USE')], false)).toBe('ALL_FAILED');
    expect(runCode([port('PASS', 'pass'), port('INBOUND_NO_RESPONSE', 'no-answer')], false)).toBe('SOME_FAILED');
    expect(runCode([port('PASS', 'pass'), port('NOT_TESTED')], false)).toBe('SOME_FAILED');
    expect(runCode([], false)).toBe('SOME_FAILED');
  });

  it('blames the server from the typed reason: answered from its primary address', () => {
    const ports = [port('MALFORMED_RESPONSE', 'answer-from-primary'), port('INBOUND_NO_RESPONSE', 'no-answer')];
    expect(runCode(ports, false)).toBe('CHANGE_REQUEST_IGNORED');
  });

  it('blames the server from the typed reason: CHANGE-REQUEST refused by its primary address', () => {
    expect(runCode([port('MALFORMED_RESPONSE', 'refused-by-primary')], false)).toBe('NO_SECOND_ADDRESS');
  });

  it('never reads detail text: a detail saying "answer from the primary address" changes nothing', () => {
    const ports = [
      { code: 'MALFORMED_RESPONSE' as const, detail: 'test2: answer from the primary address' },
      { code: 'MALFORMED_RESPONSE' as const, reason: 'malformed-answer' as const },
    ];
    expect(runCode(ports, false)).toBe('ALL_FAILED');
  });

  it('keeps a run with a pass about the ports, even when some answers came from the primary', () => {
    expect(runCode([port('PASS', 'pass'), port('MALFORMED_RESPONSE', 'answer-from-primary')], false)).toBe(
      'SOME_FAILED',
    );
  });
});
