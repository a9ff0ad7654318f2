/**
 * The report's JSON Schema, generated from the valibot definition (shared/report-schema.ts). The
 * committed shared/report.schema.json is this function's output (`npm run schema` writes it; a
 * unit test compares them), so the schema is never kept by hand.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import { ReportSchema } from './report-schema';

/** Where the schema says it lives; the document's own `schema` field is `voip-fwcheck/report@1`. */
const REPORT_SCHEMA_ID = 'https://voip-fwcheck.invalid/schemas/report@1.json';

/** The JSON Schema (draft-07) of the report document. */
export function reportJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = toJsonSchema(ReportSchema, {
    target: 'draft-07',
    errorMode: 'throw',
  });
  return { $schema, $id: REPORT_SCHEMA_ID, title, description, ...rest };
}
