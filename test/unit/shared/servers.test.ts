import { describe, expect, it } from 'vitest';
import { parseServerList, parseServerSpec, ServerSpecError } from '../../../shared/servers';

describe('parseServerSpec', () => {
  it.each([
    ['stun.example.org', { host: 'stun.example.org', port: 3478 }],
    ['  stun.example.org  ', { host: 'stun.example.org', port: 3478, raw: 'stun.example.org' }],
    ['STUN.Example.org:3479', { host: 'stun.example.org', port: 3479 }],
    ['stun:stun.example.org', { host: 'stun.example.org', port: 3478 }],
    ['stun:stun.example.org:19302', { host: 'stun.example.org', port: 19302 }],
    ['STUN://stun.example.org:1', { host: 'stun.example.org', port: 1 }],
    ['stuns:stun.example.org:5349', { host: 'stun.example.org', port: 5349 }],
    ['stun.example.org.', { host: 'stun.example.org.', port: 3478 }],
    ['localhost', { host: 'localhost', port: 3478 }],
    ['203.0.113.100', { host: '203.0.113.100', port: 3478 }],
    ['203.0.113.100:65535', { host: '203.0.113.100', port: 65535 }],
  ])('reads %j', (input, expected) => {
    expect(parseServerSpec(input)).toMatchObject(expected);
  });

  it('keeps the entry as typed for messages', () => {
    expect(parseServerSpec('stun:STUN.example.org:3479').raw).toBe('stun:STUN.example.org:3479');
  });

  it.each([
    ['', /^empty STUN server name$/],
    ['stun:', /^empty STUN server name$/],
    ['stun.example.org:0', /^"stun\.example\.org:0": "0" is not a port number \(1–65535\)$/],
    ['stun.example.org:65536', /"65536" is not a port number/],
    ['stun.example.org:http', /"http" is not a port number/],
    ['stun.example.org:', /"" is not a port number/],
    ['[2001:db8::1]:3478', /^"\[2001:db8::1\]:3478": IPv6 servers are not supported/],
    ['2001:db8::1', /IPv6 servers are not supported/],
    ['bad host!', /^"bad host!" is not a host name or IPv4 address$/],
    ['-bad.example', /is not a host name/],
    ['a..example', /is not a host name/],
    ['under_score.example', /is not a host name/],
    // Forms inet_aton would read as 127.0.0.1 or wrap: neither an address nor a DNS name.
    ['256.1.1.1', /^"256\.1\.1\.1" is not a host name or IPv4 address$/],
    ['127.1', /is not a host name or IPv4 address/],
    ['2130706433', /is not a host name or IPv4 address/],
    ['0x7f.0.0.1', /is not a host name or IPv4 address/],
    ['127.000.0.1:3478', /is not a host name or IPv4 address/],
    ['01.2.3.4', /is not a host name or IPv4 address/],
  ])('refuses %j with a clear message', (input, message) => {
    expect(() => parseServerSpec(input)).toThrow(ServerSpecError);
    expect(() => parseServerSpec(input)).toThrow(message);
  });

  it('carries the BAD_SERVER code', () => {
    try {
      parseServerSpec('');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_SERVER', name: 'ServerSpecError' });
    }
  });
});

describe('parseServerList', () => {
  it('takes repeated and comma-separated entries, in order, skipping blanks', () => {
    expect(parseServerList(['a.example, b.example', ' ', 'c.example:1,']).map((s) => `${s.host}:${s.port}`)).toEqual([
      'a.example:3478',
      'b.example:3478',
      'c.example:1',
    ]);
  });

  it('refuses an empty list and names a bad entry', () => {
    expect(() => parseServerList([])).toThrow(/^no STUN server given$/);
    expect(() => parseServerList([' , '])).toThrow(/^no STUN server given$/);
    expect(() => parseServerList(['good.example', 'bad host'])).toThrow(/"bad host" is not a host name/);
  });
});
