import { describe, expect, it } from 'vitest';
import { byHand, quoteCmd, quotePowerShell, quoteSh, shCommand, visible } from '../../../main/engine/host/quote';

/** Characters no quoting makes safe to paste: they end lines or disguise what is shown. */
const UNQUOTABLE = ['a\nb', 'a\rb', 'a\0b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u2028b', 'a\u202eb', 'a\u200bb'];

describe('quoteSh', () => {
  it('leaves plain words bare and single-quotes everything else', () => {
    expect(quoteSh('public')).toBe('public');
    expect(quoteSh('/usr/bin/node')).toBe('/usr/bin/node');
    expect(quoteSh('9000:10999/udp')).toBe('9000:10999/udp');
    expect(quoteSh('$(id)')).toBe(`'$(id)'`);
    expect(quoteSh('`id`')).toBe("'`id`'");
    expect(quoteSh('a; b')).toBe(`'a; b'`);
    expect(quoteSh('')).toBe(`''`);
  });

  it('writes a single quote as the four characters that close, escape and reopen', () => {
    expect(quoteSh(`it's`)).toBe(`'it'\\''s'`);
    expect(quoteSh(`'`)).toBe(`''\\'''`);
  });

  it('keeps an --option= prefix outside the quotes', () => {
    expect(quoteSh('--zone=my zone')).toBe(`--zone='my zone'`);
    expect(quoteSh(`--remove-rich-rule=rule family="ipv4" drop`)).toBe(`--remove-rich-rule='rule family="ipv4" drop'`);
  });

  it('never leaves bare what zsh or fish would expand at the start of a word (=cmd, %self, ~)', () => {
    for (const word of ['=ls', '%self', '~root', '*', '{a,b}', '!!', '#x']) expect(quoteSh(word)).toBe(`'${word}'`);
  });

  it("refuses control and format characters, and a backslash (fish reads \\' as a quote)", () => {
    for (const value of [...UNQUOTABLE, 'a\\', "a\\'b"]) expect(quoteSh(value), JSON.stringify(value)).toBeNull();
  });

  it('builds a command from words, or nothing when one word cannot be quoted', () => {
    expect(shCommand(['sudo', 'systemctl', 'start', '--', '3cx $(id)'])).toBe(`sudo systemctl start -- '3cx $(id)'`);
    expect(shCommand(['sudo', 'a\nb'])).toBeNull();
  });
});

describe('quotePowerShell', () => {
  it('single-quotes, doubling the ASCII quote and the three typographic ones PowerShell also ends strings at', () => {
    expect(quotePowerShell('3CXPhoneSystem01')).toBe(`'3CXPhoneSystem01'`);
    expect(quotePowerShell(`a'b`)).toBe(`'a''b'`);
    expect(quotePowerShell('a\u2018b\u2019c\u201Ad\u201Be')).toBe(
      "'a\u2018\u2018b\u2019\u2019c\u201A\u201Ad\u201B\u201Be'",
    );
  });

  it('leaves $, backticks and double quotes (typographic too) alone: nothing expands in single quotes', () => {
    expect(quotePowerShell('$(calc) `n "x" “y” „z')).toBe(`'$(calc) \`n "x" “y” „z'`);
  });

  it('refuses control and format characters', () => {
    for (const value of UNQUOTABLE) expect(quotePowerShell(value), JSON.stringify(value)).toBeNull();
  });
});

describe('quoteCmd', () => {
  it('double-quotes a harmless value', () => {
    expect(quoteCmd('VoIP Firewall Checker (UDP 5060,9000-10999)')).toBe(
      '"VoIP Firewall Checker (UDP 5060,9000-10999)"',
    );
  });

  it('refuses what cmd.exe acts on even inside quotes, or once a quote is ended', () => {
    for (const value of ['a"b', '%PATH%', '!x!', 'a^b', 'a&b', 'a|b', 'a<b', 'a>b', ...UNQUOTABLE])
      expect(quoteCmd(value), JSON.stringify(value)).toBeNull();
  });
});

describe('byHand', () => {
  it('is a one-line comment in its shell, stripped of anything that could end it or expand', () => {
    expect(byHand('sh', 'open UDP 5060').command).toMatch(/^# Edit by hand \(.*\): open UDP 5060$/);
    expect(byHand('powershell', 'x').command.startsWith('# ')).toBe(true);
    const cmd = byHand('cmd', 'a %PATH% & b\nc').command;
    expect(cmd.startsWith('REM ')).toBe(true);
    expect(cmd).not.toMatch(/[%&\n]/);
  });
});

describe('visible', () => {
  it('writes control, format and separator characters as \\u{…} and leaves the rest alone', () => {
    expect(visible('zone\u001b[2K\rsudo\u202e ‘x’ é')).toBe('zone\\u{1b}[2K\\u{d}sudo\\u{202e} ‘x’ é');
  });
});
