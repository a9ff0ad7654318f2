/**
 * `--bundle PATH` on real odd paths in a temporary folder: the target is decided before the run
 * (resolveBundleTarget) and the writer never writes through a link, a FIFO or a device, never
 * replaces a file without force and never leaves a partial file behind.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBundleTarget, type BundleTarget } from '../../main/bundle/target';
import { BundleError, writeZip } from '../../main/bundle/write-zip';

let dir: string;
const now = new Date(2026, 10, 24, 9, 5);
const NAME = 'voip-fwcheck-pbx01-20261124-0905.zip';
const target = (path: string, force = false, language: 'en' | 'fr' = 'en') =>
  resolveBundleTarget(path, { force, hostName: 'pbx01', now, language });
const refused = (answer: BundleTarget) => (answer.ok ? 'ok' : answer.reason);
const write = (path: string, force = false) =>
  writeZip(path, { 'a.txt': 'bundle' }, { force }).then(
    () => 'written',
    (e: unknown) => (e as BundleError).code,
  );
const fresh = (name: string) => {
  const folder = join(dir, name);
  mkdirSync(folder);
  return folder;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vfc-bundle-path-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveBundleTarget', () => {
  it('puts the default name inside an existing folder, with or without a trailing slash', async () => {
    const folder = fresh('existing');
    expect(await target(folder)).toEqual({ ok: true, path: join(folder, NAME) });
    expect(await target(`${folder}/`)).toEqual({ ok: true, path: join(folder, NAME) });
    expect(readdirSync(folder)).toEqual([]); // the write probe was removed
  });

  it('accepts a new file name in an existing folder, made absolute', async () => {
    const folder = fresh('new-file');
    expect(await target(join(folder, 'b.zip'))).toEqual({ ok: true, path: resolve(folder, 'b.zip') });
  });

  it('refuses newdir/ whose folder is missing, and never creates a file named newdir', async () => {
    const folder = fresh('newdir-parent');
    const answer = await target(join(folder, 'newdir') + '/');
    expect(refused(answer)).toBe('FOLDER_MISSING');
    expect(answer.ok || answer.message).toMatch(/the folder .*newdir does not exist/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a file in a missing folder, in the language asked', async () => {
    const answer = await target(join(dir, 'missing', 'b.zip'), false, 'fr');
    expect(refused(answer)).toBe('FOLDER_MISSING');
    expect(answer.ok || answer.message).toMatch(/le dossier .*missing n’existe pas/);
  });

  it('refuses a path through a file where a folder should be', async () => {
    const file = join(fresh('file-as-folder'), 'plain');
    writeFileSync(file, 'x');
    expect(refused(await target(join(file, 'b.zip')))).toBe('NOT_A_FOLDER');
    expect(refused(await target(`${file}/`))).toBe('NOT_A_FOLDER');
  });

  it('refuses a FIFO and leaves it a FIFO', async () => {
    const fifo = join(fresh('fifo'), 'pipe.zip');
    execFileSync('mkfifo', [fifo]);
    expect(refused(await target(fifo))).toBe('NOT_A_REGULAR_FILE');
    expect(refused(await target(fifo, true))).toBe('NOT_A_REGULAR_FILE');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('refuses /dev/null itself, with or without force, and /dev/null stays a character device', async () => {
    expect(refused(await target('/dev/null'))).toBe('NOT_A_REGULAR_FILE');
    expect(refused(await target('/dev/null', true))).toBe('NOT_A_REGULAR_FILE');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync('/dev').filter((f) => f.startsWith('.voip-fwcheck'))).toEqual([]);
  });

  it('refuses a symbolic link to a file outside, and the file is untouched', async () => {
    const outside = join(fresh('outside'), 'precious.txt');
    writeFileSync(outside, 'precious');
    const link = join(fresh('link-to-file'), 'b.zip');
    symlinkSync(outside, link);
    expect(refused(await target(link))).toBe('SYMLINK');
    expect(refused(await target(link, true))).toBe('SYMLINK');
    expect(readFileSync(outside, 'utf8')).toBe('precious');
  });

  it('refuses a symbolic link to /dev/null and a dangling link', async () => {
    const folder = fresh('link-to-null');
    symlinkSync('/dev/null', join(folder, 'null.zip'));
    symlinkSync(join(folder, 'nowhere'), join(folder, 'dangling.zip'));
    expect(refused(await target(join(folder, 'null.zip'), true))).toBe('SYMLINK');
    expect(refused(await target(join(folder, 'dangling.zip')))).toBe('SYMLINK');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('takes a link to a folder as that folder', async () => {
    const real = fresh('real-folder');
    const link = join(dir, 'folder-link');
    symlinkSync(real, link);
    expect(await target(link)).toEqual({ ok: true, path: join(link, NAME) });
  });

  it('refuses an existing file unless forced', async () => {
    const file = join(fresh('exists'), 'b.zip');
    writeFileSync(file, 'old');
    const answer = await target(file);
    expect(refused(answer)).toBe('EXISTS');
    expect(answer.ok || answer.message).toMatch(/already exists; add --force/);
    expect(await target(file, true)).toEqual({ ok: true, path: file });
  });

  it('refuses a folder where the default-named zip would go', async () => {
    const folder = fresh('occupied');
    mkdirSync(join(folder, NAME));
    expect(refused(await target(folder))).toBe('IS_A_FOLDER');
  });

  it('refuses a folder nothing can be created in although access() says it is writable (root, /proc)', async () => {
    // We run as root, which passes every permission check: /proc and /sys refuse new files anyway.
    expect(refused(await target('/proc/b.zip'))).toBe('NOT_WRITABLE');
    expect(refused(await target('/sys/'))).toBe('NOT_WRITABLE');
  });

  it('refuses a folder the user may not write to, or even look into (as nobody)', () => {
    chmodSync(dir, 0o755);
    const locked = fresh('locked');
    const hidden = fresh('hidden');
    chmodSync(hidden, 0o700);
    const script = `import('${resolve(__dirname, '../../main/bundle/target.ts')}').then(async (m) => {
      const resolveTarget = m.resolveBundleTarget ?? m.default.resolveBundleTarget;
      for (const path of ${JSON.stringify([locked, join(hidden, 'b.zip')])}) {
        const a = await resolveTarget(path, { force: false, hostName: 'h', now: new Date() });
        process.stdout.write((a.ok ? 'ok' : a.reason) + ' ');
      }
    })`;
    const tsx = resolve(__dirname, '../../node_modules/.bin/tsx');
    const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', tsx, '--eval', script], {
      cwd: '/tmp',
      encoding: 'utf8',
    });
    expect(out).toBe('NOT_WRITABLE NOT_WRITABLE ');
    expect(readdirSync(locked)).toEqual([]);
  });
});

describe('the bundle writer on real paths', () => {
  it('writes a complete zip and leaves no temporary file', async () => {
    const folder = fresh('write-ok');
    expect(await write(join(folder, 'b.zip'))).toBe('written');
    expect(readdirSync(folder)).toEqual(['b.zip']);
    expect(strFromU8(unzipSync(readFileSync(join(folder, 'b.zip')))['a.txt']!)).toBe('bundle');
  });

  it('replaces an existing file only with force', async () => {
    const folder = fresh('write-exists');
    const file = join(folder, 'b.zip');
    writeFileSync(file, 'old');
    expect(await write(file)).toBe('BUNDLE_EXISTS');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(await write(file, true)).toBe('written');
    expect(readdirSync(folder)).toEqual(['b.zip']);
    expect(unzipSync(readFileSync(file))['a.txt']).toBeDefined();
  });

  it('refuses a FIFO swapped in after the path was checked, and leaves it and nothing else', async () => {
    const folder = fresh('swap-fifo');
    const path = join(folder, 'b.zip');
    expect(await target(path)).toEqual({ ok: true, path });
    execFileSync('mkfifo', [path]);
    expect(await write(path, true)).toBe('BUNDLE_UNSAFE_TARGET');
    expect(lstatSync(path).isFIFO()).toBe(true);
    expect(readdirSync(folder)).toEqual(['b.zip']);
  });

  it('refuses a link to /dev/null swapped in after the check, with force, and never touches /dev/null', async () => {
    const folder = fresh('swap-link');
    const path = join(folder, 'b.zip');
    expect(await target(path)).toEqual({ ok: true, path });
    symlinkSync('/dev/null', path);
    expect(await write(path, true)).toBe('BUNDLE_UNSAFE_TARGET');
    expect(await write(path)).toBe('BUNDLE_UNSAFE_TARGET');
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync(folder)).toEqual(['b.zip']);
  });

  it('never writes to /dev/null given as the target, even forced', async () => {
    expect(await write('/dev/null', true)).toBe('BUNDLE_UNSAFE_TARGET');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync('/dev').filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('says the folder is missing and creates nothing', async () => {
    expect(await write(join(dir, 'absent', 'b.zip'))).toBe('BUNDLE_NO_FOLDER');
    expect(() => statSync(join(dir, 'absent'))).toThrow();
  });
});
