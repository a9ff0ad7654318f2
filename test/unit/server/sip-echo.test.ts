import { describe, expect, it } from 'vitest';
import {
  ECHO_CONTENT_TYPE,
  handleSipRequest,
  MAX_SIP_BYTES,
  nextStreamMessage,
  skip,
} from '../../../main/server/sip-echo';

const SOURCE = { address: '198.51.100.7', port: 5060 };
const OPTIONS = Buffer.from(
  [
    'OPTIONS sip:echo@192.0.2.1 SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK776asdhds;rport',
    'Max-Forwards: 70',
    'From: <sip:check@10.0.0.5>;tag=1928301774',
    'To: <sip:echo@192.0.2.1>',
    'Call-ID: a84b4c76e66710@10.0.0.5',
    'CSeq: 63104 OPTIONS',
    'Contact: <sip:check@10.0.0.5:5060>',
    'Accept: application/sdp',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n'),
  'latin1',
);

function answerOf(request: Buffer, transport: 'udp' | 'tcp' = 'udp') {
  const out = handleSipRequest(request, SOURCE, transport, 'vfc1');
  if (out.kind !== 'answer') throw new Error(`dropped: ${out.reason}`);
  const text = out.data.toString('latin1');
  const [head, body] = text.split('\r\n\r\n') as [string, string];
  return { out, head: head.split('\r\n'), body };
}

describe('SIP echo (RFC 3261 §8.2.6)', () => {
  it('answers 200 OK with the dialog headers copied and a To tag added', () => {
    const { head } = answerOf(OPTIONS);
    expect(head).toEqual([
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK776asdhds;rport',
      'From: <sip:check@10.0.0.5>;tag=1928301774',
      'To: <sip:echo@192.0.2.1>;tag=vfc1',
      'Call-ID: a84b4c76e66710@10.0.0.5',
      'CSeq: 63104 OPTIONS',
      `Content-Type: ${ECHO_CONTENT_TYPE}`,
      expect.stringMatching(/^Content-Length: \d+$/),
    ]);
  });

  it('carries the request byte for byte and the source seen, in base64 JSON', () => {
    const { body, head } = answerOf(OPTIONS);
    const echo = JSON.parse(body) as { v: number; transport: string; source: string; request: string };
    expect(Buffer.from(echo.request, 'base64')).toEqual(OPTIONS);
    expect(Buffer.from(echo.source, 'base64').toString()).toBe('198.51.100.7:5060');
    expect(echo).toMatchObject({ v: 1, transport: 'udp' });
    expect(head.at(-1)).toBe(`Content-Length: ${Buffer.byteLength(body)}`);
  });

  it('keeps addresses and SDP-like lines out of the body, where an ALG could rewrite them', () => {
    const { body } = answerOf(OPTIONS);
    expect(body).not.toMatch(/\r|\n|198\.51|10\.0\.0\.5|IN IP4/);
  });

  it('reads compact header names and folded lines, and keeps an existing To tag', () => {
    const compact = Buffer.from(
      'REGISTER sip:192.0.2.1 SIP/2.0\r\nv: SIP/2.0/UDP 10.0.0.5;branch=z9hG4bKx\r\nf: <sip:a@b>;tag=1\r\n' +
        't: <sip:a@b>;tag=2\r\ni: x@y\r\nCSeq: 1\r\n REGISTER\r\nContact: <sip:a@10.0.0.5>;expires=3600\r\n' +
        'User-Agent: voip-fwcheck-test-agent\r\nl: 0\r\n\r\n',
    );
    const { head } = answerOf(compact);
    expect(head).toContain('t: <sip:a@b>;tag=2');
    expect(head).toContain('CSeq: 1 REGISTER');
  });

  it('never answers ACK, responses or what is not SIP', () => {
    const ack = Buffer.from(OPTIONS.toString('latin1').replace(/OPTIONS/g, 'ACK'), 'latin1');
    expect(handleSipRequest(ack, SOURCE, 'udp', 't')).toEqual({ kind: 'drop', reason: 'ack' });
    const response = Buffer.from(
      OPTIONS.toString('latin1').replace('OPTIONS sip:echo@192.0.2.1 SIP/2.0', 'SIP/2.0 200 OK'),
    );
    expect(handleSipRequest(response, SOURCE, 'udp', 't')).toMatchObject({ kind: 'drop', reason: 'not-sip' });
    const noCallId = Buffer.from(OPTIONS.toString('latin1').replace(/Call-ID.*\r\n/, ''));
    expect(handleSipRequest(noCallId, SOURCE, 'udp', 't')).toMatchObject({ kind: 'drop', reason: 'not-sip' });
    expect(handleSipRequest(Buffer.from('GET / HTTP/1.1\r\n\r\n'), SOURCE, 'udp', 't').kind).toBe('drop');
  });

  it('drops a tiny UDP request whose answer would be more than 3× its size, and answers it over TCP', () => {
    const tiny = Buffer.from('OPTIONS sip:a SIP/2.0\r\nv:x\r\nf:x\r\nt:x\r\ni:x\r\nCSeq:1\r\n\r\n');
    expect(handleSipRequest(tiny, SOURCE, 'udp', 't')).toEqual({ kind: 'drop', reason: 'amplification' });
    expect(handleSipRequest(tiny, SOURCE, 'tcp', 't').kind).toBe('answer');
    const { out } = answerOf(OPTIONS);
    expect(out.data.length).toBeLessThanOrEqual(3 * OPTIONS.length);
  });

  it('drops a request over 8 KB', () => {
    const big = Buffer.concat([OPTIONS, Buffer.alloc(MAX_SIP_BYTES)]);
    expect(handleSipRequest(big, SOURCE, 'udp', 't')).toEqual({ kind: 'drop', reason: 'too-large' });
  });
});

describe('SIP over TCP framing (RFC 3261 §18.3)', () => {
  const withBody = Buffer.from(
    OPTIONS.toString('latin1').replace('Content-Length: 0', 'Content-Length: 5') + 'hello',
    'latin1',
  );
  it('frames by Content-Length and waits for the rest', () => {
    expect(nextStreamMessage(withBody)).toEqual({ kind: 'message', length: withBody.length });
    expect(nextStreamMessage(withBody.subarray(0, withBody.length - 1))).toEqual({ kind: 'more' });
    expect(nextStreamMessage(withBody.subarray(0, 40))).toEqual({ kind: 'more' });
    expect(nextStreamMessage(Buffer.concat([OPTIONS, withBody]))).toEqual({ kind: 'message', length: OPTIONS.length });
  });

  it('refuses a head that never ends or a body past 8 KB', () => {
    expect(nextStreamMessage(Buffer.alloc(MAX_SIP_BYTES, 0x41))).toEqual({ kind: 'bad' });
    const huge = Buffer.from(OPTIONS.toString('latin1').replace('Content-Length: 0', 'Content-Length: 9000'));
    expect(nextStreamMessage(huge)).toEqual({ kind: 'bad' });
  });

  it('skips CRLF keep-alives', () => {
    expect(skip(Buffer.from('\r\n\r\nOPT'))).toBe(4);
    expect(skip(OPTIONS)).toBe(0);
  });
});
