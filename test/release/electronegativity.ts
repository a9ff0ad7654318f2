// Runs @doyensec/electronegativity on the built app (out/) and fails on any HIGH or MEDIUM
// finding. The tool always exits 0, and its CSV output is not reliable (it writes the header and
// the rows with two unsynchronised asynchronous writes, so on a busy machine the header can land
// over the first row), so its runner is called directly and its findings read as objects.
//
// Its parser (Babel 7 of 2021) stops at class private fields (`#field`), which the bundles of
// Svelte 5 and of our engine use, and a file it cannot parse is skipped without a word. So it scans
// a copy of out/ lowered to ES2020 by esbuild (same code, private fields turned into WeakMaps), and
// any file it still cannot read fails the check.
import { transformSync } from 'esbuild';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Finding {
  id: string;
  severity: { name: string };
  confidence: { name: string };
  file: string;
  location: { line: number; column: number };
  description: string;
}
type Runner = (
  options: Record<string, unknown>,
  forCli: boolean,
) => Promise<{ issues: Finding[]; errors: unknown[]; globalChecks: number; atomicChecks: number }>;

const root = resolve(__dirname, '../..');
const require_ = createRequire(resolve(root, 'tools/electronegativity/package.json'));
const run = require_('@doyensec/electronegativity/dist/runner.js') as Runner;

/** Copies out/ to a temporary folder with every script lowered to ES2020; returns the folder. */
function lowered(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vfc-eneg-'));
  cpSync(resolve(root, 'out'), dir, { recursive: true });
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(c|m)?js$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const { code } = transformSync(readFileSync(file, 'utf8'), { target: 'es2020', loader: 'js', sourcefile: file });
    writeFileSync(file, code);
  }
  return dir;
}

async function main(): Promise<void> {
  // The scanner's checks look for `new BrowserWindow(…)` by name; a bundle says
  // `new electron.BrowserWindow(…)`, which they skip. So the TypeScript sources of the main
  // process are scanned as well, and a canary window with every protection off must be caught.
  await canary();
  const dir = lowered();
  try {
    await scan(dir, 'out');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The sources: the main process with the page it loads (its CSP is in renderer/index.html).
  const sources = mkdtempSync(join(tmpdir(), 'vfc-eneg-src-'));
  try {
    cpSync(resolve(root, 'main'), join(sources, 'main'), { recursive: true });
    cpSync(resolve(root, 'renderer/index.html'), join(sources, 'renderer/index.html'));
    await scan(sources, '.');
  } finally {
    rmSync(sources, { recursive: true, force: true });
  }
}

/**
 * Findings reviewed by hand and accepted, each with its reason (SECURITY.md repeats them). Anything
 * else HIGH or MEDIUM fails the check.
 */
const ACCEPTED: { id: string; file: string; reason: string }[] = [
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'main/window.ts',
    reason:
      'a preload is how a sandboxed page talks to main; ours (main/preload.ts) exposes one frozen typed object through contextBridge, never ipcRenderer',
  },
];

/** A window with sandbox and isolation off must give HIGH or MEDIUM findings, or the scan is blind. */
async function canary(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vfc-eneg-canary-'));
  try {
    writeFileSync(
      join(dir, 'window.ts'),
      "import { BrowserWindow } from 'electron';\n" +
        'export const w = new BrowserWindow({ webPreferences: { sandbox: false, contextIsolation: false, nodeIntegration: true } });\n',
    );
    const { issues } = await run(options(dir), false);
    const caught = issues.filter((f) => f.severity.name === 'HIGH' || f.severity.name === 'MEDIUM').map((f) => f.id);
    if (!caught.includes('SANDBOX_JS_CHECK') || !caught.includes('CONTEXT_ISOLATION_JS_CHECK')) {
      console.error(`electronegativity: the canary window was not caught (found: ${caught.join(', ') || 'nothing'})`);
      process.exitCode = 1;
    } else console.log(`electronegativity: canary window caught (${caught.join(', ')})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function options(input: string): Record<string, unknown> {
  return {
    input,
    output: undefined,
    isSarif: false,
    customScan: [],
    excludeFromScan: [],
    severitySet: undefined,
    confidenceSet: undefined,
    isRelative: true,
    isVerbose: false,
    electronUpgrade: undefined,
    electronVersionOverride: '45.4.1',
    parserPlugins: [],
  };
}

async function scan(dir: string, label: string): Promise<void> {
  const result = await run(options(dir), false);
  const known = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];
  if (result.atomicChecks + result.globalChecks === 0) {
    console.error('electronegativity: no checks were enabled');
    process.exitCode = 1;
  }
  if (result.errors.length) {
    const errors = JSON.stringify(result.errors).replaceAll(dir, label);
    console.error(`electronegativity: ${result.errors.length} file(s) could not be parsed: ${errors}`);
    process.exitCode = 1;
  }
  for (const f of result.issues) {
    if (!known.includes(f.severity?.name)) {
      console.error(`electronegativity: finding with an unknown severity: ${JSON.stringify(f)}`);
      process.exitCode = 1;
    }
    console.log(
      `electronegativity: ${f.severity.name} ${f.id} (${f.confidence.name}) ${label}/${f.file}:${f.location.line}:${f.location.column}`,
    );
  }
  const accepted = (f: Finding): boolean => ACCEPTED.some((a) => a.id === f.id && a.file === f.file);
  for (const f of result.issues.filter(accepted))
    console.log(`electronegativity: accepted ${f.id} in ${f.file}: ${ACCEPTED.find((a) => a.id === f.id)?.reason}`);
  const blocking = result.issues.filter(
    (f) => (f.severity.name === 'HIGH' || f.severity.name === 'MEDIUM') && !accepted(f),
  );
  console.log(
    `electronegativity: ${result.atomicChecks} atomic and ${result.globalChecks} global checks, ${result.issues.length} finding(s), ${blocking.length} HIGH or MEDIUM not accepted`,
  );
  if (blocking.length) process.exitCode = 1;
}

// The tool looks up translations and Electron releases online; where the network swallows
// packets instead of refusing them, nothing else would stop it.
setTimeout(() => {
  console.error('electronegativity: no result after 5 minutes');
  process.exit(1);
}, 300_000).unref();

main().catch((error: unknown) => {
  console.error('electronegativity: the scan failed:', error);
  process.exitCode = 1;
});
