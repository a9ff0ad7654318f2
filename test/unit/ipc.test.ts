import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENTS, REQUESTS } from '../../shared/api';
import { defaultSettings } from '../../shared/settings';
import { emit, LOG_BUDGET, LOG_WINDOW_MS, oneLine } from '../../main/ipc';
import type { Logger } from '../../main/logging';
import { RunManager } from '../../main/run-manager';
import { foreign, runRequest as request, setupIpc as setup } from '../fakes/ipc-harness';
import { ManualClock } from '../fakes/manual-clock';
import { SimNetwork } from '../fakes/sim-network';

describe('the IPC handlers', () => {
  it('register one handler per request of the contract’s table, and none for its events', () => {
    const { handlers } = setup();
    const requests = Object.values(REQUESTS).map((r) => r.channel);
    expect([...handlers.keys()].sort()).toEqual([...requests].sort());
    expect(requests).toContain('vfc:run-start');
    expect(new Set([...requests, ...Object.values(EVENTS).map((e) => e.channel)]).size).toBe(
      Object.keys(REQUESTS).length + Object.keys(EVENTS).length,
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
      error: { code: 'BAD_ARGUMENT', message: 'settings.ports: the range "10999-9000" runs backwards' },
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
    expect(finished()[0]?.code).toBe('CANCELLED');
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

  it('opens the folder of the bundle it saved last, and of nothing else', async () => {
    const shown: string[] = [];
    const { call, clock } = setup({ showInFolder: async (path) => void shown.push(path) });
    expect(await call(CHANNELS.openBundleFolder)).toMatchObject({ ok: false, error: { code: 'NO_REPORT' } });
    // No path comes from the page: one given is never used.
    expect(await call(CHANNELS.openBundleFolder, '/etc')).toMatchObject({ ok: false });
    expect(shown).toEqual([]);
    await call(CHANNELS.startRun, request({ ports: '9000' }));
    await clock.advance(5000);
    await call(CHANNELS.saveBundle, { redact: false });
    expect(await call(CHANNELS.openBundleFolder)).toEqual({ ok: true, value: null });
    expect(shown).toEqual(['/tmp/x.zip']);
  });

  it('ignores a damaged preferences file instead of trusting it', async () => {
    const { call } = setup({ loadPreferences: async () => ({ settings: { rate: -1 } }) as never });
    expect(await call(CHANNELS.loadPreferences)).toEqual({ ok: true, value: null });
  });
});

describe('the PBX services a dead check left stopped', () => {
  it('answers none, and nothing to restore, when the app has no marker to look at', async () => {
    const { call } = setup();
    expect(await call(CHANNELS.pbxPending)).toEqual({ ok: true, value: null });
    expect(await call(CHANNELS.pbxRestore)).toEqual({
      ok: true,
      value: { state: 'nothing', started: [], failures: [], manual: null },
    });
  });

  it('passes on the marker and the restore’s outcome, to our window only', async () => {
    const marker = { services: ['3CXPhoneSystem'], pid: 4242, stoppedAt: '2026-12-01T20:00:00.000Z' };
    const restored = { state: 'restored' as const, started: ['3CXPhoneSystem'], failures: [], manual: null };
    const { call } = setup({ pbxPending: () => marker, pbxRestore: async () => restored });
    expect(await call(CHANNELS.pbxPending)).toEqual({ ok: true, value: marker });
    expect(await call(CHANNELS.pbxRestore)).toEqual({ ok: true, value: restored });
    expect(await call(CHANNELS.pbxRestore, undefined, foreign)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
  });

  it('pushes the restarting state on its channel', () => {
    const sent: unknown[][] = [];
    emit((...args) => sent.push(args), 'pbxState', { state: 'restarting' });
    expect(sent).toEqual([[CHANNELS.pbxState, { state: 'restarting' }]]);
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
    await api.cancelRun!({ runId: 'r1' }, 'more');
    await api.preflight!({ ports: '5060' });
    await api.appInfo!('ignored');
    expect(invoke.mock.calls).toEqual([
      [CHANNELS.cancelRun, { runId: 'r1' }],
      [CHANNELS.preflight, { ports: '5060' }],
      [CHANNELS.appInfo],
    ]);
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

  it.each([
    ['line feeds, carriage returns and tabs (Cc)', 'a\nb\r\nc\td\u000be\u000cf', 'a b c d e f'],
    ['DEL and the C1 controls, NEL (U+0085) and CSI (U+009B) among them', 'a\u007fb\u0085c\u009b31md', 'a b c 31md'],
    ['the line and paragraph separators', 'a\u2028b\u2029c', 'a b c'],
    ['a right-to-left override that would show "txt.exe" as "exe.txt"', 'file \u202eexe.txt', 'file  exe.txt'],
    ['bidi isolates, marks and the Arabic letter mark', 'a\u2066b\u2069c\u200fd\u061ce', 'a b c d e'],
    ['zero-width characters, a soft hyphen and a BOM', 'ad\u200bmin\u00ad\ufeff!', 'ad min !'],
  ])('turns %s into spaces', (_label, text, line) => {
    expect(oneLine(text)).toBe(line);
  });

  it('keeps the rest of Unicode, and never cuts a character in two at its 1,000-unit bound', () => {
    expect(oneLine('café 東京 📞 → 5060')).toBe('café 東京 📞 → 5060');
    expect(oneLine('x'.repeat(2000))).toHaveLength(1000);
    const cut = oneLine(`${'x'.repeat(999)}📞`);
    expect(cut).toBe('x'.repeat(999));
  });

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

describe('restart as administrator (issue 14)', () => {
  it('answers unsupported when the app has no way to (not Windows), and passes on what main did', async () => {
    expect(await setup().call(CHANNELS.relaunchElevated)).toEqual({ ok: true, value: { outcome: 'unsupported' } });
    const relaunchElevated = vi.fn(async () => ({ outcome: 'declined' as const }));
    const { call } = setup({ relaunchElevated });
    expect(await call(CHANNELS.relaunchElevated)).toEqual({ ok: true, value: { outcome: 'declined' } });
    expect(await call(CHANNELS.relaunchElevated, undefined, foreign)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
    expect(relaunchElevated).toHaveBeenCalledTimes(1);
  });

  it('is refused while a check runs (it may have stopped the PBX), and the app is not touched', async () => {
    const relaunchElevated = vi.fn(async () => ({ outcome: 'started' as const }));
    const { call, clock } = setup({ relaunchElevated });
    const started = await call<{ runId: string }>(CHANNELS.startRun, request());
    expect(started.ok).toBe(true);
    expect(await call(CHANNELS.relaunchElevated)).toMatchObject({ ok: false, error: { code: 'RUN_IN_PROGRESS' } });
    expect(relaunchElevated).not.toHaveBeenCalled();
    if (started.ok) await clock.run(call(CHANNELS.cancelRun, { runId: started.value.runId }));
  });
});
