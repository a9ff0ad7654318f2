import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { cliMain } from '../../../main/cli';
import { ManualClock } from '../../fakes/manual-clock';
import { SimNetwork } from '../../fakes/sim-network';
import { fakeRunner } from '../host/fake-runner';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** One check of 9000–9009 through the CLI; `forwarded` are the ports the router forwards. */
async function check(args: string[], forwarded: 'all' | number[]) {
  const clock = new ManualClock();
  const net = new SimNetwork(clock, {
    nat: {
      mapping: 'independent-preserving',
      filtering: 'address-port',
      forwards: forwarded === 'all' ? 'all' : new Set(forwarded),
    },
  });
  let stdout = '';
  let stderr = '';
  const code = await clock.run(
    cliMain(
      ['check', '--no-preflight', '--stun', '203.0.113.100', '--ports', '9000-9009', '--timeout', '1000', ...args],
      {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        env: {},
        historyDir: join(dir, 'history'),
      },
      { transport: net, clock, resolve: async () => ['203.0.113.100'] },
      // The bundle's environment comes from this stand-in, not from the machine running the tests.
      { platform: 'linux', runner: fakeRunner(() => ({ stdout: '' })).runner },
    ),
  );
  return { code, stdout, stderr };
}

const history = () => readdirSync(join(dir, 'history')).filter((f) => f.endsWith('.json'));

describe('history, comparison and monitoring from the command line', () => {
  it('records each run, compares with the last one, and exits 5 on a regression against a baseline', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vfc-history-'));
    const before = await check(['--json'], 'all');
    expect(before.code).toBe(0);
    expect(history()).toHaveLength(1);
    const baseline = join(dir, 'baseline.json');
    writeFileSync(baseline, before.stdout);

    // A forward removed on the router: 9005–9009 now fail.
    const after = await check(
      ['--with', 'last', '--baseline', baseline, '--lang', 'en'],
      [9000, 9001, 9002, 9003, 9004],
    );
    expect(after.code).toBe(5);
    expect(after.stdout).toMatch(/9005–9009/);
    expect(after.stdout).toMatch(/INBOUND_NO_RESPONSE/);
    expect(history()).toHaveLength(2);

    // Fixed again: no regression against the same baseline, and the comparison says what got fixed.
    const fixed = await check(['--with', 'last', '--baseline', baseline, '--no-history'], 'all');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/9005–9009/);
    expect(history()).toHaveLength(2);
  });

  it('refuses a baseline it cannot read before checking anything (exit 2)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vfc-history-'));
    const missing = await check(['--baseline', join(dir, 'nope.json')], 'all');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/baseline cannot be read, so nothing was checked: .*nope\.json: no such file/);
    writeFileSync(join(dir, 'not-a-report.json'), '{"hello": 1}');
    const wrong = await check(['--baseline', join(dir, 'not-a-report.json')], 'all');
    expect(wrong.code).toBe(2);
    expect(() => history()).toThrow(/ENOENT/);
  });

  it('says when there is no earlier run, and refuses --with anything but last', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vfc-history-'));
    expect((await check(['--with', 'last'], 'all')).stdout).toMatch(/No earlier check in the history/);
    const bad = await check(['--with', 'yesterday'], 'all');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--with takes "last"/);
  });

  it('puts the previous run and the comparison into the bundle, redacted like the rest', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vfc-history-'));
    await check([], 'all');
    const zip = join(dir, 'bundle.zip');
    const run = await check(['--bundle', zip, '--redact'], [9000]);
    expect(run.code).toBe(1);
    const files = unzipSync(readFileSync(zip));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['previous-report.json', 'comparison.json']));
    const comparison = JSON.parse(strFromU8(files['comparison.json']!)) as { schema: string; regression: boolean };
    expect(comparison).toMatchObject({ schema: 'voip-fwcheck/compare@1', regression: true });
    for (const name of ['previous-report.json', 'comparison.json'])
      expect(strFromU8(files[name]!)).not.toContain('203.0.113.100');
    expect(strFromU8(files['README.txt']!)).toMatch(/previous-report\.json/);
  });
});

describe('the port map in the terminal', () => {
  it('follows the report when the terminal is wide enough, and not otherwise', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vfc-history-'));
    const run = async (columns: number) => {
      const clock = new ManualClock();
      const net = new SimNetwork(clock, {
        nat: { mapping: 'independent-preserving', filtering: 'address-port', forwards: new Set([9000]) },
      });
      let stdout = '';
      await clock.run(
        cliMain(
          [
            'check',
            '--no-preflight',
            '--stun',
            '203.0.113.100',
            '--ports',
            '9000-9009',
            '--timeout',
            '1000',
            '--no-color',
          ],
          {
            stdout: { write: (s: string) => (stdout += s), isTTY: true, columns },
            stderr: { write: () => true },
            env: {},
          },
          { transport: net, clock, resolve: async () => ['203.0.113.100'] },
        ),
      );
      return stdout;
    };
    const wide = await run(160);
    const narrow = await run(80);
    expect(wide.length).toBeGreaterThan(narrow.length);
    expect(wide.startsWith(narrow.slice(0, narrow.length - 1))).toBe(true);
    expect(wide.slice(narrow.length)).toMatch(/9000/);
  });
});
