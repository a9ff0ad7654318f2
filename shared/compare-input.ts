/**
 * Reading a report for comparison. A comparison meets reports written by other versions of the
 * app (an older `voip-fwcheck/report@1` whose warnings were plain sentences, or a later schema
 * version), so it reads only what it compares, checks each of those fields, and says which
 * fields it could not use rather than refusing the whole document.
 */
import * as v from 'valibot';

/** Schema identifiers a comparison accepts: any version of the report document. */
export const REPORT_SCHEMA_PREFIX = 'voip-fwcheck/report@';

/** The part of a report that a comparison reads; a full Report fits it. */
export interface ComparableReport {
  schema: string;
  code: string;
  startedAt: string | null;
  publicAddress: string | null;
  /** The server used, as configured (`name`) and where it answered; null when none was used. */
  server: { name: string; primary: string; alternate: string } | null;
  ports: { port: number; code: string }[];
  /** Warning codes of the run; null when the report's warnings carry no codes (older reports). */
  warnings: { code: string; ports: number }[] | null;
}

/** Why a document cannot be compared, with the field at fault. */
export class CompareInputError extends Error {
  readonly code = 'NOT_A_REPORT';
  constructor(
    message: string,
    /** The path of the field at fault, e.g. `ports[3].port`; empty for the document itself. */
    readonly field: string,
  ) {
    super(message);
    this.name = 'CompareInputError';
  }
}

const port = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535));

const InputSchema = v.object({
  schema: v.pipe(v.string(), v.startsWith(REPORT_SCHEMA_PREFIX)),
  code: v.string(),
  startedAt: v.optional(v.string()),
  publicAddress: v.optional(v.nullable(v.string())),
  server: v.optional(v.nullable(v.object({ name: v.string(), primary: v.string(), alternate: v.string() }))),
  ports: v.array(v.object({ port, code: v.string(), protocol: v.optional(v.string()) })),
  warnings: v.optional(v.unknown()),
});

const WarningsSchema = v.array(v.object({ code: v.string(), ports: v.optional(v.number()) }));

/**
 * Reads `doc` (parsed JSON) as a report to compare. Throws CompareInputError naming the first
 * field that is missing or wrong among those a comparison needs; a port listed twice keeps its
 * first result. Warnings without codes (plain sentences) read as null, not as an error.
 */
export function readComparable(doc: unknown): ComparableReport {
  const parsed = v.safeParse(InputSchema, doc);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const field = issue ? (v.getDotPath(issue) ?? '') : '';
    const what = field === 'schema' ? `not a ${REPORT_SCHEMA_PREFIX}N document` : (issue?.message ?? 'invalid');
    throw new CompareInputError(field ? `${field}: ${what}` : what, field);
  }
  const input = parsed.output;
  const warnings = v.safeParse(WarningsSchema, input.warnings ?? []);
  const seen = new Set<number>();
  // The UDP forwards are compared; TCP entries (issue 11, our own server only) would collide by number.
  const ports = input.ports
    .filter((p) => p.protocol !== 'tcp' && !seen.has(p.port) && seen.add(p.port))
    .map(({ port, code }) => ({ port, code }));
  return {
    schema: input.schema,
    code: input.code,
    startedAt: input.startedAt ?? null,
    publicAddress: input.publicAddress ?? null,
    server: input.server ?? null,
    ports,
    warnings: warnings.success ? warnings.output.map((w) => ({ code: w.code, ports: w.ports ?? 0 })) : null,
  };
}
