import { describe, expect, it } from 'vitest';
import type { RunSettings } from '../../../shared/report';
import { defaultSettings, LIMITS } from '../../../shared/settings';
import { SettingsError, validateSettings } from '../../../shared/validate';

/** The SettingsError thrown for `input`; fails the test when nothing is thrown. */
function refusal(input: Parameters<typeof validateSettings>[0]): SettingsError {
  try {
    validateSettings(input);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('validateSettings', () => {
  it('fills every default when nothing is given', () => {
    expect(validateSettings({})).toEqual(defaultSettings());
  });

  it('keeps what is given, trimmed', () => {
    const settings: RunSettings = {
      stun: [' stun.example.org:3479 ', '', '203.0.113.100'],
      ports: ' 5060, 9000-9010 ',
      publicIp: ' 203.0.113.2 ',
      concurrency: 8,
      rate: 250,
      timeoutMs: 1500,
      order: 'shuffled',
    };
    expect(validateSettings(settings)).toEqual({
      stun: ['stun.example.org:3479', '203.0.113.100'],
      ports: '5060, 9000-9010',
      publicIp: '203.0.113.2',
      concurrency: 8,
      rate: 250,
      timeoutMs: 1500,
      order: 'shuffled',
    });
  });

  it('accepts numbers given as text (from the command line)', () => {
    expect(validateSettings({ rate: '250', concurrency: ' 8 ', timeoutMs: '1500' })).toMatchObject({
      rate: 250,
      concurrency: 8,
      timeoutMs: 1500,
    });
  });

  it('accepts the limits themselves', () => {
    for (const field of ['concurrency', 'rate', 'timeoutMs'] as const) {
      expect(validateSettings({ [field]: LIMITS[field].min })[field]).toBe(LIMITS[field].min);
      expect(validateSettings({ [field]: LIMITS[field].max })[field]).toBe(LIMITS[field].max);
    }
  });

  it.each<[Record<string, unknown>, keyof RunSettings, RegExp]>([
    [{ stun: 'stun.example.org' }, 'stun', /list of names/],
    [{ stun: [42] }, 'stun', /list of names/],
    [{ stun: [] }, 'stun', /no STUN server given/],
    [{ stun: ['bad host!'] }, 'stun', /"bad host!" is not a host name/],
    [{ stun: ['[2001:db8::1]'] }, 'stun', /IPv6/],
    [{ ports: 42 }, 'ports', /text like 5060,9000-10999/],
    [{ ports: '' }, 'ports', /empty/],
    [{ ports: '9000-8000' }, 'ports', /"9000-8000" runs backwards/],
    [{ ports: '70000' }, 'ports', /outside 1–65535/],
    [{ publicIp: '1.2.3' }, 'publicIp', /"1\.2\.3" is not an IPv4 address/],
    [{ publicIp: 42 }, 'publicIp', /"42" is not an IPv4 address/],
    [{ publicIp: '2001:db8::1' }, 'publicIp', /is not an IPv4 address/],
    [
      { publicIp: '127.000.0.1' },
      'publicIp',
      /"127\.000\.0\.1" is not an IPv4 address \(four numbers 0–255 without leading zeros/,
    ],
    [{ publicIp: '127.1' }, 'publicIp', /is not an IPv4 address/],
    [{ publicIp: '2130706433' }, 'publicIp', /is not an IPv4 address/],
    [{ publicIp: '0x7f.0.0.1' }, 'publicIp', /is not an IPv4 address/],
    [{ stun: ['256.1.1.1'] }, 'stun', /"256\.1\.1\.1" is not a host name or IPv4 address/],
    [{ stun: ['127.1:3478'] }, 'stun', /"127\.1:3478" is not a host name or IPv4 address/],
    [{ stun: ['2130706433'] }, 'stun', /is not a host name or IPv4 address/],
    [{ stun: ['0x7f.0.0.1'] }, 'stun', /is not a host name or IPv4 address/],
    [{ stun: ['127.000.0.1'] }, 'stun', /is not a host name or IPv4 address/],
    [{ concurrency: 0 }, 'concurrency', /^concurrency must be a whole number from 1 to 4096 \(got 0\)$/],
    [{ concurrency: 4097 }, 'concurrency', /from 1 to 4096/],
    [{ concurrency: 'many' }, 'concurrency', /\(got "many"\)/],
    [{ rate: 1.5 }, 'rate', /^rate must be a whole number from 1 to 100000 \(got 1\.5\)$/],
    [{ rate: -1 }, 'rate', /rate must be/],
    [{ rate: '1e3' }, 'rate', /rate must be/],
    [{ timeoutMs: 10 }, 'timeoutMs', /^timeoutMs must be a whole number from 200 to 60000 \(got 10\)$/],
    [{ timeoutMs: Number.NaN }, 'timeoutMs', /timeoutMs must be/],
    [{ order: 'random' }, 'order', /order must be "sequential" or "shuffled" \(got "random"\)/],
  ])('refuses %j, naming the field', (input, field, message) => {
    const error = refusal(input);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(error.code).toBe('BAD_SETTINGS');
  });

  it('reads null public IP as "not given"', () => {
    expect(validateSettings({ publicIp: null }).publicIp).toBeNull();
  });
});
