/**
 * The one module that touches the bridge the preload exposes.
 */
import type { Envelope, VfcApi } from '../../../shared/api';

declare global {
  interface Window {
    api: VfcApi;
  }
}

/** The app's API (window.api from the preload, or a test bridge). */
export const api: VfcApi = window.api;

/** Unwraps an envelope: the value, or an Error carrying the stable code. */
export async function unwrap<T>(call: Promise<Envelope<T>>): Promise<T> {
  const answer = await call;
  if (answer.ok) return answer.value;
  throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
}

/**
 * Writes a line to the app's log through the main process. Never throws: a log line that cannot
 * be written must not break what the user is doing.
 */
export function log(level: 'info' | 'warn' | 'error', message: string): void {
  try {
    void api.log({ level, message }).catch(() => undefined);
  } catch {
    // the bridge itself is gone (window closing): nothing to do
  }
}

/** `CODE message` of an error from unwrap (INTERNAL when it carries no code), for the log. */
export function describeError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return `${e.code ?? 'INTERNAL'} ${e.message ?? String(error)}`;
}
