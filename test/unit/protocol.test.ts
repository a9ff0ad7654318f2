import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP, APP_START_URL, createAppHandler } from '../../main/protocol';

// Windows has no FIFOs in its file system.
const POSIX = process.platform !== 'win32';
let root: string;
let outside: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'vfc-protocol-'));
  root = join(base, 'renderer');
  outside = join(base, 'main');
  mkdirSync(join(root, 'assets'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>ok</title>');
  writeFileSync(join(root, 'assets', 'index-1.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'a b.css'), 'body{}');
  writeFileSync(join(root, 'notes.txt'), 'not a web file');
  writeFileSync(join(outside, 'index.js'), 'secret');
  writeFileSync(join(base, 'secret.html'), 'secret');
  symlinkSync(join(base, 'secret.html'), join(root, 'link.html'));
  if (POSIX) execFileSync('mkfifo', [join(root, 'pipe.js')]);
  handler = createAppHandler(root);
});
afterAll(() => rmSync(resolve(root, '..'), { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('the app:// protocol', () => {
  it('serves the page and its assets with their types, the CSP header and no sniffing', async () => {
    const page = await get(APP_START_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>ok</title>');
    const script = await get('app://bundle/assets/index-1.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect((await get('app://bundle/assets/a%20b.css')).status).toBe(200);
    expect((await get('app://bundle/')).status).toBe(200); // the folder's index
  });

  it.each([
    ['a path out of the folder', 'app://bundle/../main/index.js', [403, 404]],
    ['an encoded path out of the folder', 'app://bundle/%2e%2e/main/index.js', [403, 404]],
    ['a link out of the folder', 'app://bundle/link.html', [403]],
    ['an encoded separator', 'app://bundle/..%2fmain%2findex.js', [403]],
    ['a backslash', 'app://bundle/..%5cmain%5cindex.js', [400]],
    ['a NUL byte', 'app://bundle/index.html%00.js', [400]],
    ['a broken escape', 'app://bundle/%E0%A4%A', [400]],
    ['another host', 'app://elsewhere/index.html', [404]],
    ['a missing file', 'app://bundle/nothing.js', [404]],
    ['a folder', 'app://bundle/assets.js/', [404]],
    ['a file type the page never uses', 'app://bundle/notes.txt', [404]],
  ])('refuses %s', async (_label, url, statuses) => {
    const answer = await get(url);
    expect(statuses).toContain(answer.status);
    expect(await answer.text()).not.toBe('secret');
  });

  it('refuses anything but GET and HEAD, and HEAD has no body', async () => {
    expect((await get(APP_START_URL, 'POST')).status).toBe(405);
    const head = await get(APP_START_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('repeats the page’s own policy (the meta tag of renderer/index.html) as its header', () => {
    const html = readFileSync(resolve(__dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeTruthy();
    expect(APP_CSP).toBe(`${meta}; frame-ancestors 'none'`);
  });

  it('judges the file it opened, not the path: a name outside the folder is refused', async () => {
    const seen: number[] = [];
    const fooled = createAppHandler(root, {
      openedPath: async (fd) => {
        seen.push(fd);
        return resolve(root, '../secret.html');
      },
    });
    const answer = await fooled(new Request(APP_START_URL));
    expect(answer.status).toBe(403);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeGreaterThan(2);
  });

  it('serves and refuses the same where the system cannot name an opened file (macOS, Windows)', async () => {
    const portable = createAppHandler(root, { openedPath: async () => null });
    const page = await portable(new Request(APP_START_URL));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>ok</title>');
    expect((await portable(new Request('app://bundle/assets/a%20b.css'))).status).toBe(200);
    expect((await portable(new Request('app://bundle/link.html'))).status).toBe(403);
  });

  if (POSIX) {
    it('refuses a FIFO without waiting for a writer, in both modes', async () => {
      expect((await get('app://bundle/pipe.js')).status).toBe(404);
      const portable = createAppHandler(root, { openedPath: async () => null });
      expect((await portable(new Request('app://bundle/pipe.js'))).status).toBe(404);
    });
  }
});
