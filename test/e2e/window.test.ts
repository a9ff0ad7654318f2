/// <reference lib="dom" />
/**
 * The desktop window in real Chromium: the built renderer, with `window.api` implemented by a
 * test bridge that calls the real IPC handlers (validation, envelopes) and the real engine in
 * this process, against our loopback two-address responder. Screenshots go to test/.artifacts/.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { audit, launchChromium } from './browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Preferences } from '../../shared/api';
import { defaultSettings } from '../../shared/settings';
import type { Preflight } from '../../shared/preflight';
import { startResponder, type Responder } from '../integration/responder';
import { ARTIFACTS, openWindow as openHarnessWindow, requireBuild, type WindowPage } from './window-harness';

let browser: Browser;
let responder: Responder;

const emptyPreflight = (): Preflight => ({
  platform: 'linux',
  owners: { owners: [], excludedRanges: [], method: 'ss', complete: true, errors: [] },
  services: {
    pbx: [],
    elevated: true,
    stopRequested: false,
    stopped: [],
    restarted: [],
    failures: [],
    manualRestart: null,
  },
  firewall: {
    product: 'ufw',
    state: 'on',
    profiles: [],
    activeProfiles: [],
    findings: [{ kind: 'PORTS_NOT_ALLOWED', severity: 'warning', detail: 'ufw drops UDP 21800-21999' }],
    fixes: [{ shell: 'sh', command: 'sudo ufw allow 21800:21999/udp', needsElevation: true }],
  },
  durationMs: 5,
});

/** Opens the window with a bridge to the real handlers (the shared e2e harness). */
const openWindow = (preferences: Preferences, preflight: Preflight = emptyPreflight()): Promise<WindowPage> =>
  openHarnessWindow(browser, preferences, { preflight });

const prefs = (ports: string, extra: Partial<Preferences['settings']> = {}): Preferences => ({
  settings: {
    ...defaultSettings(),
    stun: [`127.0.0.1:${responder.primary.port}`],
    ports,
    rate: 2000,
    concurrency: 100,
    timeoutMs: 800,
    ...extra,
  },
  pace: 'custom',
  language: 'en',
  theme: 'light',
});
const shot = (page: Page, name: string) => page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  requireBuild();
  mkdirSync(ARTIFACTS, { recursive: true });
  responder = await startResponder({ dropInbound: (port) => port >= 21900 && port < 21960 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await responder?.close();
});

describe('the desktop window', () => {
  it('runs 200 ports against the real engine and shows the verdict, folded ranges and remediation', async () => {
    const page = await openWindow(prefs('21800-21999'));
    await shot(page, 'window-settings');
    await page.getByRole('button', { name: 'Run the check' }).click();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: 'Some ports are not forwarded correctly' })
        .waitFor({ timeout: 20_000 }),
    ).resolves.toBeUndefined();
    const bar = page.getByRole('progressbar', { name: 'Progress' });
    expect(await bar.getAttribute('aria-valuenow')).toBe('200');
    // The largest problem comes first.
    expect(await page.locator('ul.ranges > li button.range .ports').allInnerTexts()).toContain('21900–21959');
    const failed = page.getByRole('button', { name: /21900–21959/ });
    await failed.click();
    expect(await failed.getAttribute('aria-expanded')).toBe('true');
    await expect(
      page
        .getByText(/forward UDP 21900–21959 to /)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await shot(page, 'window-some-failed');
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    // The window's own lines and the run's summary land in the same log.
    const log = (page as unknown as { log: string[] }).log;
    expect(log).toContainEqual(expect.stringMatching(/^info window: window opened: language en/));
    expect(log).toContainEqual(expect.stringMatching(/^info window: user started check /));
    expect(log).toContainEqual(expect.stringMatching(/^info check started .* settings \{"stun":\["127\.0\.0\.1:/));
    expect(log).toContainEqual(expect.stringMatching(/^info ports 21900–21959: INBOUND_NO_RESPONSE \(60\)$/));
    expect(log).toContainEqual(expect.stringMatching(/^info check finished: SOME_FAILED — 140 passed, 60 failed/));
    await page.close();
  });

  it('passes everything and is usable with the keyboard alone', async () => {
    const page = await openWindow(prefs('21800-21899'));
    await page.getByRole('button', { name: 'Run the check' }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'Every port is forwarded one-to-one' })
      .waitFor({ timeout: 20_000 });
    await shot(page, 'window-all-passed');
    await page.close();
  });

  it('cancels a run in the middle', async () => {
    const page = await openWindow(prefs('21900-21959', { concurrency: 5, timeoutMs: 3000 }));
    await page.getByRole('button', { name: 'Run the check' }).click();
    await page.getByRole('progressbar', { name: 'Progress' }).waitFor();
    // Failures count as soon as Test 2 gives up (the scan guard re-tests them at the end).
    await page
      .locator('.counts')
      .filter({ hasText: /✗ [1-9]\d*\s+failed/ })
      .waitFor({ timeout: 15_000 });
    await shot(page, 'window-running');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('status').filter({ hasText: 'The check was stopped' }).waitFor({ timeout: 20_000 });
    expect((page as unknown as { log: string[] }).log).toContainEqual(
      expect.stringMatching(/^info window: user cancelled check /),
    );
    await expect(page.getByRole('button', { name: /not tested/ }).count()).resolves.toBeGreaterThan(0);
    await page.close();
  });

  it('shows a port in use with its owner from the pre-flight', async () => {
    const holder: Socket = createSocket('udp4');
    await new Promise<void>((r) => holder.bind(21805, r));
    const preflight = emptyPreflight();
    preflight.owners.owners = [
      {
        protocol: 'udp',
        port: 21805,
        address: '0.0.0.0',
        family: 4,
        // Another process as far as the plan knows (our own PID is never "another owner").
        pid: 4312,
        name: 'node',
        path: null,
        services: [],
        user: 'root',
        pbx: false,
      },
    ];
    try {
      const page = await openWindow(prefs('21800-21809'), preflight);
      await page.locator('li', { hasText: 'UDP 21805 in use by' }).waitFor();
      await page.getByRole('button', { name: 'Run the check' }).click();
      const row = page.getByRole('button', { name: /21805 held by another program/ });
      await row.waitFor({ timeout: 20_000 });
      await row.click();
      const ports = page.getByRole('region', { name: '21805–21805' }).getByRole('listitem');
      await expect(ports.innerText()).resolves.toContain('node (PID 4312)');
      await page.close();
    } finally {
      holder.close();
    }
  });

  it('switches to French and to the dark theme, and keeps the choice', async () => {
    const page = await openWindow(prefs('21800-21999'));
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('button', { name: 'Lancer la vérification' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Certains ports ne sont pas correctement redirigés' })
      .waitFor({ timeout: 20_000 });
    await shot(page, 'window-french');
    await page.getByLabel('Thème').selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(22, 24, 28)');
    await shot(page, 'window-dark');
    await page.close();
  });

  it('has no serious accessibility problem (axe-core) before, during and after a run, light and dark', async () => {
    const page = await openWindow(prefs('21900-21959', { concurrency: 20, timeoutMs: 3000 }));
    const states: Record<string, string[]> = {};
    states.settings = await audit(page);
    await page.getByRole('button', { name: 'Run the check' }).click();
    await page
      .locator('.counts')
      .filter({ hasText: /✗ [1-9]\d*\s+failed/ })
      .waitFor({ timeout: 15_000 });
    states.running = await audit(page);
    await page.getByRole('status').filter({ hasText: 'No port is forwarded' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /21900–21959/ }).click();
    states.results = await audit(page);
    await page.getByLabel('Theme').selectOption('dark');
    states.dark = await audit(page);
    expect(states).toEqual({ settings: [], running: [], results: [], dark: [] });
    // The audit is not blind: a button without a name is caught.
    await page.evaluate(() => document.querySelector('main')!.append(document.createElement('button')));
    expect(await audit(page)).toEqual([expect.stringMatching(/^button-name: /)]);
    await page.close();
  });

  it('validates the port list inline', async () => {
    const page = await openWindow(prefs('21800-21809'));
    await page.getByRole('button', { name: 'Change the ports' }).click();
    await page.getByLabel('Ports', { exact: true }).fill('9000-8000');
    await expect(page.getByRole('alert').innerText()).resolves.toContain('runs backwards');
    expect(await page.getByLabel('Ports', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.close();
  });
});
