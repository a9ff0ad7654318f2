/// <reference lib="dom" />
/**
 * Before and after in real Chromium: two real checks from the window, a router rule changed in
 * between (the responder stops dropping one range and starts dropping another), both recorded
 * in the run history by the app; the window compares them (two maps side by side, broken, fixed),
 * in English and French, light and dark, opens the earlier run from the history and comes back.
 * axe-core has nothing serious to say in any of these states.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResponder, type Responder } from '../integration/responder';
import { audit, launchChromium } from './browser';
import { ARTIFACTS, openWindow, preferencesFor, requireBuild, type WindowPage } from './window-harness';

let browser: Browser;
let responder: Responder;
let root = '';
// The "router": which client ports get no answer from the second address (no forward).
let blocked = (port: number) => port >= 24200 && port < 24260;

beforeAll(async () => {
  requireBuild();
  mkdirSync(ARTIFACTS, { recursive: true });
  root = mkdtempSync(join(tmpdir(), 'vfc-e2e-history-'));
  responder = await startResponder({ dropInbound: (port) => blocked(port) });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await responder?.close();
  rmSync(root, { recursive: true, force: true });
});

const shot = (page: WindowPage, name: string, fullPage = true) =>
  page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`), fullPage });

async function runCheck(page: WindowPage, verdict: string, button = 'Run the check') {
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('status').filter({ hasText: verdict }).waitFor({ timeout: 20_000 });
}

describe('run history and comparison in the window', () => {
  it('records each check, compares the latest with the one before, and opens an earlier one', async () => {
    const dir = join(root, 'history');
    const page = await openWindow(browser, preferencesFor(`127.0.0.1:${responder.primary.port}`, '24100-24299'), {
      historyDir: dir,
    });
    const history = page.getByRole('region', { name: 'Earlier checks' });
    await expect(history.innerText()).resolves.toContain('No earlier check yet');
    const audits: Record<string, string[]> = { empty: await audit(page) };

    blocked = (port) => port >= 24200 && port < 24260;
    await runCheck(page, 'Some ports are not forwarded correctly');
    await history.getByRole('row').nth(1).waitFor();
    await expect(page.getByRole('region', { name: 'Before and after' }).innerText()).resolves.toContain(
      'No earlier check to compare with yet',
    );
    // The router rule is fixed for 24200–24259, and another one breaks 24280–24289.
    blocked = (port) => port >= 24280 && port < 24290;
    await runCheck(page, 'Some ports are not forwarded correctly');
    // The first run's verdict may stay on screen during the second: wait for the second's record.
    await expect.poll(() => history.getByRole('row').count(), { timeout: 20_000 }).toBe(3); // header and two runs
    expect(readdirSync(dir).filter((n) => n.endsWith('.json'))).toHaveLength(2);

    const compare = page.getByRole('region', { name: 'Before and after' });
    await compare.getByText('Regression: 10 port(s) that passed before fail now.').waitFor();
    const text = await compare.innerText();
    expect(text).toMatch(/Broken \(passed before, fail now\)\s+✗\s*24280–24289: no forward \(packets from outside/);
    expect(text).toMatch(
      /Fixed \(failed before, pass now\)\s+✓\s*24200–24259: forwarded one-to-one \[PASS\] \(was INBOUND_NO_RESPONSE\)/,
    );
    await expect(compare.getByRole('application').count()).resolves.toBe(2);
    await expect(compare.getByRole('application', { name: 'Port map — Before' }).isVisible()).resolves.toBe(true);
    await expect(compare.getByRole('application', { name: 'Port map — Now' }).isVisible()).resolves.toBe(true);
    // The previous check is the one chosen, and says so.
    await expect(compare.getByLabel('Compare with').locator('option:checked').innerText()).resolves.toContain(
      'the check before it',
    );
    audits.compared = await audit(page);
    await compare.scrollIntoViewIfNeeded();
    await compare.screenshot({ path: resolve(ARTIFACTS, 'window-compare.png') });

    // In French: the same comparison, in French words.
    await page.getByLabel('Language').selectOption('fr');
    const comparer = page.getByRole('region', { name: 'Avant et après' });
    await comparer.getByText('Régression : 10 port(s) qui passaient échouent maintenant.').waitFor();
    await expect(comparer.innerText()).resolves.toMatch(/Corrigés \(échouaient, passent maintenant\)/);
    await expect(page.getByRole('region', { name: 'Vérifications précédentes' }).isVisible()).resolves.toBe(true);
    await comparer.screenshot({ path: resolve(ARTIFACTS, 'window-compare-french.png') });
    audits.french = await audit(page);
    await page.getByLabel('Thème').selectOption('dark');
    audits.dark = await audit(page);
    await comparer.screenshot({ path: resolve(ARTIFACTS, 'window-compare-dark.png') });
    await page.getByLabel('Thème').selectOption('light');
    await page.getByLabel('Langue').selectOption('en');

    // Opening the earlier check shows it in place of the latest, and the comparison follows it.
    const rows = history.getByRole('row');
    await rows.nth(2).getByRole('button', { name: /^Open/ }).click();
    const banner = page.getByRole('status').filter({ hasText: 'You are looking at an earlier check' });
    await banner.waitFor();
    await page
      .getByRole('button', { name: /24200–24259/ })
      .first()
      .waitFor();
    await expect(rows.nth(2).innerText()).resolves.toContain('(shown)');
    // The run picked is later than the one shown: it is the "now" of the comparison.
    await expect(compare.innerText()).resolves.toContain('Regression: 10 port(s) that passed before fail now.');
    audits.viewing = await audit(page);
    await shot(page, 'window-history');
    await banner.getByRole('button', { name: 'Back to the latest check' }).click();
    await expect(banner.count()).resolves.toBe(0);
    await compare.getByText('Regression: 10 port(s)').waitFor();
    // "Compare with" in the list picks that run for the comparison and puts the keyboard on it.
    await rows
      .nth(2)
      .getByRole('button', { name: /^Compare with the shown check/ })
      .click();
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('SELECT');

    expect(audits).toEqual({ empty: [], compared: [], french: [], dark: [], viewing: [] });
    expect(page.errors).toEqual([]);
    expect(page.log).toContainEqual(
      expect.stringMatching(/^info window: user opened run \d{8}T\d{9}Z-[0-9a-f]{8} from the history$/),
    );
    await page.close();
  });
});
