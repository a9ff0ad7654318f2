/**
 * The window's page is served from `app://bundle/…` instead of `file://` (Electron security
 * checklist, item 18): a `file://` page could read any file the user can if anything ever went
 * wrong; this handler answers only for the files of the built renderer folder, read-only, GET
 * only, with the page's Content-Security-Policy repeated as a header.
 *
 * Plain Node (the WHATWG Request and Response of Node 18+), so it is tested without Electron and
 * serves the e2e test's browser too.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, relative, resolve, sep } from 'node:path';

/** Scheme and host of the bundled page. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
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

/**
 * The handler for `protocol.handle(APP_SCHEME, …)`: maps `app://bundle/<path>` to `<root>/<path>`.
 * Anything else (another host, a path out of the folder, a folder, a missing file, a method other
 * than GET or HEAD, an unknown file type) is refused.
 */
export function createAppHandler(root: string): (request: Request) => Promise<Response> {
  const base = resolve(root);
  const within = (from: string, file: string): boolean => {
    const inside = relative(from, file);
    return inside !== '' && !inside.startsWith('..') && !inside.split(sep).includes('..');
  };
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
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return refuse(404, 'not found');
    // A link inside the folder must not lead out of it. Where realpath cannot answer (a path
    // inside app.asar, if Electron's archive support does not cover it), the path as resolved
    // above stands: the archive holds only out/ (checked by check:release).
    const [realBase, realFile] = await Promise.all([
      realpath(base).catch(() => base),
      realpath(file).catch(() => file),
    ]);
    if (!within(realBase, realFile)) return refuse(403, 'outside');
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, {
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
