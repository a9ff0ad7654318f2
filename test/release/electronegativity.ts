// Runs @doyensec/electronegativity on the built app (out/) and fails on any HIGH or MEDIUM
// finding: the tool itself always exits 0, so its CSV report is read here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCsv } from '../../main/engine/host/windows-parse';

const root = resolve(__dirname, '../..');
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
  // Records, not lines: the sample column can hold the page's multi-line CSP.
  const parsed = parseCsv(readFileSync(csv, 'utf8'))
    .slice(1)
    .filter((record) => record.some((field) => field.trim() !== ''))
    .map((record) => {
      const [issue = '', severity = '', confidence = '', file = '', location = ''] = record.map((c) => c.trim());
      return { issue, severity, confidence, file: file.replace(root, '.'), location };
    });
  const unknown = parsed.filter((f) => !['LOW', 'MEDIUM', 'HIGH', 'INFORMATIONAL'].includes(f.severity));
  if (unknown.length) {
    console.error(`electronegativity: unreadable report rows: ${JSON.stringify(unknown)}`);
    process.exitCode = 1;
  }
  for (const f of parsed)
    console.log(`electronegativity: ${f.severity} ${f.issue} (${f.confidence}) ${f.file}:${f.location}`);
  const blocking = parsed.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  console.log(`electronegativity: ${parsed.length} finding(s), ${blocking.length} HIGH or MEDIUM`);
  if (blocking.length) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
