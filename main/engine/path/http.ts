/**
 * The HTTP client for UPnP IGD control, over the global fetch: plain http only, no redirects
 * followed, a time limit per request and a size limit per answer (a router's description and
 * SOAP answers are a few kilobytes).
 */
import type { HttpClient } from './upnp';

/** Time limit of one request. */
export const HTTP_TIMEOUT_MS = 2000;
/** Largest answer read; a longer one counts as a failure. */
export const HTTP_MAX_BYTES = 256 * 1024;

/** Creates the real client. */
export function createHttpClient(options: { timeoutMs?: number; maxBytes?: number } = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? HTTP_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? HTTP_MAX_BYTES;
  return async (request, signal) => {
    if (!request.url.startsWith('http://')) return null;
    const limit = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: signal ? AbortSignal.any([signal, limit]) : limit,
      });
      const reader = response.body?.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        size += chunk.value.length;
        if (size > maxBytes) {
          await reader?.cancel();
          return null;
        }
        chunks.push(chunk.value);
      }
      return { status: response.status, body: Buffer.concat(chunks).toString('utf8') };
    } catch {
      return null;
    }
  };
}
