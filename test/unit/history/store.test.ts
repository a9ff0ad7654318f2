import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_ID, recordRun } from '../../../main/history/store';
import { sampleReport } from '../../support/report';

let dir = '';
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'vfc-history-')), 'history');
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

const at = (minute: number) => `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const runFiles = () => readdirSync(dir).filter((name) => name.endsWith('.json'));

describe('recording a run', () => {
  it('saves the report as JSON under an id made of its start time and a random tag', async () => {
    const report = sampleReport({ startedAt: '2026-12-01T21:11:32.123Z' });
    const recorded = await recordRun(report, dir);
    expect(recorded.id).toMatch(/^20261201T211132123Z-[0-9a-f]{8}$/);
    expect(HISTORY_ID.test(recorded.id)).toBe(true);
    expect(JSON.parse(readFileSync(recorded.path, 'utf8'))).toEqual(report);
    expect(readdirSync(dir)).toEqual([`${recorded.id}.json`]); // no temporary file left behind
  });

  it('never replaces a run with the same name: it picks another tag', async () => {
    const tags = ['aaaaaaaa', 'aaaaaaaa', 'bbbbbbbb'];
    const tag = () => tags.shift()!;
    const first = await recordRun(sampleReport({ startedAt: at(0), durationMs: 1 }), dir, { tag });
    const second = await recordRun(sampleReport({ startedAt: at(0), durationMs: 2 }), dir, { tag });
    expect([first.id, second.id]).toEqual(['20261201T100000000Z-aaaaaaaa', '20261201T100000000Z-bbbbbbbb']);
    expect(JSON.parse(readFileSync(first.path, 'utf8')).durationMs).toBe(1);
  });

  it('loses no run when many are recorded at once under clashing names', async () => {
    let n = 0;
    const tag = () => `0000000${Math.floor(n++ / 3) % 8}`; // every name is tried three times
    const recorded = await Promise.all(
      Array.from({ length: 8 }, (_, i) => recordRun(sampleReport({ startedAt: at(0), durationMs: i }), dir, { tag })),
    );
    expect(new Set(recorded.map((r) => r.id)).size).toBe(8);
    const durations = runFiles().map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')).durationMs);
    expect(durations.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps the newest runs up to the count limit, removing the oldest', async () => {
    const limits = { runs: 3, bytes: 1e9 };
    const ids: string[] = [];
    for (const minute of [1, 2, 3, 4, 5])
      ids.push((await recordRun(sampleReport({ startedAt: at(minute) }), dir, { limits })).id);
    expect(runFiles().sort()).toEqual(ids.slice(2).map((id) => `${id}.json`));
  });

  it('keeps the newest runs up to the size limit, and always the newest one', async () => {
    const first = await recordRun(sampleReport({ startedAt: at(1) }), dir);
    const size = statSync(first.path).size;
    const limits = { runs: 100, bytes: size * 2 + 10 };
    await recordRun(sampleReport({ startedAt: at(2) }), dir, { limits });
    const third = await recordRun(sampleReport({ startedAt: at(3) }), dir, { limits });
    expect(third.removed).toEqual([first.id]);
    expect(runFiles()).toHaveLength(2);
    const huge = await recordRun(sampleReport({ startedAt: at(4) }), dir, { limits: { runs: 100, bytes: 1 } });
    expect(runFiles()).toEqual([`${huge.id}.json`]);
  });

  it('removes temporary files a dead writer left, but not one being written', async () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    await recordRun(sampleReport({ startedAt: at(1) }), dir);
    writeFileSync(join(dir, '.tmp-old'), 'half');
    utimesSync(join(dir, '.tmp-old'), new Date(now - 3600_000), new Date(now - 3600_000));
    writeFileSync(join(dir, '.tmp-fresh'), 'half');
    utimesSync(join(dir, '.tmp-fresh'), new Date(now - 1000), new Date(now - 1000));
    await recordRun(sampleReport({ startedAt: at(2) }), dir, { now: () => now });
    expect(readdirSync(dir).filter((name) => name.startsWith('.tmp-'))).toEqual(['.tmp-fresh']);
  });

  it('leaves files that are not runs alone when trimming', async () => {
    writeFileSync(join(dir, '..', 'x'), '');
    await recordRun(sampleReport({ startedAt: at(1) }), dir);
    writeFileSync(join(dir, 'notes.json'), '{}');
    await recordRun(sampleReport({ startedAt: at(2) }), dir, { limits: { runs: 1, bytes: 1e9 } });
    expect(readdirSync(dir)).toContain('notes.json');
    expect(runFiles().filter((name) => name !== 'notes.json')).toHaveLength(1);
  });
});
