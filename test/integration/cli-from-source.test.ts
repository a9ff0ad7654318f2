/**
 * `npm run cli` as on a fresh clone: a throw-away copy of the sources with this checkout's
 * libraries linked in and no bundle yet. The first start builds the bundle with the real esbuild,
 * the next ones reuse it, and an edited source is what the next start runs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_FOLDER } from '../../tools/cli-bundle.mjs';

const source = resolve(__dirname, '../..');
let clone = '';

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), 'vfc-clone-'));
  for (const part of ['main', 'shared', 'bin', 'tools'])
    cpSync(join(source, part), join(clone, part), { recursive: true });
  for (const file of [
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.base.json',
    'tsconfig.node.json',
  ]) {
    cpSync(join(source, file), join(clone, file));
  }
  // The libraries linked one by one, so that the bundle cache is the clone's own node_modules/.cache.
  mkdirSync(join(clone, 'node_modules'));
  for (const entry of readdirSync(join(source, 'node_modules'))) {
    if (entry === '.cache') continue;
    if (entry === '.package-lock.json') cpSync(join(source, 'node_modules', entry), join(clone, 'node_modules', entry));
    else symlinkSync(join(source, 'node_modules', entry), join(clone, 'node_modules', entry), 'junction');
  }
});
afterAll(() => rmSync(clone, { recursive: true, force: true }));

function run(command: string, args: string[]): { code: number | null; stdout: string; stderr: string; ms: number } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: clone, encoding: 'utf8', shell: process.platform === 'win32' });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    ms: Math.round(performance.now() - started),
  };
}
const bundles = (): string[] => readdirSync(join(clone, CACHE_FOLDER)).filter((name) => name.endsWith('.cjs'));

describe('npm run cli on a fresh clone', () => {
  it('builds the bundle on the first start, reuses it after, and runs an edited source at once', () => {
    const cold = run('npm', ['run', '--silent', 'cli', '--', 'check', '--ports', 'abc']);
    expect(cold.stderr).toContain('"abc" is not a port');
    expect(cold.code).toBe(2);
    const [built] = bundles();
    expect(built).toBeDefined();

    const warm = run(process.execPath, ['bin/cli-from-source.mjs', 'check', '--ports', 'abc']);
    expect(warm.code).toBe(2);
    expect(bundles()).toEqual([built]);
    console.log(
      `npm run cli -- check --ports abc: first start ${cold.ms} ms (with the build); node bin/cli-from-source.mjs: ${warm.ms} ms`,
    );

    // The version comes from package.json, bundled in: the next start must print the new one.
    const manifest = join(clone, 'package.json');
    const text = readFileSync(manifest, 'utf8').replace(/"version": "[^"]+"/, '"version": "9.8.7-edited"');
    writeFileSync(manifest, text);
    const edited = run(process.execPath, ['bin/cli-from-source.mjs', '--version']);
    expect(edited.stdout.trim()).toBe('9.8.7-edited');
    expect(bundles()).toHaveLength(2); // rebuilt; the first one, younger than a minute, stays
  });
});
