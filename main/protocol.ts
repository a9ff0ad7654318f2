/**
 * The window's page is served from `app://bundle/…` instead of `file://` (Electron security
 * checklist, item 18): a `file://` page could read any file the user can if anything ever went
 * wrong; this handler answers only for the files of the built renderer folder, read-only, GET
 * only, with the page's Content-Security-Policy repeated as a header.
 *
 * Plain Node (the WHATWG Request and Response of Node 18+), so it is tested without Electron and
 * serves the e2e test's browser too.
 */
import { constants, type BigIntStats } from 'node:fs';
import { lstat, open, readFile, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import { extname, relative, resolve, sep } from 'node:path';

/** Scheme and host of the bundled page. */
export const APP_SCHEME = 'app';
const APP_HOST = 'bundle';
/** Where the window starts. */
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The privileges the scheme needs, for `protocol.registerSchemesAsPrivileged` (before ready). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  // standard: relative URLs and an origin of its own; secure: treated like https (no mixed content)
  privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false },
};

/** The same policy as the meta tag in renderer/index.html. */
export const APP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

function refuse(status: 400 | 403 | 404 | 405, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Options of `createAppHandler`; tests pass them to run the code of another platform. */
export interface AppHandlerOptions {
  /**
   * The system's own name for the file behind an open descriptor, or null where it has none. The
   * default reads Linux's `/proc/self/fd/N`; elsewhere (macOS, Windows) there is no such name and
   * the handler compares device and inode of what it opened with the checked path instead.
   */
  openedPath?: (fd: number) => Promise<string | null>;
}

/** Linux: the kernel's path of an open file, the path it has now, never through a link. */
async function procSelfFdPath(fd: number): Promise<string | null> {
  return readlink(`/proc/self/fd/${fd}`).catch(() => null);
}

// Read-only; O_NOFOLLOW: a link swapped in as the last component after realpath looked fails
// (ELOOP) instead of being followed; O_NONBLOCK: a FIFO put in the folder cannot hang the open.
// Windows has none of these flags (0): there the device and inode comparison decides.
const OPEN_FLAGS =
  constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

type Read = { ok: true; body: Uint8Array<ArrayBuffer> | null } | { ok: false; status: 403 | 404; text: string };
const OUTSIDE: Read = { ok: false, status: 403, text: 'outside' };
const MISSING: Read = { ok: false, status: 404, text: 'not found' };

function within(from: string, file: string): boolean {
  const inside = relative(from, file);
  return inside !== '' && !inside.startsWith('..') && !inside.split(sep).includes('..');
}

/**
 * A folder on disk: open the checked real path, then prove that what was opened is inside the
 * folder and read from that same handle, so nothing swapped in between check and read is served.
 */
async function readThroughHandle(
  realBase: string,
  file: string,
  head: boolean,
  openedPath: (fd: number) => Promise<string | null>,
): Promise<Read> {
  const realFile = await realpath(file).catch(() => null);
  if (realFile === null) return MISSING;
  if (!within(realBase, realFile)) return OUTSIDE;
  let handle: FileHandle;
  try {
    handle = await open(realFile, OPEN_FLAGS);
  } catch (error) {
    // ELOOP (EMLINK on the BSDs): the last component became a link after realpath looked.
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ELOOP' || code === 'EMLINK' ? OUTSIDE : MISSING;
  }
  try {
    const info = await handle.stat({ bigint: true });
    if (!info.isFile()) return MISSING;
    if (!(await openedInside(handle.fd, info, realBase, realFile, openedPath))) return OUTSIDE;
    return { ok: true, body: head ? null : await handle.readFile() };
  } finally {
    await handle.close();
  }
}

async function openedInside(
  fd: number,
  info: BigIntStats,
  realBase: string,
  realFile: string,
  openedPath: (fd: number) => Promise<string | null>,
): Promise<boolean> {
  const name = await openedPath(fd);
  if (name !== null) return within(realBase, name);
  // No name from the system (macOS, Windows): the checked path must, after the open, be the very
  // file opened (device and inode), reached with no link as its last part, and be its own real path
  // (no link in a folder part) just before and just after. Exact for a swapped file (a link there
  // fails O_NOFOLLOW, or lstat sees the link, not the file); a folder flipped back and forth between
  // these calls can still slip through (4 in 10,000 under a tight swap loop). Only a development
  // run serves a real folder there: the installed app serves app.asar.
  const unchanged = async (): Promise<boolean> => (await realpath(realFile).catch(() => null)) === realFile;
  if (!(await unchanged())) return false;
  const now = await lstat(realFile, { bigint: true }).catch(() => null);
  if (!now?.isFile() || now.dev !== info.dev || now.ino !== info.ino) return false;
  return unchanged();
}

/**
 * Inside Electron's app.asar: one read-only, integrity-checked archive file where nothing can be
 * swapped, and where `open` would copy the file out to a temporary one. Electron's `realpath`
 * and `readFile` read the archive; a path `realpath` cannot answer stands as resolved.
 */
async function readFromArchive(base: string, file: string, head: boolean): Promise<Read> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return MISSING;
  const [realBase, realFile] = await Promise.all([realpath(base).catch(() => base), realpath(file).catch(() => file)]);
  if (!within(realBase, realFile)) return OUTSIDE;
  return { ok: true, body: head ? null : await readFile(file) };
}

/**
 * The handler for `protocol.handle(APP_SCHEME, …)`: maps `app://bundle/<path>` to `<root>/<path>`.
 * Anything else (another host, a path out of the folder, a folder, a missing file, a method other
 * than GET or HEAD, an unknown file type) is refused. Options: see `AppHandlerOptions`.
 */
export function createAppHandler(
  root: string,
  { openedPath = process.platform === 'linux' ? procSelfFdPath : async () => null }: AppHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const base = resolve(root);
  const archive = /\.asar(?:[\\/]|$)/i.test(base);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'read-only');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400, 'bad URL');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404, 'unknown host');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return refuse(400, 'bad path');
    }
    if (path.includes('\0') || path.includes('\\')) return refuse(400, 'bad path');
    const file = resolve(base, `.${path === '/' ? '/index.html' : path}`);
    if (!within(base, file)) return refuse(403, 'outside');
    const type = TYPES[extname(file).toLowerCase()];
    if (!type) return refuse(404, 'not served');
    const head = request.method === 'HEAD';
    const read = archive
      ? await readFromArchive(base, file, head)
      : await readThroughHandle(await realpath(base).catch(() => base), file, head, openedPath);
    if (!read.ok) return refuse(read.status, read.text);
    return new Response(read.body, {
      status: 200,
      headers: {
        'Content-Type': type,
        'Content-Security-Policy': APP_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  };
}
