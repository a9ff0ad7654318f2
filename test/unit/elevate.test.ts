/**
 * "Restart as administrator" (issue 14, main/elevate.ts): the PowerShell call it makes, what it
 * does with the single-instance lock and the app on each answer of the prompt, and the Windows
 * command-line quoting of the arguments checked against an independent parser.
 */
import { describe, expect, it } from 'vitest';
import { quoteWindowsArg, relaunchElevated, RELAUNCH_SCRIPT, type ElevateDeps } from '../../main/elevate';
import { fakeRunner, type Canned } from './host/fake-runner';

/**
 * Splits a Windows command line the way the Microsoft C runtime does for argv (the rules
 * CommandLineToArgvW documents): whitespace separates outside quotes; 2n backslashes before a
 * quote give n and the quote opens or closes; 2n+1 give n and a literal quote; other backslashes
 * are literal; "" inside quotes is a literal quote.
 */
function parseWindowsArgs(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\') {
      let n = 0;
      while (line[i] === '\\') {
        n++;
        i++;
      }
      if (line[i] === '"') {
        current += '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) current += '"';
        else {
          inQuotes = !inQuotes;
        }
      } else {
        current += '\\'.repeat(n);
        i--;
      }
      started = true;
    } else if (ch === '"') {
      if (inQuotes && line[i + 1] === '"') {
        current += '"';
        i++;
      } else inQuotes = !inQuotes;
      started = true;
    } else if ((ch === ' ' || ch === '\t') && !inQuotes) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}

const TRICKY = [
  '',
  'plain',
  'with space',
  'C:\\Program Files\\VoIP Firewall Checker\\',
  'ends with a backslash\\',
  'a "quoted" word',
  '\\"',
  '\\\\"\\\\',
  '"',
  'tab\there',
  'O’Brien & Co; rm -rf / $(x) `y` %PATH%',
  '--flag=value',
  '.',
];

describe('quoting an argument for a Windows command line', () => {
  it('gives every tricky argument back unchanged, alone and in a list', () => {
    for (const arg of TRICKY) expect(parseWindowsArgs(quoteWindowsArg(arg))).toEqual([arg]);
    expect(parseWindowsArgs(TRICKY.map(quoteWindowsArg).join(' '))).toEqual(TRICKY);
  });

  it('gives back 2,000 random arguments made of backslashes, quotes, spaces and letters', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['\\', '"', ' ', '\t', 'a', 'é', '\\\\'];
    const args = Array.from({ length: 2000 }, () =>
      Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(
        '',
      ),
    );
    expect(parseWindowsArgs(args.map(quoteWindowsArg).join(' '))).toEqual(args);
  });

  it('leaves a plain argument alone, and the parser is not blind (naive quoting fails it)', () => {
    expect(quoteWindowsArg('--lang=fr')).toBe('--lang=fr');
    const naive = (a: string) => `"${a}"`;
    expect(parseWindowsArgs(naive('ends with a backslash\\'))).not.toEqual(['ends with a backslash\\']);
  });
});

/** A relaunch on Windows whose PowerShell answers `canned`; records what it did to the app. */
async function relaunch(canned: Canned | undefined, change: Partial<ElevateDeps> = {}) {
  const { runner, calls } = fakeRunner(() => canned);
  const did: string[] = [];
  const result = await relaunchElevated({
    platform: 'win32',
    runner,
    execPath: 'C:\\Program Files\\O’Brien\'s "VoIP" Checker\\VoIP Firewall Checker.exe',
    args: ['--lang', 'fr fr'],
    releaseLock: () => did.push('release'),
    reacquireLock: () => did.push('reacquire'),
    quit: () => did.push('quit'),
    ...change,
  });
  return { result, calls, did };
}

describe('restarting as administrator on Windows', () => {
  it('asks PowerShell to start the same program elevated, values through the environment only', async () => {
    const { result, calls, did } = await relaunch({ stdout: '{"started":true}\r\n' });
    expect(result).toEqual({ outcome: 'started' });
    expect(did).toEqual(['release', 'quit']);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.line).toMatch(/^powershell\.exe .*-NonInteractive .*-EncodedCommand /);
    expect(call!.script).toContain(RELAUNCH_SCRIPT);
    expect(call!.script).toContain("Verb = 'RunAs'");
    // Nothing of the path is in the script: it travels in the environment, untouched.
    expect(call!.script).not.toContain('Brien');
    expect(call!.env).toEqual({
      VFC_EXE: 'C:\\Program Files\\O’Brien\'s "VoIP" Checker\\VoIP Firewall Checker.exe',
      VFC_ARGS: '--lang "fr fr"',
      VFC_CWD: 'C:\\Program Files\\O’Brien\'s "VoIP" Checker',
    });
  });

  it('a "No" to the prompt keeps this copy as it was: the lock back, no quit', async () => {
    const { result, did } = await relaunch({ stdout: '{"declined":true}', exitCode: 2 });
    expect(result).toEqual({ outcome: 'declined' });
    expect(did).toEqual(['release', 'reacquire']);
  });

  it('a "No" that reaches the script only as Windows’ message (English or French) is a "No" too', async () => {
    for (const error of [
      'This command cannot be run due to the error: The operation was canceled by the user.',
      'Impossible d’exécuter cette commande en raison de l’erreur : L’opération a été annulée par l’utilisateur.',
    ]) {
      const { result, did } = await relaunch({
        stdout: JSON.stringify({ error, id: 'InvalidOperationException' }),
        exitCode: 1,
      });
      expect(result).toEqual({ outcome: 'declined' });
      expect(did).toEqual(['release', 'reacquire']);
    }
  });

  it('any other failure says why (PowerShell’s message, a missing PowerShell, no answer), and keeps this copy', async () => {
    const error = await relaunch({
      stdout: '{"error":"This command cannot be run because of a policy.","id":"InvalidOperationException"}',
      exitCode: 1,
    });
    expect(error.result).toEqual({ outcome: 'failed', message: 'This command cannot be run because of a policy.' });
    expect(error.did).toEqual(['release', 'reacquire']);
    const missing = await relaunch(undefined); // the fake runner answers ENOENT
    expect(missing.result).toEqual({ outcome: 'failed', message: 'ENOENT' });
    const silent = await relaunch({ stdout: '', exitCode: null, timedOut: true });
    expect(silent.result).toEqual({ outcome: 'failed', message: 'no answer to the administrator prompt' });
    // "started" without exit code 0 is not believed.
    const odd = await relaunch({ stdout: '{"started":true}', exitCode: 1 });
    expect(odd.result.outcome).toBe('failed');
    expect(odd.did).toEqual(['release', 'reacquire']);
  });

  it('a NUL in the path or the arguments: nothing is let go or started', async () => {
    const { result, calls, did } = await relaunch({ stdout: '{"started":true}' }, { args: ['a\0b'] });
    expect(result.outcome).toBe('failed');
    expect(calls).toEqual([]);
    expect(did).toEqual([]);
  });

  it('is not offered elsewhere: Linux and macOS get the command to run instead', async () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const { result, calls, did } = await relaunch({ stdout: '{"started":true}' }, { platform });
      expect(result).toEqual({ outcome: 'unsupported' });
      expect(calls).toEqual([]);
      expect(did).toEqual([]);
    }
  });
});
