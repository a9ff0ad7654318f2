import { describe, expect, it } from 'vitest';
import { defaultBundleName } from '../../main/bundle/bundle';
import { renderReportHtml } from '../../main/bundle/report-html';
import { BundleError, writeZip, type EntryKind, type ZipFs } from '../../main/bundle/write-zip';
import type { Report } from '../../shared/report';
import { sampleReport } from '../support/report';

describe('bundle writing', () => {
  it('names the bundle after the host and the local time', () => {
    expect(defaultBundleName('PBX-01.corp', new Date(2026, 10, 24, 9, 5))).toBe(
      'voip-fwcheck-PBX-01.corp-20261124-0905.zip',
    );
    expect(defaultBundleName('we ird/name', new Date(2026, 0, 2, 3, 4))).toBe(
      'voip-fwcheck-we_ird_name-20260102-0304.zip',
    );
  });

  /** A file system where every step is recorded and `kinds` says what lstat sees, in turn. */
  function fakeFs(options: { kinds?: EntryKind[]; fail?: Partial<Record<keyof ZipFs, string>> } = {}) {
    const steps: string[] = [];
    const kinds = [...(options.kinds ?? ['missing'])];
    const step = (name: keyof ZipFs, text: string) => {
      steps.push(text);
      const errno = options.fail?.[name];
      if (errno) throw Object.assign(new Error(errno), { code: errno });
    };
    const short = (p: string) => (p.endsWith('.partial') ? 'temp' : p);
    const fs: ZipFs = {
      createExclusive: async (p, data) => step('createExclusive', `create ${short(p)} ${data.length > 20}`),
      entryKind: async (p) => {
        const kind = kinds.length > 1 ? kinds.shift()! : kinds[0]!;
        steps.push(`lstat ${short(p)} ${kind}`);
        return kind;
      },
      link: async (from, to) => step('link', `link ${short(from)} ${to}`),
      rename: async (from, to) => step('rename', `rename ${short(from)} ${to}`),
      unlink: async (p) => step('unlink', `unlink ${short(p)}`),
    };
    return { fs, steps };
  }
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'written',
      (e: unknown) => (e instanceof BundleError ? `${e.code}: ${e.message}` : String(e)),
    );

  it.each([
    ['ENOSPC', 'BUNDLE_DISK_FULL', /disk .* is full/],
    ['EACCES', 'BUNDLE_NO_PERMISSION', /no permission/],
    ['ENOENT', 'BUNDLE_NO_FOLDER', /does not exist/],
    ['EIO', 'BUNDLE_WRITE_FAILED', /EIO/],
  ])('maps %s to %s and removes the partial file', async (errno, code, message) => {
    const { fs, steps } = fakeFs({ fail: { createExclusive: errno } });
    const error = await writeZip('/x/y/b.zip', { 'a.txt': 'a' }, { fs }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).code).toBe(code);
    expect((error as BundleError).message).toMatch(message);
    expect(steps).toEqual(['create temp true', 'unlink temp']);
  });

  it('never removes a temporary name it did not create (EEXIST on the exclusive create)', async () => {
    const { fs, steps } = fakeFs({ fail: { createExclusive: 'EEXIST' } });
    expect(await codeOf(writeZip('/x/b.zip', { 'a.txt': 'a' }, { fs }))).toMatch(/^BUNDLE_EXISTS/);
    expect(steps).toEqual(['create temp true']);
  });

  it('without force, links the complete file into place (fails if the target appeared) and drops the temp name', async () => {
    const { fs, steps } = fakeFs();
    expect(await codeOf(writeZip('/x/b.zip', { 'a.txt': 'hello' }, { fs }))).toBe('written');
    expect(steps).toEqual(['create temp true', 'lstat /x/b.zip missing', 'link temp /x/b.zip', 'unlink temp']);
  });

  it('without force, leaves a file that appeared at the target alone', async () => {
    const { fs, steps } = fakeFs({ fail: { link: 'EEXIST' } });
    expect(await codeOf(writeZip('/x/b.zip', { 'a.txt': 'hello' }, { fs }))).toMatch(/^BUNDLE_EXISTS: .*left alone/);
    expect(steps.at(-1)).toBe('unlink temp');
  });

  it('falls back to a checked rename where the file system has no hard links', async () => {
    const { fs, steps } = fakeFs({ fail: { link: 'EPERM' } });
    expect(await codeOf(writeZip('/x/b.zip', { 'a.txt': 'hello' }, { fs }))).toBe('written');
    expect(steps.slice(2)).toEqual(['link temp /x/b.zip', 'lstat /x/b.zip missing', 'rename temp /x/b.zip']);
  });

  it('with force, renames over a regular file after checking it is still one', async () => {
    const { fs, steps } = fakeFs({ kinds: ['file'] });
    expect(await codeOf(writeZip('/x/b.zip', { 'a.txt': 'hello' }, { fs, force: true }))).toBe('written');
    expect(steps).toEqual(['create temp true', 'lstat /x/b.zip file', 'rename temp /x/b.zip']);
  });

  it.each<EntryKind>(['symlink', 'special', 'folder'])(
    'refuses a %s swapped in at the target just before the rename, with or without force',
    async (kind) => {
      for (const force of [false, true]) {
        const { fs, steps } = fakeFs({ kinds: [kind] });
        expect(await codeOf(writeZip('/x/b.zip', { 'a.txt': 'hello' }, { fs, force }))).toMatch(
          new RegExp(`^BUNDLE_UNSAFE_TARGET: /x/b.zip became a ${kind}`),
        );
        expect(steps).toEqual(['create temp true', `lstat /x/b.zip ${kind}`, 'unlink temp']);
      }
    },
  );

  it('refuses an existing file without force, even when it appeared during the run', async () => {
    const { fs, steps } = fakeFs({ kinds: ['file'] });
    expect(await codeOf(writeZip('/x/b.zip', { 'a.txt': 'hello' }, { fs }))).toMatch(/^BUNDLE_EXISTS/);
    expect(steps).not.toContain('rename temp /x/b.zip');
  });
});

describe('report.html', () => {
  const base = sampleReport();

  it('lists the warnings in the language of the run, escaped, with their codes', () => {
    const report: Report = {
      ...base,
      warnings: [
        { code: 'PORTS_NOT_TESTED', ports: 7, addresses: [], text: 'English' },
        { code: 'SEVERAL_PUBLIC_ADDRESSES', ports: 1, addresses: ['<b>203.0.113.3</b>'], text: 'English' },
      ],
    };
    const fr = renderReportHtml(report, 'fr', null);
    expect(fr).toContain('<h2>Avertissements</h2>');
    expect(fr).toContain('7 port(s) n’ont pas pu être testés');
    expect(fr).toContain('[PORTS_NOT_TESTED]');
    expect(fr).toContain('(&lt;b&gt;203.0.113.3&lt;/b&gt;)');
    expect(fr).not.toContain('<b>203');
    expect(renderReportHtml(base, 'en', null)).not.toContain('Warnings');
  });
});
