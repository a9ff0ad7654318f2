/**
 * The real engine, real sockets, real clock, against our two-address responder on 127.0.0.1 and
 * 127.0.0.2. Covers what a simulated network cannot: node:dgram binding, exclusive ports,
 * closing every socket.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../main/engine/run-check';
import { createNodeTransport } from '../../main/engine/transport';
import type { RunSettings } from '../../shared/report';
import { startResponder, type Responder } from './responder';

// Below the Linux ephemeral range (32768–60999), so no other socket of the test run lands on them.
const BASE = 21100;
const settings = (responder: Responder, overrides: Partial<RunSettings> = {}): RunSettings => ({
  stun: [`${responder.primary.address}:${responder.primary.port}`],
  ports: `${BASE}-${BASE + 99}`,
  publicIp: null,
  concurrency: 50,
  rate: 5000,
  timeoutMs: 600,
  order: 'sequential',
  ...overrides,
});

let responder: Responder | null = null;
afterEach(async () => {
  await responder?.close();
  responder = null;
});

describe('a check on loopback', () => {
  it('passes every port when the responder answers Test 2 from its second address', async () => {
    responder = await startResponder();
    const transport = createNodeTransport();
    const report = await runCheck(settings(responder), { transport });
    expect(report.code).toBe('ALL_PASSED');
    expect(report.summary).toEqual({ total: 100, passed: 100, failed: 0, notTested: 0 });
    expect(report.ports[0]).toMatchObject({ port: BASE, code: 'PASS', mapped: `127.0.0.1:${BASE}` });
    expect(report.server?.alternate).toBe(`127.0.0.2:${responder.alternate.port}`);
    expect(report.server?.changeRequestVerified).toBe(true);
    expect(transport.open()).toBe(0);
  });

  it('never sends from a checked port to the second address', async () => {
    responder = await startResponder();
    await runCheck(settings(responder), {});
    const checked = responder.received.filter((r) => r.from.port >= BASE && r.from.port < BASE + 100);
    expect(checked.length).toBeGreaterThanOrEqual(200);
    expect(checked.filter((r) => r.to === 'alternate')).toEqual([]);
    expect(responder.received.filter((r) => r.to === 'alternate').length).toBeGreaterThan(0); // the throwaway port's check
  });

  it('reports the unforwarded, the translated and the outbound-blocked ports separately', async () => {
    responder = await startResponder({
      dropInbound: (port) => port >= BASE + 50 && port < BASE + 60,
      dropOutbound: (port) => port >= BASE + 60 && port < BASE + 65,
      mapPort: (port) => (port === BASE + 70 ? 61000 : port),
    });
    const report = await runCheck(settings(responder), {});
    const codeOf = (port: number) => report.ports.find((p) => p.port === port)?.code;
    expect(report.code).toBe('SOME_FAILED');
    expect(codeOf(BASE + 50)).toBe('INBOUND_NO_RESPONSE');
    expect(codeOf(BASE + 59)).toBe('INBOUND_NO_RESPONSE');
    expect(codeOf(BASE + 60)).toBe('OUTBOUND_NO_RESPONSE');
    expect(codeOf(BASE + 70)).toBe('PORT_TRANSLATED');
    expect(report.ports.find((p) => p.port === BASE + 70)?.mapped).toBe('127.0.0.1:61000');
    expect(report.summary).toEqual({ total: 100, passed: 84, failed: 16, notTested: 0 });
  });

  it('marks a port held by another socket as in use and still tests the others', async () => {
    responder = await startResponder();
    const holder: Socket = createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(BASE + 5, '0.0.0.0', resolve));
    try {
      const report = await runCheck(settings(responder, { ports: `${BASE}-${BASE + 9}` }), {});
      expect(report.ports.find((p) => p.port === BASE + 5)).toMatchObject({
        code: 'PORT_IN_USE',
        detail: 'EADDRINUSE',
      });
      expect(report.summary.passed).toBe(9);
      expect(report.code).toBe('SOME_FAILED');
    } finally {
      holder.close();
    }
  });

  it('cancels mid-run, keeps the results so far and closes every socket', async () => {
    responder = await startResponder({ dropInbound: (port) => port >= BASE && port < BASE + 100 }); // every Test 2 waits for its timeout
    const transport = createNodeTransport();
    const controller = new AbortController();
    let maxOpen = 0;
    const report = await runCheck(settings(responder, { timeoutMs: 2000, concurrency: 20 }), {
      transport,
      signal: controller.signal,
      onProgress: (p) => {
        maxOpen = Math.max(maxOpen, transport.open());
        if (p.phase === 'testing' && p.done === 0) setTimeout(() => controller.abort(), 300);
      },
    });
    expect(report.code).toBe('CANCELLED');
    expect(report.summary.notTested).toBeGreaterThan(0);
    expect(report.summary.total).toBe(100);
    expect(maxOpen).toBeLessThanOrEqual(21);
    expect(transport.open()).toBe(0);
  });

  it.each([
    ['ignores-change', 'CHANGE_REQUEST_IGNORED'],
    ['advertises-unspecified', 'NO_SECOND_ADDRESS'],
    ['advertises-same-ip', 'NO_SECOND_ADDRESS'],
    ['advertises-private', 'NO_SECOND_ADDRESS'],
    ['no-second-address', 'NO_SECOND_ADDRESS'],
    ['error-420', 'NO_SECOND_ADDRESS'],
    ['silent-second-address', 'NO_SECOND_ADDRESS'],
    ['drops-change', 'NO_SECOND_ADDRESS'],
    ['malformed', 'STUN_MALFORMED'],
  ] as const)('stops before the port test when the server is "%s" (%s)', async (behaviour, code) => {
    responder = await startResponder({ behaviour });
    const report = await runCheck(settings(responder), {});
    expect(report.code).toBe(code);
    expect(report.server).toBeNull();
    expect(report.summary.notTested).toBe(100);
    expect(responder.received.filter((r) => r.from.port >= BASE && r.from.port < BASE + 100)).toEqual([]);
  });

  it('falls back to the next server when the first does not answer', async () => {
    responder = await startResponder();
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const report = await runCheck(
        settings(responder, {
          stun: [`127.0.0.1:${silent.address().port}`, `127.0.0.1:${responder.primary.port}`],
          ports: `${BASE}-${BASE + 4}`,
        }),
        {},
      );
      expect(report.code).toBe('ALL_PASSED');
      expect(report.servers.map((s) => s.code)).toEqual(['STUN_UNREACHABLE', null]);
    } finally {
      silent.close();
    }
  });
});
