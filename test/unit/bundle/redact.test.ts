/**
 * Redaction probes, one per leak found in issue 9, plus what must stay readable (ports, times,
 * versions, codes, netmasks, GUIDs).
 */
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../main/bundle/redact';

function redactor(): Redactor {
  const r = new Redactor();
  r.addHost('pbx01.corp.example.com');
  r.addNames('stun-server', ['stun.example.org']);
  r.addNames('user', ['nobody']);
  r.addMacs(['00:11:22:33:44:55']);
  return r;
}
const once = (text: string) => redactor().apply(text);

describe('redaction keeps the same placeholder for the same value', () => {
  it('in every spelling and every file, saying what kind of thing it was', () => {
    const r = redactor();
    expect(r.apply('stun.example.org → 203.0.113.100:3478 from 192.168.1.10:9000 on PBX01 (203.0.113.100)')).toBe(
      'stun-server-1.invalid → ip-documentation-1:3478 from ip-private-1:9000 on host-1 (ip-documentation-1)',
    );
    expect(r.apply('again 192.168.001.010? no: 192.168.1.10, 8.8.8.8 and ::ffff:192.168.1.10')).toBe(
      'again ip-private-1? no: ip-private-1, ip-public-1 and ip-private-1',
    );
    expect(r.apply('fe80::1c2d:8a3f:b2e4:91a7%12 and 2001:DB8::1 and 2001:db8:0::1 and aa:bb:cc:dd:ee:ff')).toBe(
      'ipv6-link-local-1%12 and ipv6-documentation-1 and ipv6-documentation-1 and mac-1',
    );
    expect(r.size).toBe(8);
  });

  it('never rewrites a placeholder, even for a user called like one', () => {
    const r = new Redactor();
    r.addNames('user', ['host', 'mac', 'ip']);
    r.addHost('pbx01');
    expect(r.apply('pbx01 aa:bb:cc:dd:ee:ff 10.0.0.1 host')).toBe('host-1 mac-1 ip-private-1 user-1');
  });
});

describe('redaction probes (issue 9)', () => {
  it.each([
    ['an IPv4 address followed by a full stop', 'reached 192.168.1.10.', 'reached ip-private-1.'],
    ['a zero-padded IPv4 address', 'from 192.168.001.010:5060', 'from ip-private-1:5060'],
    ['a URL-encoded IPv4 address', '?ip=192%2E168%2E1%2E10&x', '?ip=ip-private-1&x'],
    ['BSD netstat’s address.port', 'udp4 0 0 10.1.2.3.5060 *.*', 'udp4 0 0 ip-private-1.5060 *.*'],
    ['addr:fe80::3', 'inet6 addr:fe80::3/64 Scope:Link', 'inet6 addr:ipv6-link-local-1/64 Scope:Link'],
    ['upper-case IPv6', 'addr:FE80::3', 'addr:ipv6-link-local-1'],
    ['URL-encoded IPv6', 'x=fe80%3A%3A3', 'x=ipv6-link-local-1'],
    ['a bracketed IPv6 with a port', '[2001:db8::1]:5060', '[ipv6-documentation-1]:5060'],
    ['a MAC with dashes', 'Physical Address: 00-1A-2B-3C-4D-5E', 'Physical Address: mac-1'],
    ['a MAC with Cisco dots', 'mac 001a.2b3c.4d5e vlan', 'mac mac-1 vlan'],
    ['a bare hex MAC', 'hw=001A2B3C4D5E;', 'hw=mac-1;'],
    ['an enx interface name', 'dev enx001a2b3c4d5e proto', 'dev enx-mac-1 proto'],
    ['a known MAC written as twelve digits', 'id 001122334455 and 0011.2233.4455', 'id mac-1 and mac-1'],
    ['a MAC with one-digit groups (macOS arp)', 'at 0:1a:2b:3:4d:5e on en0', 'at mac-1 on en0'],
    ['the domain of the FQDN', 'mail.corp.example.com, example.com', 'mail.domain-1.invalid, domain-2.invalid'],
    ['the FQDN in capitals', 'PBX01.CORP.EXAMPLE.COM', 'host-1.domain-1.invalid'],
    ['a user name in report.json', '"user": "nobody",', '"user": "user-1",'],
    ['a user name in report.html', '<td>nobody</td>', '<td>user-1</td>'],
    ['a Linux home folder', 'cwd /home/alice/pbx', 'cwd /home/user-1/pbx'],
    ['a Windows home folder', 'C:\\Users\\alice\\AppData', 'C:\\Users\\user-1\\AppData'],
    [
      'a JSON-escaped Windows home folder with a space',
      '"C:\\\\Users\\\\Bob Smith\\\\x"',
      '"C:\\\\Users\\\\user-1\\\\x"',
    ],
    ['a macOS home folder', '/Users/carol', '/Users/user-1'],
    ['a URL-encoded home folder', '%2Fhome%2Fdave%2F', '%2Fhome%2Fuser-1%2F'],
    [
      'values after a JSON escape',
      '"\\n2001:db8::1\\t00:1a:2b:3c:4d:5e\\nnobody\\tpbx01"',
      '"\\nipv6-documentation-1\\tmac-1\\nuser-1\\thost-1"',
    ],
    ['a MAC after a label and before a colon', 'HWaddr:00:1A:2B:3C:4D:5E: up', 'HWaddr:mac-1: up'],
  ])('%s', (_name, text, expected) => {
    expect(once(text)).toBe(expected);
  });

  it('redacts a user found as a home folder everywhere, also before it was seen', () => {
    const r = new Redactor();
    r.learn('log: /home/alice/.config');
    expect(r.apply('owner alice (uid 1000)')).toBe('owner user-1 (uid 1000)');
  });
});

describe('what redaction leaves alone', () => {
  it.each([
    ['ports, times, versions, counts', 'port 5060, 12:30:45, Node v20.20.2, 1.2.3, 51/51 PORT_TRANSLATED'],
    ['netmasks and unspecified addresses', 'mask 255.255.255.0 listen 0.0.0.0:5060 [::]:5060'],
    ['Windows rule GUIDs', '{6B29FC40-CA47-1067-B31D-00DD010662DA}'],
    ['C++-style names and big numbers', 'std::string 100000000000 2026-11-24'],
    ['shared and generic home folders, and root', 'C:\\Users\\Public /home/root needs root localhost'],
    ['an invalid address', '256.1.1.1 and 1.2.3.4567'],
  ])('%s', (_name, text) => {
    expect(once(text)).toBe(text);
  });

  it('leaves a STUN server given as an address to the address stages', () => {
    const r = new Redactor();
    r.addNames('stun-server', ['[2001:db8::1]', '198.51.100.7', 'stun.example.org']);
    expect(r.apply('[2001:db8::1]:3478 2001:0db8::1 198.51.100.7 stun.example.org')).toBe(
      '[ipv6-documentation-1]:3478 ipv6-documentation-1 ip-documentation-1 stun-server-1.invalid',
    );
  });

  it('does not take a public suffix for the company domain', () => {
    const r = new Redactor();
    r.addHost('pbx.acme.co.uk');
    expect(r.apply('pbx.acme.co.uk bbc.co.uk')).toBe('host-1.domain-1.invalid bbc.co.uk');
  });
});
