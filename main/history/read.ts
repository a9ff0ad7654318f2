/**
 * Reading the run history: the list of earlier runs (when, verdict, counts), newest first, and
 * one run's report. A damaged file (cut short, edited by hand, written by something else) is
 * listed as damaged and never stops the rest; links and special files are never followed.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import type { RunHistoryEntry } from '../../shared/api';
import type { Report } from '../../shared/report';
import { ReportSchema } from '../../shared/report-schema';
import { HISTORY_ID } from './store';

/** Largest history file read: a report of all 65,535 ports is a few megabytes. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** One earlier run, as the history list shows it (the window's IPC contract has the same shape). */
export type HistoryEntry = RunHistoryEntry;

/** Why a run could not be read: NOT_FOUND, DAMAGED (not JSON, or not a report), NOT_A_FILE (a link or special file), TOO_LARGE. */
export type HistoryProblem = 'NOT_FOUND' | 'DAMAGED' | 'NOT_A_FILE' | 'TOO_LARGE';

/** A run that cannot be loaded, with the stable reason. */
export class HistoryError extends Error {
  constructor(
    readonly code: HistoryProblem | 'BAD_ID',
    message: string,
  ) {
    super(message);
    this.name = 'HistoryError';
  }
}

// Parsed files by name, size and time: listing 100 runs reads each file once per change only.
const cache = new Map<string, { size: number; mtimeMs: number; report: Report }>();

async function readReport(dir: string, id: string): Promise<{ report: Report; bytes: number }> {
  const path = join(dir, `${id}.json`);
  const stat = await lstat(path).catch(() => null);
  if (!stat) throw new HistoryError('NOT_FOUND', `no run ${id} in ${dir}`);
  if (!stat.isFile()) throw new HistoryError('NOT_A_FILE', `${path} is not a regular file`);
  if (stat.size > MAX_FILE_BYTES) throw new HistoryError('TOO_LARGE', `${path} is ${stat.size} bytes`);
  const cached = cache.get(path);
  if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs)
    return { report: cached.report, bytes: stat.size };
  // O_NOFOLLOW: a link put in place after the check above is still not followed (0 on Windows).
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(() => null);
  if (!handle) throw new HistoryError('NOT_FOUND', `${path} could not be opened`);
  let text: string;
  try {
    text = await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new HistoryError('DAMAGED', `${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = v.safeParse(ReportSchema, doc);
  if (!parsed.success) {
    const where = parsed.issues[0] ? (v.getDotPath(parsed.issues[0]) ?? '') : '';
    throw new HistoryError('DAMAGED', `${path} is not a report (${where || 'document'}: ${parsed.issues[0]?.message})`);
  }
  cache.set(path, { size: stat.size, mtimeMs: stat.mtimeMs, report: parsed.output });
  return { report: parsed.output, bytes: stat.size };
}

/** Ids of the runs in `dir`, newest first; an absent folder is an empty history. */
async function runIds(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith('.json') && HISTORY_ID.test(name.slice(0, -5)))
    .map((name) => name.slice(0, -5))
    .sort()
    .reverse();
}

/** The runs in the history folder `dir`, newest first; damaged files are listed as such. */
export async function listRuns(dir: string): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  for (const id of await runIds(dir)) {
    try {
      const { report, bytes } = await readReport(dir, id);
      const { startedAt, code, summary, publicAddress } = report;
      entries.push({ ok: true, id, startedAt, code, summary, publicAddress, ports: report.settings.ports, bytes });
    } catch (error) {
      if (!(error instanceof HistoryError)) throw error;
      if (error.code === 'NOT_FOUND') continue; // removed by another process while listing
      const bytes = (await lstat(join(dir, `${id}.json`)).catch(() => null))?.size ?? 0;
      entries.push({ ok: false, id, bytes, problem: error.code as HistoryProblem });
    }
  }
  return entries;
}

/** The report of run `id`; throws HistoryError (BAD_ID for anything that is not a history id). */
export async function loadRun(id: string, dir: string): Promise<Report> {
  if (!HISTORY_ID.test(id)) throw new HistoryError('BAD_ID', `"${id}" is not a history id`);
  return (await readReport(dir, id)).report;
}

/**
 * The newest run that can be read, other than `except` (the run just recorded): what
 * `check --with last` compares with. Null when there is none.
 */
export async function lastRun(dir: string, except?: string): Promise<{ id: string; report: Report } | null> {
  for (const id of await runIds(dir)) {
    if (id === except) continue;
    const loaded = await readReport(dir, id).catch(() => null);
    if (loaded) return { id, report: loaded.report };
  }
  return null;
}
