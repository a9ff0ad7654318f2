import { describe, expect, it } from 'vitest';
import { changedFields, compareSip } from '../../../main/engine/ours/sip-compare';
import { buildSipRequest, readEchoAnswer, splitSip } from '../../../main/engine/ours/sip-message';

const LOCAL = { address: '10.0.0.2', port: 5060 };
const PUBLIC = '203.0.113.2';
const SERVER = { address: '198.51.100.1', port: 5060 };

const invite = buildSipRequest({
  method: 'INVITE',
  transport: 'udp',
  local: LOCAL,
  server: SERVER,
  callId: 'abc@10.0.0.2',
  branch: 'z9hG4bK1',
  tag: 't1',
  cseq: 1,
  rtpPort: 9000,
});

/** Rewrites the text of a message the way nf_nat_sip does: the private address becomes the public one. */
function rewrite(data: Buffer, edit: (text: string) => string): Buffer {
  return Buffer.from(edit(data.toString('latin1')), 'latin1');
}

describe('compareSip', () => {
  it('finds nothing when the request arrived byte for byte', () => {
    expect(compareSip(invite, Buffer.from(invite))).toEqual([]);
  });

  it('names every header and SDP line an ALG rewrote, as nf_nat_sip does (Via, From, Contact, SDP o= and c=)', () => {
    const body = splitSip(invite)!.body.replaceAll('10.0.0.2', PUBLIC);
    const received = rewrite(invite, (t) =>
      t
        .replace(/^(Via|From|Contact): (.*)10\.0\.0\.2/gm, `$1: $2${PUBLIC}`)
        .replace(/^(Via: .*):5060/m, '$1:1024')
        .replace(/^Content-Length: \d+/m, `Content-Length: ${Buffer.byteLength(body)}`)
        .replace(/\r\n\r\n[\s\S]*$/, `\r\n\r\n${body}`),
    );
    const differences = compareSip(invite, received);
    expect(changedFields(differences)).toEqual(['Via', 'From', 'Contact', 'Content-Length', 'SDP o=', 'SDP c=']);
    expect(differences.every((d) => d.change === 'changed')).toBe(true);
    const via = differences.find((d) => d.field === 'Via')!;
    expect(via.sent).toContain('10.0.0.2:5060');
    expect(via.received).toContain(`${PUBLIC}:1024`);
    expect(differences.find((d) => d.field === 'SDP c=')).toMatchObject({
      sent: 'c=IN IP4 10.0.0.2',
      received: `c=IN IP4 ${PUBLIC}`,
    });
  });

  it('reports a header the ALG added and one it removed', () => {
    const received = rewrite(invite, (t) =>
      t
        .replace('User-Agent: voip-fwcheck\r\n', '')
        .replace('Max-Forwards: 70\r\n', 'Max-Forwards: 70\r\nRecord-Route: <sip:alg.lan;lr>\r\n'),
    );
    expect(compareSip(invite, received)).toEqual([
      { field: 'User-Agent', change: 'removed', sent: 'voip-fwcheck', received: null },
      { field: 'Record-Route', change: 'added', sent: null, received: '<sip:alg.lan;lr>' },
    ]);
  });

  it('treats compact forms and other letter case as the same header (RFC 3261 §7.3.3)', () => {
    const received = rewrite(invite, (t) => t.replace('Call-ID: ', 'i: ').replace('Contact: ', 'CONTACT: '));
    expect(compareSip(invite, received)).toEqual([]);
  });

  it('reports a second Via added in front of ours', () => {
    const received = rewrite(invite, (t) =>
      t.replace('Via: ', 'Via: SIP/2.0/UDP 192.168.1.1:5060;branch=z9hG4bKalg\r\nVia: '),
    );
    const differences = compareSip(invite, received);
    expect(differences).toHaveLength(2);
    expect(differences[0]).toMatchObject({ field: 'Via', change: 'changed' });
    expect(differences[1]).toMatchObject({ field: 'Via', change: 'added', sent: null });
  });

  it('reports a changed request line, an SDP line removed and a changed non-SDP body', () => {
    const received = rewrite(invite, (t) =>
      t.replace('INVITE sip:echo@', 'INVITE sip:other@').replace('a=rtpmap:0 PCMU/8000\r\n', ''),
    );
    expect(changedFields(compareSip(invite, received))).toEqual(['Request-Line', 'SDP a=']);
    const options = buildSipRequest({
      method: 'OPTIONS',
      transport: 'tcp',
      local: LOCAL,
      server: SERVER,
      callId: 'x',
      branch: 'b',
      tag: 't',
      cseq: 1,
      rtpPort: null,
    });
    const withBody = rewrite(options, (t) => `${t}junk`);
    expect(compareSip(options, withBody)).toEqual([{ field: 'Body', change: 'changed', sent: '', received: 'junk' }]);
  });

  it('counts a request that arrived as something other than SIP as a changed request line', () => {
    expect(changedFields(compareSip(invite, Buffer.from('garbage')))).toEqual(['Request-Line']);
  });
});

describe('the request', () => {
  it('names the local address in Via, From, Contact, Call-ID and the SDP, with a right Content-Length', () => {
    const parts = splitSip(invite)!;
    const names = parts.headers.filter((h) => h.value.includes('10.0.0.2:5060')).map((h) => h.name);
    expect(names).toEqual(['Via', 'From', 'Contact']);
    expect(parts.body).toContain('c=IN IP4 10.0.0.2');
    expect(Number(parts.headers.find((h) => h.name === 'Content-Length')!.value)).toBe(Buffer.byteLength(parts.body));
  });
});

describe('readEchoAnswer', () => {
  const answer = (body: string, callId = 'abc@10.0.0.2', status = '200 OK'): Buffer =>
    Buffer.from(
      `SIP/2.0 ${status}\r\nCall-ID: ${callId}\r\nContent-Type: application/vnd.voip-fwcheck.echo+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  const good = JSON.stringify({
    v: 1,
    transport: 'udp',
    source: Buffer.from('203.0.113.2:1024').toString('base64'),
    request: invite.toString('base64'),
  });

  it('reads the request as received and the source seen', () => {
    expect(readEchoAnswer(answer(good), 'abc@10.0.0.2')).toEqual({ request: invite, source: '203.0.113.2:1024' });
  });

  it('ignores an echo of another request, another status, and a damaged body', () => {
    expect(readEchoAnswer(answer(good), 'not-our-key')).toBeNull();
    expect(readEchoAnswer(answer(good, 'abc@10.0.0.2', '486 Busy Here'), 'abc@10.0.0.2')).toBeNull();
    expect(readEchoAnswer(answer('{"v":1'), 'abc@10.0.0.2')).toBeNull();
    expect(
      readEchoAnswer(answer(JSON.stringify({ v: 1, request: 'x', source: '<script>' })), 'abc@10.0.0.2'),
    ).toBeNull();
  });
});
