/**
 * Writes shared/report.schema.json from the valibot definition: `npm run schema`. Run it after
 * changing shared/report-schema.ts; test/unit/shared/report-schema.test.ts fails until you do.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { reportJsonSchema } from '../shared/report-json-schema';

const path = resolve(import.meta.dirname, '../shared/report.schema.json');
const options = await resolveConfig(path);
writeFileSync(path, await format(JSON.stringify(reportJsonSchema(), null, 2), { ...options, filepath: path }));
console.log(`wrote ${path}`);
