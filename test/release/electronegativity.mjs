// Runs @doyensec/electronegativity on the built app (out/) and fails on any HIGH or MEDIUM
// finding: the tool itself always exits 0, so its CSV report is read here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'vfc-eneg-'));
const csv = join(dir, 'report.csv');
try {
  execFileSync(
    resolve(root, 'tools/electronegativity/node_modules/.bin/electronegativity'),
    ['-i', resolve(root, 'out'), '-e', '45.4.1', '-o', csv],
    {
      stdio: ['ignore', 'ignore', 'ignore'],
      timeout: 120_000,
    },
  );
  const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).filter(Boolean);
  const parsed = rows.map((row) => {
    const [issue, severity, confidence, file, location] = row.split(',').map((c) => c.replace(/^"|"$/g, ''));
    return { issue, severity, confidence, file: file?.replace(root, '.'), location };
  });
  for (const f of parsed)
    console.log(`electronegativity: ${f.severity} ${f.issue} (${f.confidence}) ${f.file}:${f.location}`);
  const blocking = parsed.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  console.log(`electronegativity: ${parsed.length} finding(s), ${blocking.length} HIGH or MEDIUM`);
  process.exitCode = blocking.length ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
