/**
 * The command line as a user runs it: a real process, real sockets, exit codes and output.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle } from '../../tools/cli-bundle.mjs';
import { startResponder, type Responder } from './responder';

const root = resolve(__dirname, '../..');
// The same esbuild bundle `npm run cli` runs (built once here if the sources changed): a start in
// about 0.15 s instead of tsx's 1.2-1.8 s, for every call below.
let bundle: string;

function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, ['--enable-source-maps', bundle, ...args], {
      cwd: root,
      env: { ...process.env, LANG: 'C', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

let responder: Responder;
let failing: Responder;
beforeAll(async () => {
  bundle = await ensureBundle(root);
  responder = await startResponder();
  failing = await startResponder({ dropInbound: (port) => port >= 21300 && port < 21400 });
});
afterAll(async () => {
  await responder.close();
  await failing.close();
});

const fast = ['--rate', '5000', '--concurrency', '50', '--timeout', '600'];

describe('voip-fwcheck check', () => {
  it('prints one JSON report and exits 0 when every port passes', async () => {
    const { code, stdout, stderr } = await cli([
      'check',
      '--stun',
      `127.0.0.1:${responder.primary.port}`,
      '--ports',
      '21200-21219',
      '--json',
      ...fast,
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ schema: 'voip-fwcheck/report@1', code: 'ALL_PASSED', publicAddress: '127.0.0.1' });
    expect(report.server).toMatchObject({
      primary: `127.0.0.1:${responder.primary.port}`,
      alternate: `127.0.0.2:${responder.alternate.port}`,
    });
    expect(report.summary).toEqual({ total: 20, passed: 20, failed: 0, notTested: 0 });
    expect(report.ports[0]).toEqual(
      expect.objectContaining({ port: 21200, protocol: 'udp', code: 'PASS', mapped: '127.0.0.1:21200', owner: null }),
    );
    expect(typeof report.durationMs).toBe('number');
    expect(stderr).toBe(''); // no progress bar when stderr is not a terminal
  });

  it('exits 1 and folds failures into ranges in the text report', async () => {
    const { code, stdout } = await cli([
      'check',
      '--stun',
      `127.0.0.1:${failing.primary.port}`,
      '--ports',
      '21290-21309',
      ...fast,
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/21300–21309: /);
    expect(stdout).toMatch(/21290–21299: /);
    expect(stdout).toContain('[INBOUND_NO_RESPONSE]');
    expect(stdout).toMatch(/\n\s+1\. /); // numbered remediation steps
    expect(stdout).toContain('Before the check');
    expect(stdout.indexOf('Before the check')).toBeLessThan(stdout.indexOf('Results'));
  });

  it('speaks French with --lang fr', async () => {
    const { code, stdout } = await cli([
      'check',
      '--stun',
      `127.0.0.1:${failing.primary.port}`,
      '--ports',
      '21300-21301',
      '--lang',
      'fr',
      ...fast,
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('Adresse publique');
  });

  it.each([
    [['check', '--ports', '10999-9000'], /runs backwards/],
    [['check', '--ports', '70000'], /outside 1–65535/],
    [['check', '--bogus'], /Unknown option '--bogus'/],
    [['check', '--rate', 'fast'], /rate must be a whole number/],
    [['check', '--order', 'random'], /order must be/],
    [['check', '--public-ip', '300.1.1.1'], /not an IPv4 address/],
    [['check', '--stun', 'bad host!'], /not a host name/],
    [['scan'], /unknown command "scan"/],
    [[], /missing command/],
  ])('rejects %j with exit code 2 and a clear message', async (args, message) => {
    const { code, stderr, stdout } = await cli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('exits 3 when no STUN server can be used', async () => {
    const { code, stdout } = await cli([
      'check',
      '--stun',
      '127.0.0.1:9',
      '--ports',
      '21400',
      '--json',
      '--timeout',
      '300',
    ]);
    expect(code).toBe(3);
    expect(JSON.parse(stdout).code).toBe('STUN_UNREACHABLE');
  });

  it('closes its sockets and exits 130 on Ctrl-C', async () => {
    const never = await startResponder({ dropInbound: (port) => port >= 21500 && port < 21600 });
    try {
      const child = spawn(
        process.execPath,
        [
          bundle,
          'check',
          '--stun',
          `127.0.0.1:${never.primary.port}`,
          '--ports',
          '21500-21599',
          '--json',
          '--timeout',
          '5000',
          '--concurrency',
          '20',
        ],
        { cwd: root },
      );
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      await new Promise((r) => setTimeout(r, 2500));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.on('close', r));
      expect(code).toBe(130);
      const report = JSON.parse(stdout);
      expect(report.code).toBe('CANCELLED');
      expect(report.summary.notTested).toBeGreaterThan(0);
    } finally {
      await never.close();
    }
  });

  it('prints its help', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--concurrency N');
  });
});
