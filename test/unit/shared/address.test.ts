import { describe, expect, it } from 'vitest';
import {
  canonicalIp,
  formatIp,
  ipScope,
  isHostName,
  isIp,
  parseIp,
  sameEndpoint,
  sameIp,
  splitHostPort,
  unmapIp,
} from '../../../shared/address';

describe('parseIp: IPv4', () => {
  it('reads four dotted-decimal parts into bytes', () => {
    expect(parseIp('203.0.113.7')).toEqual({ family: 4, bytes: new Uint8Array([203, 0, 113, 7]), zone: null });
    expect(parseIp('0.0.0.0')?.bytes).toEqual(new Uint8Array([0, 0, 0, 0]));
    expect(parseIp('255.255.255.255')?.bytes).toEqual(new Uint8Array([255, 255, 255, 255]));
  });

  it.each([
    '127.1', // inet_aton short form
    '2130706433', // one decimal number
    '0x7f.0.0.1', // hexadecimal part
    '0x7f000001',
    '127.000.0.1', // leading zeros (octal in inet_aton)
    '010.0.0.1',
    '256.1.1.1',
    '1.2.3.4.5',
    '1.2.3',
    '1.2.3.',
    '.1.2.3',
    '1..2.3',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '1.2.3.4\n',
    '+1.2.3.4',
    '1.2.3.-4',
    '１.2.3.4', // full-width digit
    '1.2.3.4%eth0', // zones are IPv6 only
    '',
  ])('refuses %j', (text) => {
    expect(parseIp(text)).toBeNull();
    expect(isIp(text)).toBe(false);
    expect(canonicalIp(text)).toBeNull();
  });
});

describe('parseIp: IPv6', () => {
  it.each([
    ['::', '::'],
    ['::1', '::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // RFC 5952 §4.2.3: first of equal runs
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2: one zero group is not ::
    ['2001:db8::0:1', '2001:db8::1'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'], // longest run wins
    ['1::', '1::'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['::FFFF:c000:0201', '::ffff:192.0.2.1'], // §5: v4-mapped written dotted
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['::1.2.3.4', '::102:304'],
    ['fe80::1%eth0', 'fe80::1%eth0'],
    ['fe80::1%12', 'fe80::1%12'],
    [
      `ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255%${'z'.repeat(64)}`,
      `ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%${'z'.repeat(64)}`,
    ],
  ])('reads %j and writes it %j', (text, canonical) => {
    expect(parseIp(text)?.family).toBe(6);
    expect(canonicalIp(text)).toBe(canonical);
  });

  it.each([
    '[::1]', // brackets belong to splitHostPort
    ':::',
    '1::2::3',
    ':1::2',
    '1::2:',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4::5:6:7:8',
    '12345::1',
    'g::1',
    '::1.2.3',
    '::256.1.1.1',
    '::1.2.3.04',
    '1.2.3.4::',
    '::1.2.3.4:1',
    '1:2:3:4:5:6:7:1.2.3.4',
    'fe80::1%',
    'fe80::1%eth 0',
    'fe80::1%a%b',
    `fe80::1%${'z'.repeat(65)}`,
    '::1 ',
  ])('refuses %j', (text) => {
    expect(parseIp(text)).toBeNull();
  });

  it('agrees with the platform URL host parser on every form it accepts or refuses', () => {
    // Generated IPv6-looking strings; the WHATWG parser is the reference (it has no zones).
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n); // high bits: an LCG's low bits cycle
    };
    const groups = ['0', '1', 'ffff', 'DB8', '0000', '12345', 'g', '', '1.2.3.4', '256.0.0.1', '01.2.3.4'];
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const length = random(2) ? 8 : 1 + random(9);
      const parts = Array.from({ length }, () => groups[random(random(8) ? 4 : groups.length)]!);
      if (random(2)) parts.splice(random(parts.length + 1), 0, random(5) ? '' : ':');
      let text = parts.join(':');
      if (random(8) === 0) text = `:${text}`;
      if (!text.includes(':')) continue;
      let reference: string | null;
      try {
        reference = new URL(`http://[${text}]/`).hostname.slice(1, -1);
      } catch {
        reference = null;
      }
      const ours = canonicalIp(text);
      if (reference !== null && ours !== null) {
        // URL writes v4-mapped in hex; compare as values.
        expect(sameIp(ours, reference), text).toBe(true);
        accepted++;
      } else {
        expect(ours, text).toBe(reference);
      }
    }
    expect(accepted).toBeGreaterThan(200);
  });
});

describe('formatIp', () => {
  it('round-trips every canonical form', () => {
    for (const text of ['1.2.3.4', '::', '::1', '2001:db8::', 'fe80::1%eth0', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8']) {
      expect(formatIp(parseIp(text)!)).toBe(text);
    }
  });
});

describe('sameIp and sameEndpoint', () => {
  it('compares parsed values, not text', () => {
    expect(sameIp('2001:DB8::1', '2001:db8:0:0::1')).toBe(true);
    expect(sameIp('::ffff:192.0.2.1', '192.0.2.1')).toBe(true);
    expect(sameIp('192.0.2.1', '192.0.2.2')).toBe(false);
    expect(sameIp('fe80::1%eth0', 'fe80::1%eth1')).toBe(false);
    expect(sameIp('fe80::1%eth0', 'fe80::1')).toBe(false);
    expect(sameIp('::1', '127.0.0.1')).toBe(false);
  });

  it('never equates text that is not an address', () => {
    expect(sameIp('127.000.0.1', '127.000.0.1')).toBe(false);
    expect(sameIp('example.org', 'example.org')).toBe(false);
  });

  it('needs the same port too', () => {
    expect(sameEndpoint({ address: '::ffff:1.2.3.4', port: 5 }, { address: '1.2.3.4', port: 5 })).toBe(true);
    expect(sameEndpoint({ address: '1.2.3.4', port: 5 }, { address: '1.2.3.4', port: 6 })).toBe(false);
  });

  it('unmaps a v4-mapped address and leaves others alone', () => {
    expect(unmapIp(parseIp('::ffff:1.2.3.4')!)).toEqual(parseIp('1.2.3.4'));
    expect(unmapIp(parseIp('::1')!)).toEqual(parseIp('::1'));
  });
});

describe('ipScope', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'reserved'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['172.15.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['100.63.255.255', 'public'],
    ['100.128.0.0', 'public'],
    ['169.254.1.1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['fd00::1', 'private'],
    ['fc00::1', 'private'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'reserved'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2a00:1450::1', 'public'],
    ['::2', 'reserved'],
  ])('%s is %s', (text, scope) => {
    expect(ipScope(text)).toBe(scope);
    expect(ipScope(parseIp(text)!)).toBe(scope);
  });

  it('throws RangeError for text that is not an address', () => {
    expect(() => ipScope('127.1')).toThrow(RangeError);
  });
});

describe('isHostName', () => {
  it.each(['stun.example.org', 'localhost', 'a-b.example', 'x1.example.', '1.example.org', 'example.123abc'])(
    'accepts %j',
    (text) => expect(isHostName(text)).toBe(true),
  );
  it.each([
    '256.1.1.1',
    '127.1',
    '2130706433',
    '127.000.0.1',
    'a..b',
    '-a.example',
    'a-.example',
    'under_score.example',
    '',
    '.',
    `${'a'.repeat(64)}.example`,
    'bad host',
  ])('refuses %j (all-digit last label or bad label)', (text) => expect(isHostName(text)).toBe(false));

  it('refuses 0x7f.0.0.1 by its all-digit last label', () => {
    expect(isHostName('0x7f.0.0.1')).toBe(false);
  });
});

describe('splitHostPort', () => {
  it.each([
    ['example.org', { host: 'example.org', port: null }],
    ['example.org:3478', { host: 'example.org', port: 3478 }],
    ['1.2.3.4:65535', { host: '1.2.3.4', port: 65535 }],
    ['[2001:db8::1]:3478', { host: '2001:db8::1', port: 3478 }],
    ['[2001:db8::1]', { host: '2001:db8::1', port: null }],
    ['2001:db8::1', { host: '2001:db8::1', port: null }],
    ['[fe80::1%eth0]:1', { host: 'fe80::1%eth0', port: 1 }],
  ])('splits %j', (text, expected) => {
    expect(splitHostPort(text)).toEqual(expected);
  });

  it.each([
    '',
    ':3478',
    'example.org:',
    'example.org:0',
    'example.org:65536',
    'example.org:03478',
    'example.org:http',
    '[2001:db8::1',
    '[2001:db8::1]3478',
    '[1.2.3.4]:5',
    '[example.org]:5',
    '2001:db8::1:99999x',
    'a:b:c',
    'exa mple.org',
    'user@example.org',
  ])('refuses %j', (text) => {
    expect(splitHostPort(text)).toBeNull();
  });
});
