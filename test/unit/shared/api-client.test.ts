import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CHANNELS, EVENTS, REQUESTS, eventMethod, type EventName, type VfcApi } from '../../../shared/api';
import { createApi, type ApiTransport } from '../../../shared/api-client';
import { runRequest, setupIpc } from '../../fakes/ipc-harness';

/** An ipcRenderer stand-in: records invocations; `push` delivers an event as main would. */
function fakeTransport() {
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const transport: ApiTransport = {
    invoke: async (...args) => {
      invoked.push(args);
      return { ok: true, value: null };
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const push = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l({}, payload));
  return { transport, invoked, push, listeners };
}

const progress = {
  runId: 'r1',
  phase: 'testing',
  done: 3,
  total: 10,
  passed: 2,
  failed: 1,
  etaMs: null,
  elapsedMs: 40,
};

describe('the API built from the contract’s table', () => {
  it('has one method per request and one subscriber per event, and nothing else', () => {
    const api = createApi(fakeTransport().transport);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(
      [
        'appInfo',
        'loadPreferences',
        'savePreferences',
        'preflight',
        'startRun',
        'cancelRun',
        'saveBundle',
        'openLogFolder',
        'openBundleFolder',
        'log',
        'pbxPending',
        'pbxRestore',
        'relaunchElevated',
        'historyList',
        'historyLoad',
        'historyOpen',
        'onProgress',
        'onResults',
        'onRunFinished',
        'onPbxState',
      ].sort(),
    );
    expectTypeOf<keyof VfcApi>().toEqualTypeOf<
      keyof typeof REQUESTS | 'onProgress' | 'onResults' | 'onRunFinished' | 'onPbxState'
    >();
    expectTypeOf<Parameters<VfcApi['cancelRun']>>().toEqualTypeOf<[input: { runId: string }]>();
    expectTypeOf<Parameters<VfcApi['appInfo']>>().toEqualTypeOf<[]>();
  });

  it('sends each request’s one argument to its channel, and nothing more', async () => {
    const { transport, invoked } = fakeTransport();
    const api = createApi(transport) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await api.startRun!({ any: 'thing' }, 'extra');
    await api.openLogFolder!('extra');
    expect(invoked).toEqual([[CHANNELS.startRun, { any: 'thing' }], [CHANNELS.openLogFolder]]);
  });

  it('hands the page a pushed event that matches its schema, until unsubscribed', () => {
    const { transport, push } = fakeTransport();
    const api = createApi(transport);
    const seen: unknown[] = [];
    const off = api.onProgress((p) => seen.push(p));
    push(CHANNELS.progress, progress);
    off();
    push(CHANNELS.progress, progress);
    expect(seen).toEqual([progress]);
  });

  it.each<[string, EventName, unknown]>([
    ['a negative count', 'progress', { ...progress, done: -1 }],
    ['an extra field', 'progress', { ...progress, html: '<img src=x>' }],
    [
      'a result with a port code the contract does not know',
      'results',
      { runId: 'r1', results: [{ port: 5060, protocol: 'udp', code: 'OWNED', mapped: null, owner: null }] },
    ],
    ['an end with neither report nor error', 'runFinished', { runId: 'r1' }],
    ['an error code outside the list', 'runFinished', { runId: 'r1', error: { code: 'EVIL', message: 'x' } }],
    ['an unknown PBX state', 'pbxState', { state: 'stopped' }],
    ['no payload at all', 'pbxState', undefined],
  ])('drops a pushed event with %s, and says so in the log', (_label, name, payload) => {
    const { transport, push, invoked } = fakeTransport();
    const api = createApi(transport) as unknown as Record<string, (l: (p: unknown) => void) => () => void>;
    const seen: unknown[] = [];
    api[eventMethod(name)]!((p) => seen.push(p));
    push(EVENTS[name].channel, payload);
    expect(seen).toEqual([]);
    expect(invoked).toEqual([
      [
        CHANNELS.log,
        {
          level: 'error',
          message: expect.stringMatching(
            new RegExp(`^window: dropped a ${name} event that does not match the contract \\(`),
          ),
        },
      ],
    ]);
  });

  it('passes every event the main process pushes during a real run', async () => {
    const { call, clock, manager, sent } = setupIpc();
    const started = await call<{ runId: string }>(CHANNELS.startRun, runRequest({ ports: '9000-9009' }));
    expect(started.ok).toBe(true);
    while (manager.running) await clock.advance(100);
    const byChannel = new Map(Object.values(EVENTS).map((e) => [e.channel as string, e.payload]));
    expect(new Set(sent.map((s) => s.channel))).toEqual(
      new Set([CHANNELS.progress, CHANNELS.results, CHANNELS.runFinished]),
    );
    for (const { channel, payload } of sent) {
      const checked = v.safeParse(byChannel.get(channel)!, payload);
      expect(checked.issues ?? [], channel).toEqual([]);
    }
  });
});
