/**
 * Recording finished runs: each one its own JSON report in the history folder, named after the
 * time it started and a random tag (`20261201T211132123Z-9f3ac2d1.json`), so names sort newest
 * first and two processes recording at the same moment never write the same file. A report is
 * written to a temporary file first and then linked to its name, which fails if the name exists:
 * a run appears whole or not at all, and never replaces another. The folder is then trimmed to
 * the newest HISTORY_LIMITS runs.
 */
import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../../shared/report';

/** At most this many runs, and this many bytes of them, are kept; the oldest go first. */
export const HISTORY_LIMITS = { runs: 100, bytes: 50 * 1024 * 1024 } as const;

/** A history id: the start time (UTC, to the millisecond) and a random tag. */
export const HISTORY_ID = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;

/** Temporary files older than this are left over from a writer that died, and removed. */
const STALE_TMP_MS = 10 * 60 * 1000;

/** Options of recordRun; tests shrink the limits and fix the random tag. */
export interface RecordOptions {
  limits?: { runs: number; bytes: number };
  /** Eight hex digits. */
  tag?: () => string;
  now?: () => number;
}

/** What recordRun did. */
export interface Recorded {
  id: string;
  path: string;
  /** Ids removed to stay within the limits. */
  removed: string[];
}

const stampOf = (startedAt: string, now: number): string => {
  const time = Date.parse(startedAt);
  return new Date(Number.isFinite(time) ? time : now).toISOString().replace(/[-:.]/g, '');
};

const isCode = (error: unknown, ...codes: string[]): boolean =>
  codes.includes((error as NodeJS.ErrnoException | null)?.code ?? '');

/** Writes `text` to `file`, which must not exist, and flushes it to the disk. */
async function writeNew(file: string, text: string): Promise<void> {
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(file).catch(() => undefined); // a disk full halfway leaves nothing behind
    throw error;
  }
  await handle.close();
}

/** Gives `tmp` the name `file` unless `file` exists; false when it does. */
async function claim(tmp: string, file: string): Promise<boolean> {
  try {
    await link(tmp, file);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    // File systems without hard links (FAT, some network shares): the random tag makes a clash
    // all but impossible, and the check just before narrows it further.
    if (!isCode(error, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK')) throw error;
    if (
      await lstat(file).then(
        () => true,
        () => false,
      )
    )
      return false;
    await rename(tmp, file);
    return true;
  }
}

/**
 * Saves `report` in the history folder `dir` (created if needed) and trims the folder to the
 * limits. Never replaces an existing run.
 */
export async function recordRun(report: Report, dir: string, options: RecordOptions = {}): Promise<Recorded> {
  const now = options.now ?? Date.now;
  const tag = options.tag ?? (() => randomBytes(4).toString('hex'));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const text = `${JSON.stringify(report)}\n`;
  const stamp = stampOf(report.startedAt, now());
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = `${stamp}-${tag()}`;
    // The temporary name is its own random draw: writers that picked the same id must not share it.
    const tmp = join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
    const file = join(dir, `${id}.json`);
    await writeNew(tmp, text);
    try {
      if (!(await claim(tmp, file))) continue;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    const removed = await trimHistory(dir, options.limits ?? HISTORY_LIMITS, now(), id);
    return { id, path: file, removed };
  }
  throw new Error(`no free name for a run started at ${report.startedAt} in ${dir}`);
}

/**
 * Removes the oldest runs beyond `limits` (count, then total bytes; the newest run and `keep` are
 * always kept) and temporary files a dead writer left. Another process trimming at the same time
 * is harmless: it can only remove runs that have enough newer ones. Returns the ids removed.
 */
async function trimHistory(
  dir: string,
  limits: { runs: number; bytes: number },
  now: number,
  keep?: string,
): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const runs: { id: string; bytes: number }[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const stat = await lstat(path).catch(() => null);
    if (!stat?.isFile()) continue;
    if (name.startsWith('.tmp-')) {
      if (now - stat.mtimeMs > STALE_TMP_MS) await unlink(path).catch(() => undefined);
      continue;
    }
    const id = name.slice(0, -'.json'.length);
    if (name.endsWith('.json') && HISTORY_ID.test(id)) runs.push({ id, bytes: stat.size });
  }
  runs.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const removed: string[] = [];
  let bytes = 0;
  runs.forEach((run, index) => {
    bytes += run.bytes;
    const within = index < limits.runs && bytes <= limits.bytes;
    if (!within && index > 0 && run.id !== keep) removed.push(run.id);
  });
  for (const id of removed) await unlink(join(dir, `${id}.json`)).catch(() => undefined);
  return removed;
}
