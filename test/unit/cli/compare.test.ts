import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineExitCode, compareMain, readReportFile, renderComparisonText } from '../../../main/cli/compare';
import { makeStyle } from '../../../main/cli/text-report';
import { compareReports } from '../../../shared/compare';
import type { Report } from '../../../shared/report';

const fixtures = join(__dirname, '../../fixtures/reports');
const f = (name: string) => join(fixtures, `${name}.json`);
const scratch = mkdtempSync(join(tmpdir(), 'vfc-compare-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await compareMain(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
  });
  return { code, stdout, stderr };
}

describe('voip-fwcheck compare', () => {
  it('exits 5 and lists what broke when a port that passed fails now', async () => {
    const { code, stdout } = await run(['compare', f('baseline'), f('broken')]);
    expect(code).toBe(5);
    expect(stdout).toContain('✗ Regression: 12 port(s) that passed before fail now.');
    expect(stdout).toContain('Broken (passed before, fail now)\n  ✗ 5060: held by another program [PORT_IN_USE]\n');
    expect(stdout).toContain('  ✗ 9080–9089: port number changed by the router [PORT_TRANSLATED]');
    expect(stdout).toContain('Still failing\n  ✗ 9060–9064: no answer at all from this port [OUTBOUND_NO_RESPONSE]');
  });

  it('exits 0 and lists what a fix repaired, with the code each range had', async () => {
    const { code, stdout } = await run(['compare', f('baseline'), f('fixed')]);
    expect(code).toBe(0);
    expect(stdout).toContain('✓ No regression');
    expect(stdout).toContain('  ✓ 9050–9059: forwarded one-to-one [PASS] (was INBOUND_NO_RESPONSE)');
  });

  it('prints the comparison document with --json', async () => {
    const { code, stdout } = await run(['compare', '--json', f('baseline'), f('identical')]);
    expect(code).toBe(0);
    const read = (name: string) => JSON.parse(readFileSync(f(name), 'utf8')) as unknown;
    expect(JSON.parse(stdout)).toEqual(compareReports(read('baseline'), read('identical')));
    expect(JSON.parse(stdout).schema).toBe('voip-fwcheck/compare@1');
  });

  it('speaks French with --lang fr, and says what the reports do not share', async () => {
    const { stdout } = await run(['compare', f('early-schema'), f('other-ports'), '--lang', 'fr']);
    expect(stdout).toContain('Comparaison avec la vérification du 2026-');
    expect(stdout).toContain('Vérifiés lors de la vérification précédente seulement : 5090, 9000–9049 (51 ports)');
    expect(stdout).toContain('donc non comparé : warnings.');
  });

  it.each([
    [['compare', f('baseline')], /two report files/],
    [['compare', f('baseline'), f('fixed'), '--lang', 'de'], /--lang/],
    [['compare', f('baseline'), f('fixed'), '--what'], /--what/],
  ])('refuses %j with exit 2', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it.each([
    ['missing.json', null, /missing\.json is not a check report: no such file/],
    ['cut.json', '{"schema": "voip-fwcheck/report@1", "po', /not JSON/],
    [
      'other.json',
      '{"schema": "voip-fwcheck/compare@1", "ports": []}',
      /schema: not a voip-fwcheck\/report@N document/,
    ],
  ])('exits 2 for %s, which is not a report', async (name, text, message) => {
    if (text !== null) writeFileSync(join(scratch, name), text);
    const { code, stderr, stdout } = await run(['compare', f('baseline'), join(scratch, name)]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });
});

describe('check --baseline', () => {
  const load = async (name: string) => (await readReportFile(f(name))) as Report;

  it('exits 5 when a port that passed in the baseline fails now, 0 otherwise', async () => {
    expect(baselineExitCode(await load('baseline'), await load('broken'))).toBe(5);
    expect(baselineExitCode(await load('baseline'), await load('identical'))).toBe(0);
    expect(baselineExitCode(await load('baseline'), await load('fixed'))).toBe(0);
    // Ports that failed in the baseline and still fail are not a regression.
    expect(baselineExitCode(await load('broken'), await load('baseline'))).toBe(0);
  });

  it('exits 5 when SIP ALG is back, even with every port passing', async () => {
    const current = await load('identical');
    current.warnings = [{ code: 'MAPPED_ADDRESS_REWRITTEN', ports: 2, addresses: [], text: '' }];
    expect(baselineExitCode(await load('baseline'), current)).toBe(5);
  });
});

describe('the comparison as text', () => {
  it('names changed run facts, new warnings and the old value of each', async () => {
    const before = (await readReportFile(f('baseline'))) as Report;
    const after = (await readReportFile(f('identical'))) as Report;
    after.publicAddress = '198.51.100.7';
    after.warnings = [{ code: 'SEVERAL_PUBLIC_ADDRESSES', ports: 2, addresses: ['198.51.100.8'], text: '' }];
    const text = renderComparisonText(compareReports(before, after), 'en', makeStyle(false));
    expect(text).toContain(
      'What changed\n  Public address: 127.0.0.1 → 198.51.100.7\n  New warning: SEVERAL_PUBLIC_ADDRESSES',
    );
    expect(text).toContain('✗ Regression: new since the earlier check: SEVERAL_PUBLIC_ADDRESSES.');
    expect(text).toContain('No port changed its result.');
  });
});
