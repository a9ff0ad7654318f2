/**
 * `npm run cli` without tsx: the command line (main/cli-entry.ts) bundled by esbuild into one
 * CommonJS file, rebuilt only when a file it is built from has changed. tsx compiles about 140
 * modules on every start (1.2–1.8 s); a bundle starts in about 0.2 s.
 *
 * The bundle is named after a fingerprint of its sources: the path, size and modification time
 * (in nanoseconds) of every file under main/ and shared/ and of the files that shape the build
 * (package.json for the version, both lockfiles for the bundled libraries, the tsconfigs, this
 * script). A bundle of that name exists only if it was built from exactly those files, so any
 * edit, new or deleted file makes the next start rebuild, and the check is one stat per file.
 * The fingerprint is taken before esbuild reads the files: an edit during a build changes it
 * again, so the bundle built from the older state is never reused for the newer one.
 *
 * The bundles live in node_modules/.cache/ (ignored by git, emptied by `npm ci`), not in out/:
 * electron-builder packs out/** into the installers.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Folders whose every file goes into the fingerprint. */
export const SOURCE_FOLDERS = ['main', 'shared'];
/** Single files that shape the bundle; a missing one counts as missing. */
export const BUILD_FILES = [
  'package.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tools/cli-bundle.mjs',
];
/** Where the bundles of a checkout go, relative to its root. */
export const CACHE_FOLDER = 'node_modules/.cache/voip-fwcheck-cli';

function describeFile(root, path) {
  const name = relative(root, path).split(sep).join('/');
  try {
    const info = statSync(path, { bigint: true });
    return `${name}\0${info.size}\0${info.mtimeNs}`;
  } catch {
    return `${name}\0missing`;
  }
}

/** The fingerprint of the sources of the bundle in `root`, as hex. */
export function sourceFingerprint(root) {
  const lines = [];
  for (const folder of SOURCE_FOLDERS) {
    let entries = [];
    try {
      entries = readdirSync(join(root, folder), { recursive: true, withFileTypes: true });
    } catch {
      lines.push(`${folder}/\0missing`);
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) lines.push(describeFile(root, join(entry.parentPath, entry.name)));
    }
  }
  for (const file of BUILD_FILES) lines.push(describeFile(root, join(root, file)));
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex').slice(0, 20);
}

/** The bundle for a fingerprint. */
export function bundlePath(root, fingerprint) {
  return join(root, CACHE_FOLDER, `cli-${fingerprint}.cjs`);
}

/**
 * Bundles main/cli-entry.ts into `outfile` (and its source map) with esbuild, written aside and
 * renamed into place, so that a second `npm run cli` started meanwhile never loads half a file.
 */
export async function buildBundle(root, outfile) {
  const { build } = await import('esbuild');
  const name = outfile.slice(outfile.lastIndexOf(sep) + 1);
  const folder = join(outfile, '..');
  const aside = join(folder, `.build-${process.pid}-${Date.now()}`);
  try {
    await build({
      absWorkingDir: root,
      entryPoints: ['main/cli-entry.ts'],
      outfile: join(aside, name),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20.19',
      sourcemap: true,
      sourcesContent: false,
      logLevel: 'error',
    });
    renameSync(join(aside, `${name}.map`), `${outfile}.map`);
    renameSync(join(aside, name), outfile);
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
}

/**
 * The bundle of the current sources of `root`, built first when there is none; after a build,
 * bundles older than a minute are removed (a younger one may be about to start in another
 * `npm run cli`). `build` is esbuild's by default (tests pass a stand-in).
 */
export async function ensureBundle(root, build = buildBundle) {
  const outfile = bundlePath(root, sourceFingerprint(root));
  if (existsSync(outfile)) return outfile;
  const folder = join(root, CACHE_FOLDER);
  mkdirSync(folder, { recursive: true });
  await build(root, outfile);
  const keep = outfile.slice(outfile.lastIndexOf(sep) + 1);
  for (const old of readdirSync(folder)) {
    if (!old.startsWith('cli-') || old.startsWith(keep)) continue;
    const path = join(folder, old);
    if (statSync(path, { throwIfNoEntry: false })?.mtimeMs < Date.now() - 60_000) rmSync(path, { force: true });
  }
  return outfile;
}
