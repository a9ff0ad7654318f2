/**
 * A one-line progress bar on a terminal's stderr. Nothing is drawn when stderr is not a TTY, so
 * logs and pipes stay clean.
 */
import type { Progress } from '../../shared/report';

/** Formats one frame: `[#####.....] 1240/2002  ✓ 1238  ✗ 2  ~8 s left`. */
export function renderBar(progress: Progress, width = 30, left = 'left'): string {
  const ratio = progress.total === 0 ? 0 : progress.done / progress.total;
  const filled = Math.round(ratio * width);
  const eta = progress.etaMs === null ? '' : `  ~${Math.ceil(progress.etaMs / 1000)} s ${left}`;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.done}/${progress.total}  ✓ ${progress.passed}  ✗ ${progress.failed}${eta}`;
}

/** Draws frames on `stream` when it is a TTY; `clear()` erases the line before the report. */
export function createProgressBar(stream: { isTTY?: boolean; write(s: string): unknown }, left = 'left') {
  const active = !!stream.isTTY;
  return {
    update(progress: Progress): void {
      if (active && progress.phase === 'testing') stream.write(`\r\x1b[2K${renderBar(progress, 30, left)}`);
    },
    clear(): void {
      if (active) stream.write('\r\x1b[2K');
    },
  };
}
