/// <reference lib="dom" />
/**
 * The desktop window in real Chromium: the built renderer, with `window.api` implemented by a
 * test bridge that calls the real IPC handlers (validation, envelopes) and the real engine in
 * this process, against our loopback two-address responder. Screenshots go to test/.artifacts/.
 */
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { audit, launchChromium } from './browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerIpc } from '../../main/ipc';
import { createAppHandler } from '../../main/protocol';
import { eventMethod, EVENTS, REQUESTS, type EventName, type Preferences } from '../../shared/api';
import { defaultSettings } from '../../shared/settings';
import type { Preflight } from '../../shared/preflight';
import { startResponder, type Responder } from '../integration/responder';

const outDir = resolve(__dirname, '../../out/renderer');
const artifacts = resolve(__dirname, '../.artifacts');
const appHandler = createAppHandler(outDir);
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

/** Opens the window with a bridge to the real handlers. */
async function openWindow(preferences: Preferences, preflight: Preflight = emptyPreflight()): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  (page as unknown as { errors: string[] }).errors = errors;
  // The page is served by the app's own app:// handler (main/protocol.ts), headers included.
  await page.route(/.*/, async (route) => {
    const url = new URL(route.request().url());
    if (url.host !== 'app.test') return route.abort();
    const answer = await appHandler(new Request(`app://bundle${url.pathname}`, { method: route.request().method() }));
    return route.fulfill({
      status: answer.status,
      headers: Object.fromEntries(answer.headers),
      body: Buffer.from(await answer.arrayBuffer()),
    });
  });
  const handlers = new Map<string, (event: { sender: unknown }, arg: unknown) => unknown>();
  let saved = preferences;
  const logLines: string[] = [];
  (page as unknown as { log: string[] }).log = logLines;
  registerIpc({
    logger: {
      info: (m) => logLines.push(`info ${m}`),
      warn: (m) => logLines.push(`warn ${m}`),
      error: (m) => logLines.push(`error ${m}`),
    },
    ipcMain: { handle: (channel, listener) => handlers.set(channel, listener as never) },
    isOwnSender: (sender) => sender === page,
    send: (channel, payload) =>
      void page
        .evaluate(([c, p]) => (window as unknown as { __vfcEmit(c: string, p: unknown): void }).__vfcEmit(c, p), [
          channel,
          payload,
        ] as const)
        .catch(() => undefined),
    appInfo: () => ({ version: '0.1.0', platform: 'linux', electron: '45.4.1' }),
    loadPreferences: async () => saved,
    savePreferences: async (p) => {
      saved = p;
    },
    preflight: async () => ({ ...preflight, withPbxStopped: (work) => work(), complete: Promise.resolve(preflight) }),
    saveBundle: async () => ({ path: '/tmp/voip-fwcheck-test.zip' }),
    openLogFolder: async () => undefined,
  });
  await page.exposeFunction('__vfcInvoke', (channel: string, arg: unknown) =>
    handlers.get(channel)!({ sender: page }, arg),
  );
  // The bridge is built from the contract's table, as the preload's is (without its event checks).
  const table = {
    requests: Object.entries(REQUESTS).map(([name, spec]) => [name, spec.channel, spec.input !== null] as const),
    events: (Object.keys(EVENTS) as EventName[]).map((name) => [eventMethod(name), EVENTS[name].channel] as const),
  };
  await page.addInitScript((contract) => {
    const listeners = new Map<string, Set<(p: unknown) => void>>();
    const w = window as unknown as {
      __vfcInvoke(c: string, a?: unknown): Promise<unknown>;
      __vfcEmit(c: string, p: unknown): void;
      api: unknown;
    };
    w.__vfcEmit = (c, p) => listeners.get(c)?.forEach((l) => l(p));
    const on = (c: string) => (l: (p: unknown) => void) => {
      if (!listeners.has(c)) listeners.set(c, new Set());
      listeners.get(c)!.add(l);
      return () => listeners.get(c)!.delete(l);
    };
    const api: Record<string, unknown> = {};
    for (const [name, channel, takesInput] of contract.requests)
      api[name] = takesInput ? (input: unknown) => w.__vfcInvoke(channel, input) : () => w.__vfcInvoke(channel);
    for (const [method, channel] of contract.events) api[method] = on(channel);
    w.api = Object.freeze(api);
  }, table);
  await page.goto('http://app.test/index.html');
  await page.getByRole('button', { name: 'Run the check' }).waitFor();
  return page;
}

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
const shot = (page: Page, name: string) => page.screenshot({ path: resolve(artifacts, `${name}.png`), fullPage: true });

beforeAll(async () => {
  if (!existsSync(resolve(outDir, 'index.html'))) throw new Error('out/renderer is missing: run "npm run build" first');
  mkdirSync(artifacts, { recursive: true });
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
