import { describe, expect, it } from 'vitest';
import { ipv4Scope, parseServerList, parseServerSpec, ServerSpecError } from '../../../shared/servers';
import { defaultSettings, DEFAULT_STUN_SERVERS } from '../../../shared/settings';
import { SettingsError, validateSettings } from '../../../shared/validate';
import { catalogs, format } from '../../../shared/messages';
import { PORT_CODES, RUN_CODES } from '../../../shared/codes';

describe('STUN server names', () => {
  it.each([
    ['stun.example.org', { host: 'stun.example.org', port: 3478 }],
    ['STUN.Example.org:3479', { host: 'stun.example.org', port: 3479 }],
    ['stun:stun.example.org:19302', { host: 'stun.example.org', port: 19302 }],
    ['203.0.113.100', { host: '203.0.113.100', port: 3478 }],
  ])('reads %j', (input, expected) => {
    expect(parseServerSpec(input)).toMatchObject(expected);
  });

  it.each([
    ['', /empty/],
    ['stun.example.org:0', /not a port number/],
    ['stun.example.org:http', /not a port number/],
    ['[2001:db8::1]:3478', /IPv6/],
    ['bad host!', /not a host name/],
  ])('refuses %j', (input, message) => {
    expect(() => parseServerSpec(input)).toThrow(ServerSpecError);
    expect(() => parseServerSpec(input)).toThrow(message);
  });

  it('takes repeated and comma-separated entries, in order', () => {
    expect(parseServerList(['a.example, b.example', 'c.example:1']).map((s) => `${s.host}:${s.port}`)).toEqual([
      'a.example:3478',
      'b.example:3478',
      'c.example:1',
    ]);
    expect(() => parseServerList([' , '])).toThrow(/no STUN server/);
  });

  it('classifies address scopes', () => {
    expect(
      ['0.0.0.0', '127.0.0.2', '10.1.2.3', '172.20.0.1', '192.168.1.1', '100.64.0.1', '169.254.1.1', '203.0.113.1'].map(
        ipv4Scope,
      ),
    ).toEqual(['unspecified', 'loopback', 'private', 'private', 'private', 'private', 'link-local', 'public']);
  });

  it('ships no single-address server such as Google’s in the default list', () => {
    expect(DEFAULT_STUN_SERVERS.length).toBeGreaterThan(3);
    expect(DEFAULT_STUN_SERVERS.some((s) => s.includes('google'))).toBe(false);
  });
});

describe('settings validation', () => {
  it('fills the defaults', () => {
    expect(validateSettings({})).toEqual(defaultSettings());
  });

  it('accepts numbers given as text (from the command line)', () => {
    expect(validateSettings({ rate: '250', concurrency: '8', timeoutMs: '1500' })).toMatchObject({
      rate: 250,
      concurrency: 8,
      timeoutMs: 1500,
    });
  });

  it.each([
    [{ ports: '9000-8000' }, 'ports'],
    [{ ports: 42 }, 'ports'],
    [{ stun: ['bad host!'] }, 'stun'],
    [{ stun: 'x' }, 'stun'],
    [{ publicIp: '1.2.3' }, 'publicIp'],
    [{ concurrency: 0 }, 'concurrency'],
    [{ rate: 1.5 }, 'rate'],
    [{ timeoutMs: 10 }, 'timeoutMs'],
    [{ order: 'random' }, 'order'],
  ])('names the bad field in %j', (input, field) => {
    try {
      validateSettings(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      expect((error as SettingsError).field).toBe(field);
    }
  });
});

describe('message catalogs', () => {
  it.each(Object.keys(catalogs))('has a title, an explanation and steps for every code in %s', (lang) => {
    const catalog = catalogs[lang as keyof typeof catalogs];
    for (const code of PORT_CODES) {
      expect(catalog.ports[code].title.length).toBeGreaterThan(3);
      expect(catalog.ports[code].explanation.length).toBeGreaterThan(20);
      expect(catalog.portShort[code].length).toBeGreaterThan(3);
      if (code !== 'PASS') expect(catalog.ports[code].remediation.length).toBeGreaterThan(0);
    }
    for (const code of RUN_CODES) {
      expect(catalog.runs[code].title.length).toBeGreaterThan(3);
      if (code !== 'ALL_PASSED') expect(catalog.runs[code].remediation.length).toBeGreaterThan(0);
    }
    expect(format(catalog.sipPortInUse.title, { owner: 'X.exe (PID 1)' })).toContain('X.exe (PID 1)');
  });

  it('has English and French texts that differ (nothing left untranslated)', () => {
    for (const code of PORT_CODES)
      expect(catalogs.fr.ports[code].explanation).not.toBe(catalogs.en.ports[code].explanation);
    for (const code of RUN_CODES) expect(catalogs.fr.runs[code].title).not.toBe(catalogs.en.runs[code].title);
  });

  it('refuses to format a template with a missing value', () => {
    expect(() => format('held by {owner}', {})).toThrow(/owner/);
  });
});
