/**
 * The window's side of the API contract, built from the table in shared/api.ts: the preload
 * calls `createApi` with Electron's ipcRenderer and exposes the result. Requests go out as they
 * are (the main process checks them); pushed events are checked here, before the page sees them,
 * so the page only ever receives payloads that match the contract.
 *
 * Why here, in the preload, and not in the renderer: it is the receiving end of the hop, as the
 * main process is for requests; every user of `window.api` is covered, whatever the page imports.
 */
import * as v from 'valibot';
import { eventMethod, EVENTS, REQUESTS, type EventName, type VfcApi } from './api';

/** The transport the API runs over (ipcRenderer in the preload, a fake in tests). */
export interface ApiTransport {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void;
}

/** Builds the frozen API object over `transport`. A pushed payload that fails its schema is dropped and logged. */
export function createApi(transport: ApiTransport): VfcApi {
  const api: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(REQUESTS)) {
    // Only the one argument the contract names goes out: nothing else the page passes.
    api[name] = spec.input
      ? (input: unknown) => transport.invoke(spec.channel, input)
      : () => transport.invoke(spec.channel);
  }
  const dropped = (name: string, issues: readonly v.BaseIssue<unknown>[]): void => {
    const where = issues[0]?.path?.map((p) => String(p.key)).join('.') ?? '';
    const message = `window: dropped a ${name} event that does not match the contract (${where || 'payload'}: ${issues[0]?.message ?? '?'})`;
    transport.invoke(REQUESTS.log.channel, { level: 'error', message: message.slice(0, 4000) }).catch(() => undefined);
  };
  for (const name of Object.keys(EVENTS) as EventName[]) {
    const { channel, payload: schema } = EVENTS[name];
    api[eventMethod(name)] = (listener: (payload: unknown) => void) => {
      const wrapped = (_event: unknown, payload: unknown): void => {
        const checked = v.safeParse(schema, payload);
        if (checked.success) listener(checked.output);
        else dropped(name, checked.issues);
      };
      transport.on(channel, wrapped);
      return () => transport.removeListener(channel, wrapped);
    };
  }
  return Object.freeze(api) as VfcApi;
}
