/**
 * When `npm run cli` rebuilds its bundle: the fingerprint of a throw-away checkout before and after
 * each kind of change, with a stand-in for esbuild. Modification times are set, never waited for.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_FILES, CACHE_FOLDER, ensureBundle, sourceFingerprint } from '../../../tools/cli-bundle.mjs';

let root = '';
const T0 = new Date('2026-01-01T00:00:00Z');

function put(path: string, text: string, time = T0): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, time, time);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'vfc-cli-bundle-'));
  put('main/cli-entry.ts', 'entry');
  put('main/engine/probe.ts', 'probe');
  put('shared/report.ts', 'report');
  put('package.json', '{"version":"0.1.0"}');
  put('package-lock.json', '{}');
  put('node_modules/.package-lock.json', '{}');
  put('test/unit/x.test.ts', 'test');
  put('README.md', 'readme');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A stand-in for esbuild that counts its builds. */
function standIn(): { build: (root: string, outfile: string) => Promise<void>; builds: string[] } {
  const builds: string[] = [];
  return {
    builds,
    build: async (_root, outfile) => {
      builds.push(outfile);
      writeFileSync(outfile, `bundle ${builds.length}`);
    },
  };
}

describe('the bundle of npm run cli', () => {
  it('is built once, then reused while no source changes', async () => {
    const esbuild = standIn();
    const first = await ensureBundle(root, esbuild.build);
    expect(await ensureBundle(root, esbuild.build)).toBe(first);
    expect(esbuild.builds).toEqual([first]);
    expect(first.startsWith(join(root, CACHE_FOLDER))).toBe(true);
  });

  it.each([
    ['an edited source (same size, newer time)', () => put('main/engine/probe.ts', 'PROBE', new Date('2026-01-02'))],
    ['a source given back an older time', () => put('shared/report.ts', 'report', new Date('2025-06-01'))],
    ['an edit of another length at the same time', () => put('main/cli-entry.ts', 'entry 2')],
    ['a new source in a new folder', () => put('main/engine/stun/new.ts', 'new')],
    ['a deleted source', () => rmSync(join(root, 'main/engine/probe.ts'))],
    ['a new version in package.json', () => put('package.json', '{"version":"0.2.0"}', new Date('2026-01-02'))],
    ['another lockfile', () => put('package-lock.json', '{"a":1}')],
    ['a reinstall (npm rewrites node_modules/.package-lock.json)', () => put('node_modules/.package-lock.json', '{ }')],
    ['a new tsconfig.json', () => put('tsconfig.json', '{}')],
  ])('is rebuilt after %s', async (_label, change) => {
    const esbuild = standIn();
    const before = await ensureBundle(root, esbuild.build);
    change();
    const after = await ensureBundle(root, esbuild.build);
    expect(after).not.toBe(before);
    expect(esbuild.builds).toEqual([before, after]);
  });

  it('removes bundles older than a minute after a build, and keeps a younger one that may be starting', async () => {
    const esbuild = standIn();
    const old = await ensureBundle(root, esbuild.build);
    utimesSync(old, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    put('main/cli-entry.ts', 'entry 2');
    const young = await ensureBundle(root, esbuild.build);
    put('main/cli-entry.ts', 'entry 3');
    const newest = await ensureBundle(root, esbuild.build);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(young)).toBe(true);
    expect(existsSync(newest)).toBe(true);
  });

  it('is not rebuilt for a change outside what it is built from (tests, docs)', async () => {
    const before = sourceFingerprint(root);
    put('test/unit/x.test.ts', 'test 2', new Date('2026-01-03'));
    put('README.md', 'readme 2', new Date('2026-01-03'));
    expect(sourceFingerprint(root)).toBe(before);
  });

  it('watches the files that shape the build, this script included', () => {
    expect(BUILD_FILES).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tools/cli-bundle.mjs']));
  });

  it('keeps no bundle from a failed build, and tries again next time', async () => {
    await expect(
      ensureBundle(root, async () => {
        throw new Error('syntax error');
      }),
    ).rejects.toThrow('syntax error');
    expect(readdirSync(join(root, CACHE_FOLDER))).toEqual([]);
    const esbuild = standIn();
    await ensureBundle(root, esbuild.build);
    expect(esbuild.builds).toHaveLength(1);
  });
});
