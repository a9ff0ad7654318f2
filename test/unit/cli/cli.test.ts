import { describe, expect, it } from 'vitest';
import { cliMain, exitCodeFor, parseCli, pickLanguage } from '../../../main/cli';
import { renderBar } from '../../../main/cli/progress-bar';
import { makeStyle, renderText } from '../../../main/cli/text-report';
import type { Report } from '../../../shared/report';
import { PACES } from '../../../shared/settings';
import { sampleReport } from '../../support/report';

const report = (overrides: Partial<Report> = {}): Report =>
  sampleReport({
    ports: [
      {
        port: 5060,
        protocol: 'udp',
        code: 'PORT_IN_USE',
        mapped: null,
        owner: { pid: 4312, name: '3CXPhoneSystem.exe' },
      },
      { port: 9000, protocol: 'udp', code: 'PASS', mapped: '203.0.113.2:9000', owner: null },
      { port: 9001, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.2:9001', owner: null },
      { port: 9002, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.2:9002', owner: null },
    ],
    ...overrides,
  });

describe('command-line parsing', () => {
  it('reads every option of the contract', () => {
    const parsed = parseCli(
      [
        'check',
        '--stun',
        'a.example',
        '--stun',
        'b.example:3479,c.example',
        '--ports',
        '5060',
        '--public-ip',
        '203.0.113.2',
        '--concurrency',
        '5',
        '--rate',
        '20',
        '--timeout',
        '900',
        '--order',
        'shuffled',
        '--json',
        '--lang',
        'fr',
      ],
      {},
    );
    expect(parsed).toMatchObject({
      kind: 'check',
      json: true,
      lang: 'fr',
      settings: {
        stun: ['a.example', 'b.example:3479,c.example'],
        ports: '5060',
        publicIp: '203.0.113.2',
        concurrency: 5,
        rate: 20,
        timeoutMs: 900,
        order: 'shuffled',
      },
    });
  });

  it('applies a pace preset, which explicit flags override', () => {
    expect(parseCli(['check', '--pace', 'gentle'], {})).toMatchObject({ settings: PACES.gentle });
    expect(parseCli(['check', '--pace', 'gentle', '--rate', '30'], {})).toMatchObject({
      settings: { rate: 30, concurrency: PACES.gentle.concurrency },
    });
  });

  it('takes the language from the environment when not given', () => {
    expect(pickLanguage(undefined, { LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(pickLanguage(undefined, { LC_ALL: 'de_DE.UTF-8', LANG: 'fr_FR' })).toBe('en');
    expect(pickLanguage(undefined, {})).toBe('en');
    expect(() => pickLanguage('de', {})).toThrow(/--lang/);
  });

  it('maps run codes to exit codes', () => {
    expect(exitCodeFor(report({ code: 'ALL_PASSED' }))).toBe(0);
    expect(exitCodeFor(report({ code: 'SOME_FAILED' }))).toBe(1);
    expect(exitCodeFor(report({ code: 'ALL_FAILED' }))).toBe(1);
    for (const code of [
      'DNS_FAILED',
      'STUN_UNREACHABLE',
      'NO_SECOND_ADDRESS',
      'CHANGE_REQUEST_IGNORED',
      'STUN_MALFORMED',
    ] as const) {
      expect(exitCodeFor(report({ code }))).toBe(3);
    }
    expect(exitCodeFor(report({ code: 'CANCELLED' }))).toBe(130);
  });

  it('answers bad usage with exit code 2 on stderr and nothing on stdout', async () => {
    let out = '';
    let err = '';
    const code = await cliMain(['check', '--ports', 'x'], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: {},
    });
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^voip-fwcheck: "x" is not a port/);
  });
});

describe('the text report', () => {
  const text = renderText(report(), 'en', makeStyle(false));

  it('puts the verdict first, then the folded results', () => {
    expect(text.indexOf('[SOME_FAILED]')).toBeLessThan(text.indexOf('9001–9002'));
    expect(text).toMatch(/✗ 9001–9002: no forward \(packets from outside/);
    expect(text).toMatch(/✓ 9000: forwarded one-to-one/);
  });

  it('names the owner of the SIP port with the SIP wording', () => {
    expect(text).toContain('5060 held by 3CXPhoneSystem.exe (PID 4312)');
    expect(text).toContain('The SIP port 5060 is held by 3CXPhoneSystem.exe (PID 4312)');
  });

  it('numbers the remediation steps', () => {
    expect(text).toMatch(/\n {4}1\. /);
  });

  it('lists the servers tried when the check could not run', () => {
    const failed = renderText(
      report({
        code: 'NO_SECOND_ADDRESS',
        server: null,
        publicAddress: null,
        servers: [
          {
            name: 's.example:3478',
            resolved: ['203.0.113.100'],
            code: 'NO_SECOND_ADDRESS',
            detail: 'advertises 0.0.0.0:3479',
          },
        ],
      }),
      'fr',
      makeStyle(false),
    );
    expect(failed).toContain('Serveurs STUN essayés');
    expect(failed).toContain('s.example:3478 → 203.0.113.100: advertises 0.0.0.0:3479');
  });

  it('does not blame the router when every port was taken (nothing was tested)', () => {
    const taken = report({
      code: 'ALL_FAILED',
      ports: [5060, 5090].map((port) => ({
        port,
        protocol: 'udp' as const,
        code: 'PORT_IN_USE' as const,
        mapped: null,
        owner: { pid: 4312, name: '3CXPhoneSystem.exe' },
      })),
    });
    const text = renderText(taken, 'en', makeStyle(false));
    expect(text).toContain('Every port is taken on this computer: nothing was tested');
    expect(text).not.toContain('No port is forwarded correctly');
    expect(text).toContain('[ALL_FAILED]');
    expect(exitCodeFor(taken)).toBe(1);
  });

  it('prints the run’s warnings in the language of the run, with their codes', () => {
    const warned = report({
      warnings: [
        {
          code: 'SEVERAL_PUBLIC_ADDRESSES',
          ports: 3,
          addresses: ['203.0.113.3', '203.0.113.4'],
          text: 'English text for logs',
        },
      ],
    });
    const fr = renderText(warned, 'fr', makeStyle(false));
    expect(fr).toContain('Avertissements');
    expect(fr).toMatch(
      /! Certains ports sont sortis par d’autres adresses publiques \(203\.0\.113\.3, 203\.0\.113\.4\)/,
    );
    expect(fr).toContain('[SEVERAL_PUBLIC_ADDRESSES]');
    expect(fr).not.toContain('English text for logs');
    expect(renderText(report(), 'fr', makeStyle(false))).not.toContain('Avertissements');
  });

  it('uses colour only when asked', () => {
    expect(text).not.toContain('\x1b[');
    expect(renderText(report(), 'en', makeStyle(true))).toContain('\x1b[31m✗');
  });

  it('draws a progress bar with counts and time left', () => {
    expect(
      renderBar({ phase: 'testing', done: 50, total: 100, passed: 49, failed: 1, etaMs: 4200, elapsedMs: 1 }, 10),
    ).toBe('[#####.....] 50/100  ✓ 49  ✗ 1  ~5 s left');
  });
});

describe('the other commands', () => {
  it('hands "serve" its own options', async () => {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: {},
    };
    expect(await cliMain(['serve', '--help'], io)).toBe(0);
    expect(stdout).toMatch(/voip-fwcheck serve --primary IP --alternate IP/);
    expect(await cliMain(['serve', '--primary', '127.0.0.1'], io)).toBe(2);
    expect(stderr).toMatch(/--alternate/);
  });

  it('hands "compare" its own options', async () => {
    let stderr = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env: {} };
    expect(await cliMain(['compare', 'only-one.json'], io)).toBe(2);
    expect(stderr).toMatch(/compare/);
  });
});
