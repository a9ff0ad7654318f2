/// <reference lib="dom" />
/**
 * The desktop window in real Chromium for e2e tests: the built renderer served by the app's own
 * app:// handler, with `window.api` implemented by a bridge built from the contract's table that
 * calls the real IPC handlers (validation, envelopes) and the real engine in this process. A
 * history folder, when given, is the app's run history (recorded, listed and loaded with the
 * real main/history). The same bridge as window.test.ts's, shared for the newer tests.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { listRuns, loadRun, recordRun } from '../../main/history';
import { registerIpc, type IpcDeps } from '../../main/ipc';
import { createAppHandler } from '../../main/protocol';
import { eventMethod, EVENTS, REQUESTS, type EventName, type Preferences } from '../../shared/api';
import type { Preflight } from '../../shared/preflight';
import { defaultSettings } from '../../shared/settings';

/** Where the built renderer is. */
export const OUT_DIR = resolve(__dirname, '../../out/renderer');
/** Where screenshots of test runs go. */
export const ARTIFACTS = resolve(__dirname, '../.artifacts');

/** Throws when the renderer was not built. */
export function requireBuild(): void {
  if (!existsSync(resolve(OUT_DIR, 'index.html')))
    throw new Error('out/renderer is missing: run "npm run build" first');
}

/** A pre-flight that found nothing to say. */
export const quietPreflight = (): Preflight => ({
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
  firewall: { product: 'none', state: 'unknown', profiles: [], activeProfiles: [], findings: [], fixes: [] },
  durationMs: 1,
});

/** Preferences for a check of `ports` against the STUN server at `stun`. */
export const preferencesFor = (
  stun: string,
  ports: string,
  language: 'en' | 'fr' = 'en',
  extra: Partial<Preferences['settings']> = {},
): Preferences => ({
  settings: { ...defaultSettings(), stun: [stun], ports, rate: 2000, concurrency: 100, timeoutMs: 800, ...extra },
  pace: 'custom',
  language,
  theme: 'light',
});

/** Options of openWindow. */
export interface WindowOptions {
  preflight?: Preflight;
  /** The run history folder; absent: the app has no history. */
  historyDir?: string;
  viewport?: { width: number; height: number };
  /** Main's "restart as administrator" (main/elevate.ts with a stand-in runner); absent: unsupported. */
  relaunchElevated?: IpcDeps['relaunchElevated'];
}

/** A window page with what it logged and the page errors it met. */
export interface WindowPage extends Page {
  errors: string[];
  log: string[];
}

/** Opens the window in `browser` with a bridge to the real handlers. */
export async function openWindow(
  browser: Browser,
  preferences: Preferences,
  options: WindowOptions = {},
): Promise<WindowPage> {
  const preflight = options.preflight ?? quietPreflight();
  const appHandler = createAppHandler(OUT_DIR);
  const page = (await browser.newPage({
    viewport: options.viewport ?? { width: 1200, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
  })) as WindowPage;
  page.errors = [];
  page.log = [];
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  page.on('pageerror', (e) => page.errors.push(e.message));
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
  const dir = options.historyDir;
  registerIpc({
    logger: {
      info: (m) => page.log.push(`info ${m}`),
      warn: (m) => page.log.push(`warn ${m}`),
      error: (m) => page.log.push(`error ${m}`),
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
    ...(options.relaunchElevated ? { relaunchElevated: options.relaunchElevated } : {}),
    ...(dir
      ? {
          recordRun: (report) => recordRun(report, dir),
          historyList: () => listRuns(dir),
          historyLoad: (id) => loadRun(id, dir),
        }
      : {}),
  });
  await page.exposeFunction('__vfcInvoke', (channel: string, arg: unknown) =>
    handlers.get(channel)!({ sender: page }, arg),
  );
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
  await page.getByRole('button', { name: /Run the check|Lancer la vérification/ }).waitFor();
  return page;
}
