/**
 * `voip-fwcheck compare OLD.json NEW.json [--json] [--lang LANG]`: what got fixed, what broke and
 * what still fails between two reports, as text (English or French) or as the comparison
 * document (`voip-fwcheck/compare@1`). Also the verdict of `check --baseline FILE` (exit 5 on a
 * regression) and the reading of a baseline file before a check starts.
 *
 * Exit codes of `compare`: 0 nothing that passed fails now, 5 a regression, 2 bad usage or a file
 * that is not a report.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Language } from '../../shared/codes';
import { compareReports, type Comparison, type PortChange } from '../../shared/compare';
import { CompareInputError, readComparable } from '../../shared/compare-input';
import { format, messages } from '../../shared/messages';
import type { Report } from '../../shared/report';
import { makeStyle, type Style } from './text-report';

/** Exit code of `check --baseline` and `compare` when something that passed fails now. */
export const EXIT_REGRESSION = 5;

/** Largest report file read (a report of all 65,535 ports is about 12 MB, indented). */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/** Where compareMain writes; the CLI's CliIo fits. */
export interface CompareIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
}

/** A report file that cannot be used; `reason` says why in words (English, for people). */
export class ReportFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'ReportFileError';
  }
}

/**
 * Reads the report file at `path` as a document to compare (any report version): parsed JSON
 * that readComparable accepts. Throws ReportFileError saying why not.
 */
export async function readReportFile(path: string): Promise<unknown> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new ReportFileError(path, error.code === 'ENOENT' ? 'no such file' : error.message);
  });
  if (!info.isFile()) throw new ReportFileError(path, 'not a file');
  if (info.size > MAX_REPORT_BYTES) throw new ReportFileError(path, 'larger than any report');
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ReportFileError(path, `not JSON (${(error as Error).message})`);
  }
  try {
    readComparable(doc);
  } catch (error) {
    if (error instanceof CompareInputError) throw new ReportFileError(path, error.message);
    throw error;
  }
  return doc;
}

/**
 * The exit code of `check --baseline`: 5 when a port that passed in the baseline fails now, or a
 * SIP ALG / several-public-addresses warning appeared; 0 otherwise. (A check that could not run
 * exits 3 before this is asked.)
 */
export function baselineExitCode(baseline: unknown, current: Report): 0 | 5 {
  return compareReports(baseline, current).regression ? EXIT_REGRESSION : 0;
}

const when = (iso: string | null): string => (iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : '?');

function groupLines(
  title: string,
  groups: readonly PortChange[],
  lang: Language,
  style: Style,
  sayWas = true,
): string[] {
  if (groups.length === 0) return [];
  const catalog = messages(lang);
  const lines = ['', style.bold(title)];
  for (const g of groups) {
    const known = Object.hasOwn(catalog.portShort, g.to);
    const short = known ? catalog.portShort[g.to as keyof typeof catalog.portShort] : g.to;
    const sign =
      g.to === 'PASS'
        ? style.ok('✓')
        : known && g.to !== 'NOT_TESTED' && g.to !== 'SCAN_BLOCKED'
          ? style.bad('✗')
          : style.dim('–');
    const was = sayWas && g.from !== g.to ? ` ${style.dim(`(${format(catalog.compare.was, { old: g.from })})`)}` : '';
    lines.push(`  ${sign} ${g.label}: ${short} ${style.dim(`[${g.to}]`)}${was}`);
  }
  return lines;
}

/** The comparison as text in `lang`: the verdict, then broken, fixed, still failing, run facts, what was not compared. */
export function renderComparisonText(c: Comparison, lang: Language, style: Style): string {
  const words = messages(lang).compare;
  const out = [style.bold(format(words.heading, { when: when(c.old.startedAt) }))];
  out.push(`  ${words.old.padEnd(11)}${when(c.old.startedAt)} · ${c.old.count} ports · ${c.old.code}`);
  out.push(`  ${words.new.padEnd(11)}${when(c.new.startedAt)} · ${c.new.count} ports · ${c.new.code}`, '');
  if (c.regressions.ports > 0)
    out.push(style.bad(`✗ ${format(words.regression, { ports: String(c.regressions.ports) })}`));
  if (c.regressions.warnings.length)
    out.push(style.bad(`✗ ${format(words.regressionWarnings, { warnings: c.regressions.warnings.join(', ') })}`));
  if (!c.regression) out.push(style.ok(`✓ ${words.noRegression}`));
  // Broken ports all passed before: saying so on each line adds nothing.
  out.push(...groupLines(words.broken, c.broken, lang, style, false));
  out.push(...groupLines(words.fixed, c.fixed, lang, style));
  out.push(...groupLines(words.stillFailing, c.stillFailing, lang, style));
  out.push(...groupLines(words.notCompared, c.notCompared, lang, style));
  if (!c.broken.length && !c.fixed.length && !c.notCompared.length) out.push('', words.nothingChanged);
  const facts = c.changes.map((change) => {
    const value = (v: string | null) => (v === 'yes' ? words.yes : v === 'no' ? words.no : (v ?? words.none));
    return `  ${words.facts[change.fact]}: ${value(change.old)} → ${value(change.new)}`;
  });
  facts.push(...c.warnings.added.map((code) => `  ${words.warningAdded}: ${code}`));
  facts.push(...c.warnings.removed.map((code) => `  ${words.warningRemoved}: ${code}`));
  if (facts.length) out.push('', style.bold(words.changed), ...facts);
  const { onlyOld, onlyNew, schemas, fields } = c.notShared;
  const notShared: string[] = [];
  if (onlyOld.count) notShared.push(format(words.onlyOld, { ports: onlyOld.label, count: String(onlyOld.count) }));
  if (onlyNew.count) notShared.push(format(words.onlyNew, { ports: onlyNew.label, count: String(onlyNew.count) }));
  if (schemas) notShared.push(format(words.schemas, schemas));
  if (fields.length) notShared.push(format(words.fields, { fields: fields.join(', ') }));
  if (notShared.length) out.push('', style.bold(words.notShared), ...notShared.map((line) => `  ${line}`));
  return `${out.join('\n')}\n`;
}

/**
 * `voip-fwcheck compare OLD.json NEW.json [--json] [--lang LANG] [--no-color]`; `argv` is the
 * whole command line after the program (`compare` first). Resolves with the exit code.
 */
export async function compareMain(argv: readonly string[], io: CompareIo): Promise<number> {
  let values;
  let files: string[];
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: { json: { type: 'boolean' }, lang: { type: 'string' }, 'no-color': { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    values = parsed.values;
    const [command, ...rest] = parsed.positionals;
    if (command !== 'compare' || rest.length !== 2)
      throw new Error('compare takes two report files: OLD.json NEW.json');
    files = rest;
    if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'fr')
      throw new Error('--lang must be one of en, fr');
  } catch (error) {
    io.stderr.write(`voip-fwcheck: ${(error as Error).message}\nRun "voip-fwcheck --help" for the options.\n`);
    return 2;
  }
  const locale = io.env.LC_ALL || io.env.LC_MESSAGES || io.env.LANG || '';
  const lang: Language = (values.lang as Language | undefined) ?? (locale.toLowerCase().startsWith('fr') ? 'fr' : 'en');
  let docs: unknown[];
  try {
    docs = await Promise.all(files.map(readReportFile));
  } catch (error) {
    if (!(error instanceof ReportFileError)) throw error;
    const lead = format(messages(lang).compare.notAReport, { path: error.path });
    io.stderr.write(`voip-fwcheck: ${lead}: ${error.reason}\n`);
    return 2;
  }
  const comparison = compareReports(docs[0], docs[1]);
  if (values.json) io.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
  else
    io.stdout.write(
      renderComparisonText(comparison, lang, makeStyle(!values['no-color'] && !!io.stdout.isTTY && !io.env.NO_COLOR)),
    );
  return comparison.regression ? EXIT_REGRESSION : 0;
}
