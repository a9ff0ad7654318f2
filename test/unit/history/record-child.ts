/**
 * A second process for the concurrent-writers test: records `count` runs into `dir`, all started
 * at the same millisecond, and prints their ids as JSON. Run with `node --import tsx`.
 */
import { recordRun } from '../../../main/history/store';
import { sampleReport } from '../../support/report';

async function main(): Promise<void> {
  const [dir = '', count = '0', startedAt = '2026-12-01T21:00:00.000Z'] = process.argv.slice(2);
  // 64 tags only, so the two processes keep choosing names the other one already took.
  const tag = () =>
    `000000${Math.floor(Math.random() * 64)
      .toString(16)
      .padStart(2, '0')}`;
  const ids: string[] = [];
  for (let i = 0; i < Number(count); i++) {
    ids.push((await recordRun(sampleReport({ startedAt, durationMs: i }), dir, { tag })).id);
  }
  process.stdout.write(JSON.stringify(ids));
}

void main();
