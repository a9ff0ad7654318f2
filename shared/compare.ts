/**
 * Before and after: two reports compared port by port. What the old run failed and the new one
 * passes is fixed, what passed and fails now is broken (a regression), what fails in both is still
 * failing; each is folded into ranges with its codes. Run facts that changed (verdict, public
 * address, STUN server, SIP ALG, warnings) are listed, and so is what the two reports do not
 * share (ports checked in one run only, different schema versions, fields one of them lacks).
 * Pure: the document (`voip-fwcheck/compare@1`) is the same for the same two reports.
 */
import { isUntested, PORT_CODES, type PortCode } from './codes';
import { readComparable, type ComparableReport } from './compare-input';
import { DISPLAY_ORDER } from './fold';
import { foldRanges, formatPortSpec, formatRanges, type PortRange } from './ports';

/** The schema identifier carried by every comparison. */
export const COMPARE_SCHEMA = 'voip-fwcheck/compare@1';

/**
 * Warnings that, appearing in the new run, are regressions of the router: SIP ALG rewriting
 * addresses (MAPPED_ADDRESS_REWRITTEN) and traffic leaving through several lines.
 */
const REGRESSION_WARNINGS: readonly string[] = ['MAPPED_ADDRESS_REWRITTEN', 'SEVERAL_PUBLIC_ADDRESSES'];

/** The warning that says a SIP ALG rewrites addresses on the path. */
const SIP_ALG_WARNING = 'MAPPED_ADDRESS_REWRITTEN';

/** One side of the comparison, as the report says it. */
export interface ComparedRun {
  schema: string;
  startedAt: string | null;
  code: string;
  publicAddress: string | null;
  server: string | null;
  /** The ports of the report in the canonical notation (`5060,9000-10999`). */
  ports: string;
  count: number;
}

/** Ports that went from one code to another (or kept it), folded. */
export interface PortChange {
  from: string;
  to: string;
  ranges: PortRange[];
  /** `9000–9049, 9060` */
  label: string;
  count: number;
}

/** Run facts a comparison follows. */
export type Fact = 'code' | 'publicAddress' | 'server' | 'sipAlg';

/** A run fact that differs; `sipAlg` reads `yes`/`no`, null where a report does not say. */
export interface FactChange {
  fact: Fact;
  old: string | null;
  new: string | null;
}

/** Ports checked in only one of the two runs. */
export interface PortsOnly {
  ranges: PortRange[];
  label: string;
  count: number;
}

/** The comparison document. */
export interface Comparison {
  schema: typeof COMPARE_SCHEMA;
  old: ComparedRun;
  new: ComparedRun;
  /** True when a port that passed fails now, or a regression warning appeared. */
  regression: boolean;
  regressions: { ports: number; warnings: string[] };
  counts: {
    shared: number;
    stillPassing: number;
    fixed: number;
    broken: number;
    stillFailing: number;
    notCompared: number;
  };
  /** Failing before, passing now. */
  fixed: PortChange[];
  /** Passing before, failing now. */
  broken: PortChange[];
  /** Failing in both runs (the code may have changed). */
  stillFailing: PortChange[];
  /** Shared ports not tested in one of the runs, or with a code this version does not know. */
  notCompared: PortChange[];
  changes: FactChange[];
  /** Warning codes new in this run, and gone since the old one; empty when a report's warnings have no codes. */
  warnings: { added: string[]; removed: string[] };
  notShared: {
    onlyOld: PortsOnly;
    onlyNew: PortsOnly;
    /** Both schema identifiers when they differ. */
    schemas: { old: string; new: string } | null;
    /** Fields one of the reports lacks, so they were not compared (`warnings`). */
    fields: string[];
  };
}

type Tone = 'pass' | 'fail' | 'skip' | 'unknown';

function toneOf(code: string): Tone {
  if (!(PORT_CODES as readonly string[]).includes(code)) return 'unknown';
  if (code === 'PASS') return 'pass';
  return isUntested(code as PortCode) ? 'skip' : 'fail';
}

const rank = (code: string): number => {
  const index = DISPLAY_ORDER.indexOf(code as PortCode);
  return index < 0 ? DISPLAY_ORDER.length : index;
};

function fold(pairs: Map<string, number[]>): PortChange[] {
  return [...pairs.entries()]
    .map(([key, ports]) => {
      const [from = '', to = ''] = key.split('>');
      const ranges = foldRanges(ports);
      return { from, to, ranges, label: formatRanges(ranges), count: ports.length };
    })
    .sort((a, b) => rank(a.to) - rank(b.to) || rank(a.from) - rank(b.from) || a.ranges[0]!.from - b.ranges[0]!.from);
}

function only(ports: number[]): PortsOnly {
  const ranges = foldRanges(ports);
  return { ranges, label: formatRanges(ranges), count: ports.length };
}

function run(report: ComparableReport): ComparedRun {
  const ranges = foldRanges(report.ports.map((p) => p.port));
  return {
    schema: report.schema,
    startedAt: report.startedAt,
    code: report.code,
    publicAddress: report.publicAddress,
    server: report.server?.name ?? null,
    ports: formatPortSpec(ranges),
    count: report.ports.length,
  };
}

const sipAlg = (report: ComparableReport): string | null =>
  report.warnings === null ? null : report.warnings.some((w) => w.code === SIP_ALG_WARNING) ? 'yes' : 'no';

function factChanges(a: ComparableReport, b: ComparableReport): FactChange[] {
  const facts: [Fact, string | null, string | null][] = [
    ['code', a.code, b.code],
    ['publicAddress', a.publicAddress, b.publicAddress],
    ['server', a.server?.name ?? null, b.server?.name ?? null],
    ['sipAlg', sipAlg(a), sipAlg(b)],
  ];
  // A fact one report does not state (null) is unknown, not changed, except the server: a run
  // that could not use one is a change worth saying.
  return facts
    .filter(([fact, x, y]) => x !== y && (fact === 'server' || fact === 'code' || (x !== null && y !== null)))
    .map(([fact, x, y]) => ({ fact, old: x, new: y }));
}

/**
 * Compares two reports (anything readComparable accepts: full reports, older or later versions).
 * Throws CompareInputError when either is not a report.
 */
export function compareReports(oldDoc: unknown, newDoc: unknown): Comparison {
  const a = readComparable(oldDoc);
  const b = readComparable(newDoc);
  const newCodes = new Map(b.ports.map((p) => [p.port, p.code]));
  const groups = { fixed: new Map(), broken: new Map(), stillFailing: new Map(), notCompared: new Map() } as Record<
    'fixed' | 'broken' | 'stillFailing' | 'notCompared',
    Map<string, number[]>
  >;
  let stillPassing = 0;
  const onlyOld: number[] = [];
  for (const { port, code: from } of a.ports) {
    const to = newCodes.get(port);
    if (to === undefined) {
      onlyOld.push(port);
      continue;
    }
    newCodes.delete(port);
    const [x, y] = [toneOf(from), toneOf(to)];
    const kind =
      x === 'pass' && y === 'pass'
        ? null
        : x === 'fail' && y === 'pass'
          ? 'fixed'
          : x === 'pass' && y === 'fail'
            ? 'broken'
            : x === 'fail' && y === 'fail'
              ? 'stillFailing'
              : 'notCompared';
    if (kind === null) {
      stillPassing++;
      continue;
    }
    const key = `${from}>${to}`;
    const list = groups[kind].get(key) ?? [];
    list.push(port);
    groups[kind].set(key, list);
  }
  const fixed = fold(groups.fixed);
  const broken = fold(groups.broken);
  const stillFailing = fold(groups.stillFailing);
  const notCompared = fold(groups.notCompared);
  const sum = (list: PortChange[]) => list.reduce((n, g) => n + g.count, 0);
  const oldWarnings = new Set(a.warnings?.map((w) => w.code));
  const newWarnings = new Set(b.warnings?.map((w) => w.code));
  const bothHaveWarnings = a.warnings !== null && b.warnings !== null;
  const added = bothHaveWarnings ? [...newWarnings].filter((c) => !oldWarnings.has(c)) : [];
  const removed = bothHaveWarnings ? [...oldWarnings].filter((c) => !newWarnings.has(c)) : [];
  const regressionWarnings = added.filter((c) => REGRESSION_WARNINGS.includes(c));
  const brokenCount = sum(broken);
  return {
    schema: COMPARE_SCHEMA,
    old: run(a),
    new: run(b),
    regression: brokenCount > 0 || regressionWarnings.length > 0,
    regressions: { ports: brokenCount, warnings: regressionWarnings },
    counts: {
      shared: a.ports.length - onlyOld.length,
      stillPassing,
      fixed: sum(fixed),
      broken: brokenCount,
      stillFailing: sum(stillFailing),
      notCompared: sum(notCompared),
    },
    fixed,
    broken,
    stillFailing,
    notCompared,
    changes: factChanges(a, b),
    warnings: { added, removed },
    notShared: {
      onlyOld: only(onlyOld),
      onlyNew: only([...newCodes.keys()]),
      schemas: a.schema === b.schema ? null : { old: a.schema, new: b.schema },
      fields: bothHaveWarnings ? [] : ['warnings'],
    },
  };
}
