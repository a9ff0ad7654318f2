import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, type Envelope } from '../../shared/api';
import { defaultSettings } from '../../shared/settings';
import { LOG_BUDGET, LOG_WINDOW_MS, registerIpc, type IpcDeps } from '../../main/ipc';
import type { Logger } from '../../main/logging';
import type { PlanPreflight } from '../../main/engine/plan';
import { RunManager } from '../../main/run-manager';
import type { Report } from '../../shared/report';
import { ManualClock } from '../fakes/manual-clock';
import { SimNetwork } from '../fakes/sim-network';

const own = { id: 'our window' };

/** A pre-flight that found nothing: no owners, no PBX services, no firewall. */
const nothingFound = {
  platform: 'linux',
  owners: { owners: [], excludedRanges: [], method: 'none' as const, complete: true, errors: [] },
  services: {
    pbx: [],
    elevated: null,
    stopRequested: false,
    stopped: [],
    restarted: [],
    failures: [],
    manualRestart: null,
  },
  firewall: {
    product: 'none' as const,
    state: 'unknown' as const,
    profiles: [],
    activeProfiles: [],
    findings: [],
    fixes: [],
  },
  durationMs: 0,
};
const emptyPreflight: PlanPreflight = {
  ...nothingFound,
  withPbxStopped: (work) => work(),
  complete: Promise.resolve(nothingFound),
};
const foreign = { id: 'somebody else' };

function setup(overrides: Partial<IpcDeps> = {}) {
  const handlers = new Map<string, (event: { sender: unknown }, ...args: unknown[]) => unknown>();
  const sent: { channel: string; payload: unknown }[] = [];
  const clock = new ManualClock();
  const net = new SimNetwork(clock, {
    nat: { mapping: 'independent-preserving', filtering: 'address-port', forwards: new Set() },
  });
  const finished: Report[] = [];
  const manager = new RunManager(
    {
      progress: (runId, p) => sent.push({ channel: CHANNELS.runProgress, payload: { ...p, runId } }),
      finished: (_id, report) => finished.push(report),
      failed: () => undefined,
    },
    { transport: net, clock, resolve: async () => ['203.0.113.100'] },
  );
  registerIpc({
    ipcMain: { handle: (channel, listener) => handlers.set(channel, listener) },
    isOwnSender: (sender) => sender === own,
    send: (channel, payload) => sent.push({ channel, payload }),
    appInfo: () => ({ version: '1.2.3', platform: 'linux', electron: '45' }),
    loadPreferences: async () => null,
    savePreferences: async () => undefined,
    preflight: async () => emptyPreflight,
    saveBundle: async () => ({ path: '/tmp/x.zip' }),
    openLogFolder: async () => undefined,
    manager,
    ...overrides,
  });
  const call = async <T>(channel: string, arg?: unknown, sender: unknown = own) =>
    (await handlers.get(channel)!({ sender }, arg)) as Envelope<T>;
  return { call, clock, net, manager, finished, handlers };
}

const request = (settings: Record<string, unknown> = {}) => ({
  settings: { ...defaultSettings(), stun: ['203.0.113.100:3478'], ports: '9000-9049', timeoutMs: 1000, ...settings },
  stopServices: false,
  language: 'en',
});

describe('the IPC handlers', () => {
  it('register one handler per request channel', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(
      [
        CHANNELS.appInfo,
        CHANNELS.loadPreferences,
        CHANNELS.savePreferences,
        CHANNELS.preflight,
        CHANNELS.startRun,
        CHANNELS.cancelRun,
        CHANNELS.saveBundle,
        CHANNELS.openLogFolder,
        CHANNELS.log,
      ].sort(),
    );
  });

  it('rejects a request from a foreign sender', async () => {
    const { call } = setup();
    expect(await call(CHANNELS.appInfo, undefined, foreign)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER', message: 'this request did not come from the app window' },
    });
  });

  it('answers in an envelope', async () => {
    const { call } = setup();
    expect(await call(CHANNELS.appInfo)).toEqual({
      ok: true,
      value: { version: '1.2.3', platform: 'linux', electron: '45' },
    });
  });

  it.each([
    ['a missing argument', undefined, /Invalid type/],
    ['a rate given as text', request({ rate: 'fast' }), /settings\.rate/],
    ['an unknown field', { ...request(), extra: 1 }, /extra/],
    ['a bad language', { ...request(), language: 'de' }, /language/],
  ])('rejects %s with BAD_ARGUMENT', async (_label, arg, message) => {
    const { call } = setup();
    const answer = await call(CHANNELS.startRun, arg);
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('BAD_ARGUMENT');
      expect(answer.error.message).toMatch(message);
    }
  });

  it('rejects a port list that passes the schema but not the rules, naming the problem', async () => {
    const { call } = setup();
    expect(await call(CHANNELS.startRun, request({ ports: '10999-9000' }))).toEqual({
      ok: false,
      error: { code: 'BAD_ARGUMENT', message: 'the range "10999-9000" runs backwards' },
    });
  });

  it('runs a check and cancels it: a round trip', async () => {
    const { call, clock, finished, net } = setup();
    const started = await call<{ runId: string }>(CHANNELS.startRun, request());
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    expect(await call(CHANNELS.startRun, request())).toMatchObject({ ok: false, error: { code: 'RUN_IN_PROGRESS' } });
    await clock.advance(1500);
    const cancelled = call(CHANNELS.cancelRun, { runId: started.value.runId });
    await clock.run(cancelled);
    expect(await cancelled).toEqual({ ok: true, value: null });
    expect(finished[0]?.code).toBe('CANCELLED');
    expect(net.open).toBe(0);
    expect(await call(CHANNELS.cancelRun, { runId: started.value.runId })).toMatchObject({
      ok: false,
      error: { code: 'NO_SUCH_RUN' },
    });
  });

  it('refuses to save a bundle before any check, then saves the last report', async () => {
    const { call, clock } = setup();
    expect(await call(CHANNELS.saveBundle, { redact: false })).toMatchObject({
      ok: false,
      error: { code: 'NO_REPORT' },
    });
    const started = await call<{ runId: string }>(CHANNELS.startRun, request({ ports: '9000' }));
    expect(started.ok).toBe(true);
    await clock.advance(5000);
    expect(await call(CHANNELS.saveBundle, { redact: true })).toEqual({ ok: true, value: { path: '/tmp/x.zip' } });
  });

  it('ignores a damaged preferences file instead of trusting it', async () => {
    const { call } = setup({ loadPreferences: async () => ({ settings: { rate: -1 } }) as never });
    expect(await call(CHANNELS.loadPreferences)).toEqual({ ok: true, value: null });
  });
});

describe('the run manager', () => {
  it('pushes every port result in batches before the run ends', async () => {
    const clock = new ManualClock();
    const net = new SimNetwork(clock, {
      nat: { mapping: 'independent-preserving', filtering: 'address-port', forwards: 'all' },
    });
    const batches: number[] = [];
    let finishedWith = -1;
    const manager = new RunManager(
      {
        progress: () => undefined,
        results: (_id, results) => batches.push(results.length),
        finished: () => (finishedWith = batches.reduce((a, b) => a + b, 0)),
        failed: () => undefined,
      },
      { transport: net, clock, resolve: async () => ['203.0.113.100'] },
    );
    manager.start({ ...defaultSettings(), stun: ['203.0.113.100:3478'], ports: '9000-9049', timeoutMs: 1000 });
    while (manager.running) await clock.advance(50);
    expect(finishedWith).toBe(50);
    expect(manager.lastReport?.summary.passed).toBe(50);
  });
});

describe('the preload', () => {
  it('exposes one frozen api object whose calls go to the contract channels', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: null }));
    const exposed: Record<string, unknown> = {};
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn() },
    }));
    await import('../../main/preload');
    const api = exposed.api as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.keys(exposed)).toEqual(['api']);
    expect(Object.isFrozen(api)).toBe(true);
    await api.cancelRun!('r1');
    await api.preflight!('5060');
    expect(invoke).toHaveBeenCalledWith(CHANNELS.cancelRun, { runId: 'r1' });
    expect(invoke).toHaveBeenCalledWith(CHANNELS.preflight, { ports: '5060' });
    vi.doUnmock('electron');
  });
});

describe('the window’s log lines', () => {
  const memory = () => {
    const lines: string[] = [];
    const logger: Logger = {
      info: (m) => lines.push(`info ${m}`),
      warn: (m) => lines.push(`warn ${m}`),
      error: (m) => lines.push(`error ${m}`),
    };
    return { lines, logger };
  };

  it('writes them at their level, on one line each, marked as the window’s', async () => {
    const { lines, logger } = memory();
    const { call } = setup({ logger });
    expect(await call(CHANNELS.log, { level: 'error', message: 'page error: x\nforged [info] line\u2028y' })).toEqual({
      ok: true,
      value: null,
    });
    expect(lines).toEqual(['error window: page error: x forged [info] line y']);
  });

  it('refuses a bad level or a foreign sender, and logs refusals of other requests with their code', async () => {
    const { lines, logger } = memory();
    const { call } = setup({ logger });
    expect(await call(CHANNELS.log, { level: 'debug', message: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGUMENT' },
    });
    expect(await call(CHANNELS.log, { level: 'info', message: 'x' }, foreign)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
    expect(lines).toEqual([]); // a refused log line is not logged either (no loop)
    await call(CHANNELS.startRun, { ...request(), language: 'xx' });
    expect(lines).toEqual([expect.stringMatching(/^warn ipc vfc:run-start: BAD_ARGUMENT language: /)]);
  });

  it('keeps to a budget per minute, then says how many lines it dropped', async () => {
    const { lines, logger } = memory();
    let now = 0;
    const { call } = setup({ logger, now: () => now });
    for (let i = 0; i < LOG_BUDGET + 50; i++) await call(CHANNELS.log, { level: 'info', message: `line ${i}` });
    expect(lines).toHaveLength(LOG_BUDGET);
    expect(lines.at(-1)).toBe(`info window: line ${LOG_BUDGET - 1}`);
    now += LOG_WINDOW_MS;
    await call(CHANNELS.log, { level: 'warn', message: 'later' });
    expect(lines.slice(LOG_BUDGET)).toEqual([
      'warn window: 50 more line(s) were not logged (over 200 a minute)',
      'warn window: later',
    ]);
  });
});
