import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryError, lastRun, listRuns, loadRun } from '../../../main/history/read';
import { recordRun } from '../../../main/history/store';
import { sampleReport } from '../../support/report';

let root = '';
let dir = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'vfc-history-'));
  dir = join(root, 'history');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const at = (minute: number) => `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('listing earlier runs', () => {
  it('is empty when nothing was recorded yet', async () => {
    expect(await listRuns(dir)).toEqual([]);
    expect(await lastRun(dir)).toBeNull();
  });

  it('lists runs newest first with when, verdict and counts', async () => {
    const older = await recordRun(sampleReport({ startedAt: at(1) }), dir);
    const newer = await recordRun(
      sampleReport({
        startedAt: at(2),
        ports: [{ port: 9000, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: null, owner: null }],
      }),
      dir,
    );
    const list = await listRuns(dir);
    expect(list.map((e) => e.id)).toEqual([newer.id, older.id]);
    expect(list[0]).toMatchObject({
      ok: true,
      startedAt: at(2),
      code: 'SOME_FAILED',
      summary: { total: 1, passed: 0, failed: 1, notTested: 0 },
      publicAddress: '203.0.113.2',
      ports: '5060,5090,9000-10999',
    });
  });

  it('lists damaged files as damaged and goes on with the others', async () => {
    const good = await recordRun(sampleReport({ startedAt: at(1) }), dir);
    writeFileSync(join(dir, '20261201T100200000Z-0000000a.json'), '{"schema": "voip-fwcheck/report@1", "co');
    writeFileSync(join(dir, '20261201T100300000Z-0000000b.json'), '{"schema": "something else"}');
    mkdirSync(join(dir, '20261201T100400000Z-0000000c.json'));
    const list = await listRuns(dir);
    expect(list.map((e) => (e.ok ? e.id : `${e.id} ${e.problem}`))).toEqual([
      '20261201T100400000Z-0000000c NOT_A_FILE',
      '20261201T100300000Z-0000000b DAMAGED',
      '20261201T100200000Z-0000000a DAMAGED',
      good.id,
    ]);
    expect((await lastRun(dir))?.id).toBe(good.id);
  });

  it('never follows a link put in the history folder', async () => {
    writeFileSync(join(root, 'elsewhere.json'), JSON.stringify(sampleReport()));
    mkdirSync(dir);
    symlinkSync(join(root, 'elsewhere.json'), join(dir, '20261201T100200000Z-0000000a.json'));
    await expect(loadRun('20261201T100200000Z-0000000a', dir)).rejects.toMatchObject({ code: 'NOT_A_FILE' });
  });
});

describe('loading one run', () => {
  it('gives back the report as it was recorded', async () => {
    const report = sampleReport({ startedAt: at(5) });
    const { id } = await recordRun(report, dir);
    expect(await loadRun(id, dir)).toEqual(report);
  });

  it.each(['../secrets', '20261201T100200000Z-0000000a.json', '', 'x'.repeat(300)])(
    'refuses %j, which is not a history id',
    async (id) => {
      await expect(loadRun(id, dir)).rejects.toThrow(HistoryError);
      await expect(loadRun(id, dir)).rejects.toMatchObject({ code: 'BAD_ID' });
    },
  );

  it('says NOT_FOUND for a run that is not there', async () => {
    await expect(loadRun('20261201T100200000Z-0000000a', dir)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('skips the run just recorded when asked for the last one before it', async () => {
    const before = await recordRun(sampleReport({ startedAt: at(1) }), dir);
    const now = await recordRun(sampleReport({ startedAt: at(2) }), dir);
    expect((await lastRun(dir, now.id))?.id).toBe(before.id);
  });

  it('reads a file again after it changed', async () => {
    const { id, path } = await recordRun(sampleReport({ startedAt: at(1), durationMs: 1 }), dir);
    await loadRun(id, dir);
    writeFileSync(path, JSON.stringify(sampleReport({ startedAt: at(1), durationMs: 22222 })));
    expect((await loadRun(id, dir)).durationMs).toBe(22222);
  });
});
