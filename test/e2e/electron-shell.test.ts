/**
 * The Electron shell as built (out/main/index.js, out/preload/index.js), started in plain Node with
 * a stand-in `electron` module, since the Electron binary cannot be downloaded here. It proves the
 * wiring that only the real app exercises: the app:// scheme registered before ready, the single
 * instance lock, one window with the safe webPreferences, the page served from the built renderer
 * folder through the bundle's own paths, every request channel registered, navigation, new windows
 * and permissions refused, the log written; and a preload that exposes exactly the typed API.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, EVENTS, REQUESTS } from '../../shared/api';

const out = resolve(__dirname, '../../out');
const require_ = createRequire(import.meta.url);

interface FakeWindow {
  options: { webPreferences: Record<string, unknown> } & Record<string, unknown>;
  url: string | null;
  events: Map<string, (...args: unknown[]) => unknown>;
  openHandler: ((details: unknown) => unknown) | null;
}

/** A stand-in for the parts of Electron the shell uses, recording what it was asked. */
function fakeElectron(options: { lock: boolean }) {
  const log: string[] = [];
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));
  const windows: FakeWindow[] = [];
  const instances: unknown[] = [];
  const opened: string[] = [];
  const handlers = new Map<string, unknown>();
  const schemes: unknown[] = [];
  const protocols = new Map<string, (request: Request) => Promise<Response>>();
  let permissionHandler: ((wc: unknown, permission: string, callback: (ok: boolean) => void) => void) | null = null;
  class BrowserWindow {
    static getAllWindows = () => instances;
    static getFocusedWindow = () => null;
    private readonly record: FakeWindow;
    webContents: { on: (e: string, f: () => void) => void; setWindowOpenHandler: (f: () => unknown) => void };
    constructor(opts: FakeWindow['options']) {
      this.record = { options: opts, url: null, events: new Map(), openHandler: null };
      windows.push(this.record);
      log.push('new BrowserWindow');
      this.webContents = {
        on: (event, f) => this.record.events.set(event, f),
        setWindowOpenHandler: (f) => (this.record.openHandler = f),
      };
      instances.push(this);
    }
    once() {}
    on(event: string, f: () => void) {
      this.record.events.set(`window:${event}`, f);
    }
    show() {}
    isMinimized() {
      return false;
    }
    focus() {}
    loadURL(url: string) {
      this.record.url = url;
      log.push(`loadURL ${url}`);
      return Promise.resolve();
    }
    loadFile(file: string) {
      log.push(`loadFile ${file}`);
      return Promise.resolve();
    }
  }
  const electron = {
    // A 1024×768 remote desktop with a 40-pixel taskbar.
    screen: { getPrimaryDisplay: () => ({ workAreaSize: { width: 1024, height: 728 } }) },
    app: {
      requestSingleInstanceLock: () => options.lock,
      quit: () => log.push('quit'),
      on: (event: string) => log.push(`app.on ${event}`),
      exit: (code: number) => log.push(`exit ${code}`),
      whenReady: () => whenReady,
      getVersion: () => '0.1.0',
      getPath: (name: string) => join(tmpdir(), `vfc-shell-${name}`),
    },
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (list: unknown[]) => {
        schemes.push(...list);
        log.push('registerSchemesAsPrivileged');
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        protocols.set(scheme, handler);
        log.push(`protocol.handle ${scheme}`);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (f: typeof permissionHandler) => (permissionHandler = f),
      },
    },
    ipcMain: { handle: (channel: string, listener: unknown) => handlers.set(channel, listener) },
    dialog: { showSaveDialog: async () => ({ canceled: true }) },
    shell: {
      openPath: async (path: string) => {
        opened.push(path);
        return '';
      },
    },
  };
  return {
    electron,
    instances,
    opened,
    log,
    windows,
    handlers,
    schemes,
    protocols,
    permission: () => permissionHandler,
    ready: () => {
      log.push('ready');
      ready();
    },
  };
}

type Fake = ReturnType<typeof fakeElectron>;
const moduleWithLoad = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const realLoad = moduleWithLoad._load;

/** Loads a built entry afresh with `electron` answered by `fake`; returns what it required. */
function load(entry: string, electron: unknown): string[] {
  const required: string[] = [];
  for (const key of Object.keys(require_.cache)) if (key.startsWith(out)) delete require_.cache[key];
  moduleWithLoad._load = function (request: string, ...rest: unknown[]) {
    if (!request.startsWith(out) && request !== entry) required.push(request);
    if (request === 'electron') return electron;
    return realLoad.call(this, request, ...rest);
  };
  try {
    require_(entry);
  } finally {
    moduleWithLoad._load = realLoad;
  }
  return required;
}

const settle = () => new Promise((r) => setTimeout(r, 50));
let logDir: string;

beforeAll(() => {
  if (!existsSync(join(out, 'main/index.js'))) throw new Error('out/ is missing: run "npm run build" first');
});
afterEach(() => {
  delete process.env.VOIP_FWCHECK_LOG_DIR;
  if (logDir) rmSync(logDir, { recursive: true, force: true });
});

async function start(lock = true): Promise<Fake> {
  logDir = mkdtempSync(join(tmpdir(), 'vfc-shell-logs-'));
  process.env.VOIP_FWCHECK_LOG_DIR = logDir;
  const fake = fakeElectron({ lock });
  load(join(out, 'main/index.js'), fake.electron);
  fake.ready();
  await settle();
  return fake;
}

describe('the built Electron main process', () => {
  it('registers app:// before ready, then opens one safe window on app://bundle/index.html', async () => {
    const fake = await start();
    expect(fake.log.indexOf('registerSchemesAsPrivileged')).toBeLessThan(fake.log.indexOf('ready'));
    expect(fake.schemes).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(fake.windows).toHaveLength(1);
    const [window] = fake.windows;
    // Never larger than the screen's work area (issue 14).
    expect(window!.options).toMatchObject({ width: 1024, height: 728, minWidth: 800, minHeight: 560 });
    expect(window!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(window!.options.webPreferences.preload).toBe(join(out, 'preload/index.js'));
    expect(existsSync(window!.options.webPreferences.preload as string)).toBe(true);
    expect(window!.url).toBe('app://bundle/index.html');
    expect(fake.log.some((l) => l.startsWith('loadFile'))).toBe(false);
  });

  it('serves the built page through the bundle’s own paths, and nothing outside it', async () => {
    const fake = await start();
    const handler = fake.protocols.get('app')!;
    const page = await handler(new Request('app://bundle/index.html'));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toBe(readFileSync(join(out, 'renderer/index.html'), 'utf8'));
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    expect((await handler(new Request(`app://bundle/${script}`))).status).toBe(200);
    expect((await handler(new Request('app://bundle/../main/index.js'))).status).not.toBe(200);
  });

  it('refuses navigation, new windows and every permission', async () => {
    const fake = await start();
    const [window] = fake.windows;
    let prevented = false;
    window!.events.get('will-navigate')!({ preventDefault: () => (prevented = true) }, 'https://example.com/');
    expect(prevented).toBe(true);
    expect(window!.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    fake.permission()!(null, 'media', (ok) => answers.push(ok));
    fake.permission()!(null, 'notifications', (ok) => answers.push(ok));
    expect(answers).toEqual([false, false]);
  });

  it('registers a handler for every request channel of the contract, and logs its start', async () => {
    const fake = await start();
    const requests = Object.values(REQUESTS).map((r) => r.channel as string);
    expect([...fake.handlers.keys()].sort()).toEqual(requests.sort());
    expect(requests).toContain(CHANNELS.startRun);
    const logged = readFileSync(join(logDir, 'voip-fwcheck.log'), 'utf8');
    expect(logged).toMatch(/\[info\]\s+VoIP Firewall Checker 0\.1\.0 started on linux/);
  });

  it('answers its own window through the real handlers, and refuses anyone else', async () => {
    const fake = await start();
    const own = { sender: (fake.instances[0] as { webContents: unknown }).webContents };
    type Handler = (event: unknown, arg?: unknown) => Promise<unknown>;
    const call = (channel: string, event: unknown, arg?: unknown) =>
      (fake.handlers.get(channel) as Handler)(event, arg);
    expect(await call(CHANNELS.appInfo, own)).toMatchObject({ ok: true, value: { version: '0.1.0' } });
    expect(await call(CHANNELS.appInfo, { sender: {} })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
    expect(await call(CHANNELS.saveBundle, own, { redact: false })).toMatchObject({
      ok: false,
      error: { code: 'NO_REPORT' },
    });
    expect(await call(CHANNELS.openLogFolder, own)).toEqual({ ok: true, value: null });
    expect(fake.opened).toEqual([logDir]);
    expect(await call(CHANNELS.log, own, { level: 'warn', message: 'from the page' })).toEqual({
      ok: true,
      value: null,
    });
    await settle();
    const logged = readFileSync(join(logDir, 'voip-fwcheck.log'), 'utf8');
    expect(logged).toMatch(/\[warn\]\s+window: from the page/);
    expect(logged).toMatch(/\[warn\]\s+ipc vfc:app-info: FORBIDDEN_SENDER/);
  });

  it('quits at once as a second instance, without a window', async () => {
    const fake = await start(false);
    expect(fake.log).toContain('quit');
    expect(fake.windows).toHaveLength(0);
  });
});

describe('the built preload', () => {
  it('exposes one frozen api whose calls go to the contract’s channels, and nothing else', async () => {
    const exposed = new Map<string, unknown>();
    const invoked: { channel: string; arg: unknown }[] = [];
    const listening = new Map<string, (event: unknown, payload: unknown) => void>();
    const required = load(join(out, 'preload/index.js'), {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke: async (channel: string, arg: unknown) => {
          invoked.push({ channel, arg });
          return { ok: true, value: null };
        },
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => listening.set(channel, listener),
        removeListener: (channel: string) => listening.delete(channel),
      },
    });
    // Sandboxed, the preload can require nothing but electron: valibot and the schemas are inside.
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['api']);
    const api = exposed.get('api') as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.isFrozen(api)).toBe(true);
    await api.startRun!({ any: 'thing' });
    await api.cancelRun!({ runId: 'r1' });
    await api.log!({ level: 'info', message: 'hello' });
    await api.openLogFolder!();
    expect(invoked).toEqual([
      { channel: CHANNELS.startRun, arg: { any: 'thing' } },
      { channel: CHANNELS.cancelRun, arg: { runId: 'r1' } },
      { channel: CHANNELS.log, arg: { level: 'info', message: 'hello' } },
      { channel: CHANNELS.openLogFolder, arg: undefined },
    ]);
    // A pushed event reaches the page only when it matches its schema.
    const seen: unknown[] = [];
    const off = api.onPbxState!((payload: unknown) => seen.push(payload)) as () => void;
    expect([...listening.keys()]).toEqual([CHANNELS.pbxState]);
    listening.get(CHANNELS.pbxState)!({}, { state: 'restarting' });
    listening.get(CHANNELS.pbxState)!({}, { state: 'restarting', extra: 1 });
    expect(seen).toEqual([{ state: 'restarting' }]);
    expect(invoked.at(-1)).toMatchObject({ channel: CHANNELS.log, arg: { level: 'error' } });
    off();
    expect(listening.size).toBe(0);
    expect(Object.keys(api).sort()).toEqual(
      [
        ...Object.keys(REQUESTS),
        ...Object.keys(EVENTS).map((name) => `on${name[0]!.toUpperCase()}${name.slice(1)}`),
      ].sort(),
    );
    expect(Object.keys(api)).toContain('onRunFinished');
  });
});
