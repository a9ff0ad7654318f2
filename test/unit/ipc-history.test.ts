import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, HISTORY_ID_PATTERN, type RunHistoryEntry } from '../../shared/api';
import type { Report } from '../../shared/report';
import { listRuns, loadRun, recordRun } from '../../main/history';
import { HISTORY_ID } from '../../main/history/store';
import { runEvents } from '../../main/ipc';
import type { Logger } from '../../main/logging';
import { runRequest, setupIpc as setup } from '../fakes/ipc-harness';
import { sampleReport } from '../support/report';

let dir = '';
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'vfc-ipc-history-')), 'history');
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

const withHistory = () =>
  setup({
    historyList: () => listRuns(dir),
    historyLoad: (id) => loadRun(id, dir),
    recordRun: (r) => recordRun(r, dir),
  });

describe('the run history over IPC', () => {
  it('checks ids with the pattern the history names its files by', () => {
    expect(HISTORY_ID_PATTERN.source).toBe(HISTORY_ID.source);
  });

  it('lists an empty history when the app has none', async () => {
    const { call } = setup();
    expect(await call(CHANNELS.historyList)).toEqual({ ok: true, value: [] });
    expect(await call(CHANNELS.historyLoad, { id: '20261201T100000000Z-0123abcd' })).toMatchObject({
      ok: false,
      error: { code: 'HISTORY_UNREADABLE' },
    });
  });

  it('lists earlier runs newest first and loads one by id', async () => {
    const older = await recordRun(sampleReport({ startedAt: '2026-12-01T10:01:00.000Z' }), dir);
    const newer = await recordRun(
      sampleReport({ startedAt: '2026-12-01T10:02:00.000Z', publicAddress: '198.51.100.9' }),
      dir,
    );
    const { call } = withHistory();
    const list = await call<RunHistoryEntry[]>(CHANNELS.historyList);
    expect(list.ok && list.value.map((e) => e.id)).toEqual([newer.id, older.id]);
    expect(list.ok && list.value[0]).toMatchObject({ ok: true, code: 'ALL_PASSED', publicAddress: '198.51.100.9' });
    const loaded = await call<Report>(CHANNELS.historyLoad, { id: older.id });
    expect(loaded.ok && loaded.value.startedAt).toBe('2026-12-01T10:01:00.000Z');
  });

  it.each([
    ['a path', { id: '../../etc/passwd' }],
    ['an id with a file extension', { id: '20261201T100000000Z-0123abcd.json' }],
    ['an id in capitals', { id: '20261201T100000000Z-0123ABCD' }],
    ['a number', { id: 20261201 }],
    ['no argument', undefined],
    ['an extra field', { id: '20261201T100000000Z-0123abcd', path: '/etc' }],
  ])('refuses %s with BAD_ARGUMENT and never reads the disk', async (_label, arg) => {
    const historyLoad = vi.fn(async () => sampleReport());
    const { call } = setup({ historyLoad });
    expect(await call(CHANNELS.historyLoad, arg)).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    expect(historyLoad).not.toHaveBeenCalled();
  });

  it('says HISTORY_UNREADABLE for a run that is gone or damaged', async () => {
    const { call } = withHistory();
    expect(await call(CHANNELS.historyLoad, { id: '20261201T100000000Z-0123abcd' })).toMatchObject({
      ok: false,
      error: { code: 'HISTORY_UNREADABLE', message: expect.stringMatching(/no run/) },
    });
    const { id } = await recordRun(sampleReport(), dir);
    writeFileSync(join(dir, `${id}.json`), '{"schema": "voip-fwcheck/report@1"');
    expect(await call(CHANNELS.historyLoad, { id })).toMatchObject({
      ok: false,
      error: { code: 'HISTORY_UNREADABLE', message: expect.stringMatching(/not JSON/) },
    });
    const list = await call<RunHistoryEntry[]>(CHANNELS.historyList);
    expect(list).toEqual({ ok: true, value: [{ ok: false, id, bytes: expect.any(Number), problem: 'DAMAGED' }] });
  });
});

describe('an earlier run shown in the window', () => {
  it('is the run the diagnostics bundle is of, until the window goes back or a check starts', async () => {
    const { id } = await recordRun(sampleReport({ startedAt: '2026-12-01T10:01:00.000Z' }), dir);
    const saveBundle = vi.fn(async (report: Report) => ({ path: `/tmp/${report.startedAt}.zip` }));
    const { call } = setup({ historyLoad: (i) => loadRun(i, dir), saveBundle });
    expect(await call(CHANNELS.saveBundle, { redact: false })).toMatchObject({
      ok: false,
      error: { code: 'NO_REPORT' },
    });
    const opened = await call<Report>(CHANNELS.historyOpen, { id });
    expect(opened.ok && opened.value.startedAt).toBe('2026-12-01T10:01:00.000Z');
    expect(await call(CHANNELS.saveBundle, { redact: false })).toEqual({
      ok: true,
      value: { path: '/tmp/2026-12-01T10:01:00.000Z.zip' },
    });
    expect(await call(CHANNELS.historyOpen, { id: null })).toEqual({ ok: true, value: null });
    expect(await call(CHANNELS.saveBundle, { redact: false })).toMatchObject({
      ok: false,
      error: { code: 'NO_REPORT' },
    });
    await call(CHANNELS.historyOpen, { id });
    expect((await call(CHANNELS.startRun, runRequest())).ok).toBe(true);
    expect(await call(CHANNELS.saveBundle, { redact: false })).toMatchObject({
      ok: false,
      error: { code: 'NO_REPORT' },
    });
  });

  it('refuses anything but a history id or null', async () => {
    const { call } = setup();
    expect(await call(CHANNELS.historyOpen, { id: '../x' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGUMENT' },
    });
    expect(await call(CHANNELS.historyOpen, {})).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
  });
});

describe('recording the window’s runs', () => {
  const logger = (): Logger & { lines: string[] } => {
    const lines: string[] = [];
    return {
      lines,
      info: (m) => lines.push(`info ${m}`),
      warn: (m) => lines.push(`warn ${m}`),
      error: (m) => lines.push(`error ${m}`),
    };
  };

  it('records a finished run before the window hears of it, so its history list holds it', async () => {
    const order: string[] = [];
    const record = vi.fn(async (report: Report) => {
      await recordRun(report, dir);
      order.push('recorded');
    });
    const events = runEvents((channel) => order.push(channel), logger(), undefined, record);
    events.finished('r1', sampleReport());
    await vi.waitFor(() => expect(order).toEqual(['recorded', CHANNELS.runFinished]));
    expect(await listRuns(dir)).toHaveLength(1);
  });

  it('does not record a cancelled run', () => {
    const record = vi.fn(async () => undefined);
    const sent: string[] = [];
    runEvents((channel) => sent.push(channel), logger(), undefined, record).finished(
      'r1',
      sampleReport({ code: 'CANCELLED' }),
    );
    expect(record).not.toHaveBeenCalled();
    expect(sent).toEqual([CHANNELS.runFinished]);
  });

  it('still shows the run when the history cannot be written, and logs why', async () => {
    const log = logger();
    const sent: string[] = [];
    const events = runEvents(
      (channel) => sent.push(channel),
      log,
      undefined,
      () => Promise.reject(new Error('EACCES: permission denied')),
    );
    events.finished('r1', sampleReport());
    await vi.waitFor(() => expect(sent).toEqual([CHANNELS.runFinished]));
    expect(log.lines).toContainEqual('warn check r1 not added to the run history: EACCES: permission denied');
  });
});
