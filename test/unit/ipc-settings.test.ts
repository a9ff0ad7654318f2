import { describe, expect, it } from 'vitest';
import { CHANNELS, type Preferences } from '../../shared/api';
import { MAX_PORT_ITEMS, MAX_PORT_SPEC_LENGTH } from '../../shared/ports';
import { defaultSettings } from '../../shared/settings';
import { emptyPreflight, runRequest, setupIpc } from '../fakes/ipc-harness';

const preferences = (settings: Record<string, unknown> = {}): Preferences => ({
  settings: { ...defaultSettings(), ...settings } as Preferences['settings'],
  pace: 'normal',
  language: 'system',
  theme: 'system',
});

describe('preferences over IPC', () => {
  it.each([
    [
      'a port list a run would refuse',
      { ports: 'abc' },
      'settings.ports: "abc" is not a port or a range like 9000-10999',
    ],
    ['a reversed range', { ports: '10999-9000' }, 'settings.ports: the range "10999-9000" runs backwards'],
    ['a STUN server that is no host name', { stun: ['$(id)'] }, /^settings\.stun: /],
    ['a STUN server given as a bare number', { stun: ['2130706433'] }, /^settings\.stun: /],
    ['a public address with leading zeros', { publicIp: '127.000.0.1' }, /^settings\.publicIp: /],
  ])('refuses to store %s, naming the field', async (_label, settings, message) => {
    const stored: Preferences[] = [];
    const { call } = setupIpc({ savePreferences: async (p) => void stored.push(p) });
    const answer = await call(CHANNELS.savePreferences, preferences(settings));
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    if (!answer.ok) expect(answer.error.message).toMatch(message);
    expect(stored).toEqual([]);
  });

  it('stores preferences a run would accept, as typed', async () => {
    const stored: Preferences[] = [];
    const { call } = setupIpc({ savePreferences: async (p) => void stored.push(p) });
    const typed = preferences({
      ports: ' 5060, 9000 – 9010 ',
      stun: ['stun.example.net:3478'],
      publicIp: '203.0.113.5',
    });
    expect(await call(CHANNELS.savePreferences, typed)).toEqual({ ok: true, value: null });
    expect(stored).toEqual([typed]);
  });

  it.each([
    ['a port list a run would refuse', { ports: 'abc' }],
    ['a STUN server that is no host name', { stun: ['$(id)'] }],
    ['a public address a run would refuse', { publicIp: '127.1.1.010' }],
  ])('ignores a stored file with %s instead of trusting it, and logs why', async (_label, settings) => {
    const lines: string[] = [];
    const logger = { info: () => undefined, warn: (m: string) => void lines.push(m), error: () => undefined };
    const { call } = setupIpc({ logger, loadPreferences: async () => preferences(settings) });
    expect(await call(CHANNELS.loadPreferences)).toEqual({ ok: true, value: null });
    expect(lines).toEqual([expect.stringMatching(/^stored preferences ignored: settings\.(ports|stun|publicIp): /)]);
  });

  it('hands back a stored file that passes', async () => {
    const { call } = setupIpc({ loadPreferences: async () => preferences({ ports: '5060' }) });
    expect(await call(CHANNELS.loadPreferences)).toEqual({ ok: true, value: preferences({ ports: '5060' }) });
  });
});

describe('long port lists over IPC', () => {
  it(`refuses more than ${MAX_PORT_SPEC_LENGTH} characters in the schema, before any parsing`, async () => {
    const { call } = setupIpc();
    const answer = await call(CHANNELS.preflight, { ports: '5060,'.repeat(401) });
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    if (!answer.ok) expect(answer.error.message).toMatch(/^ports: Invalid length: Expected <=2000/);
  });

  it(`refuses more than ${MAX_PORT_ITEMS} ports or ranges, saying so`, async () => {
    const { call } = setupIpc();
    const ports = Array.from({ length: MAX_PORT_ITEMS + 1 }, (_, i) => `${i + 1}-60000`).join(',');
    expect(ports.length).toBeLessThanOrEqual(MAX_PORT_SPEC_LENGTH);
    expect(await call(CHANNELS.startRun, runRequest({ ports }))).toEqual({
      ok: false,
      error: {
        code: 'BAD_ARGUMENT',
        message: `settings.ports: the port list has more than ${MAX_PORT_ITEMS} ports or ranges; write neighbouring ports as one range like 9000-10999`,
      },
    });
    expect(await call(CHANNELS.preflight, { ports })).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGUMENT', message: expect.stringMatching(/^ports: the port list has more than/) },
    });
  });

  it('starts the widest list it accepts at once, with one pre-flight of its 65,535 distinct ports', async () => {
    const asked: { count: number; first: number | undefined; last: number | undefined }[] = [];
    const { call, manager } = setupIpc({
      preflight: async (ports) => {
        asked.push({ count: ports.length, first: ports[0], last: ports.at(-1) });
        return emptyPreflight;
      },
    });
    const ports = Array.from({ length: MAX_PORT_ITEMS }, () => '1-65535').join(',');
    const answer = await call<{ runId: string }>(CHANNELS.startRun, runRequest({ ports }));
    // Expanded once, de-duplicated (it took 1.2–1.4 s when every range was expanded several times;
    // the figure is the bench's to print, not this test's to time).
    expect(answer.ok).toBe(true);
    expect(asked).toEqual([{ count: 65535, first: 1, last: 65535 }]);
    if (answer.ok) await manager.cancel(answer.value.runId);
  });

  it('plans the run from the window’s last pre-flight when it covered the same ports, however written', async () => {
    const asked: string[] = [];
    const { call, manager } = setupIpc({
      preflight: async (ports) => {
        asked.push(`${ports[0]}-${ports.at(-1)} (${ports.length})`);
        return emptyPreflight;
      },
    });
    expect(await call(CHANNELS.preflight, { ports: '9000 – 9049' })).toMatchObject({ ok: true });
    const first = await call<{ runId: string }>(CHANNELS.startRun, runRequest({ ports: '9025-9049,9000-9024' }));
    expect(asked).toEqual(['9000-9049 (50)']);
    if (first.ok) await manager.cancel(first.value.runId);
    const second = await call<{ runId: string }>(CHANNELS.startRun, runRequest({ ports: '9000-9050' }));
    expect(asked).toEqual(['9000-9049 (50)', '9000-9050 (51)']);
    if (second.ok) await manager.cancel(second.value.runId);
  });
});
