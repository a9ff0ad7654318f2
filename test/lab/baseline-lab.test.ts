/**
 * Monitoring in the lab (issue 13): a check with every forward in place is saved as the baseline;
 * a forward is then removed on the router, and `check --baseline` exits 5 naming what broke; with
 * the forward back it exits 0 again. The real CLI in the PBX namespace, behind a real Linux NAT.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report';
import { ADDR, createLab, type Lab, type LabOptions } from './nat-lab';

const PORTS = '5060,9000-9049';
const FAST = ['--rate', '2000', '--concurrency', '200'];
const dir = mkdtempSync(join(tmpdir(), 'vfc-baseline-lab-'));
let lab: Lab | null = null;
afterEach(async () => {
  await lab?.destroy();
  lab = null;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function checkBehind(forward: LabOptions['forward'], args: readonly string[]) {
  lab = await createLab({ server: 'coturn', forward });
  const out = await lab.cli(['check', '--stun', `${ADDR.primary}:3478`, '--ports', PORTS, ...FAST, ...args]);
  await lab.destroy();
  lab = null;
  return out;
}

describe('check --baseline behind a real NAT', () => {
  it('exits 5 when a forward that passed is removed, and 0 once it is back', async () => {
    const baseline = join(dir, 'baseline.json');
    const before = await checkBehind('all', ['--json']);
    expect(before.code).toBe(0);
    expect((JSON.parse(before.stdout) as Report).code).toBe('ALL_PASSED');
    writeFileSync(baseline, before.stdout);

    // The router loses the forward of 9040–9049 (a firmware update, a rule deleted by mistake).
    const broken = await checkBehind(
      [
        [5060, 5060],
        [9000, 9039],
      ],
      ['--baseline', baseline, '--lang', 'en', '--no-color'],
    );
    expect(broken.code).toBe(5);
    expect(broken.stdout).toMatch(/9040–9049/);
    expect(broken.stdout).toMatch(/INBOUND_NO_RESPONSE/);

    const fixed = await checkBehind('all', ['--baseline', baseline, '--json']);
    expect(fixed.code).toBe(0);
  });

  it('exits 3, not 0 or 5, when the check cannot run at all', async () => {
    const baseline = join(dir, 'baseline-2.json');
    const before = await checkBehind('all', ['--json']);
    writeFileSync(baseline, before.stdout);
    lab = await createLab({ server: 'none', forward: 'all' });
    const out = await lab.cli(['check', '--stun', `${ADDR.primary}:3478`, '--ports', PORTS, '--baseline', baseline]);
    expect(out.code).toBe(3);
  });
});
