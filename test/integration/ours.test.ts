/**
 * Issue 11's checker side against the real `serve` on loopback (127.0.0.1 + 127.0.0.2), through
 * the one run plan: our server is recognised, the SIP ALG test sees the request arrive unchanged
 * over UDP and TCP, and the TCP forward test gives each port's code (the server's connector is
 * the real one, or one that refuses or claims another machine answered). Ports 23xxx are below
 * the Linux ephemeral range and used by no other test.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { executePlan, planRun } from '../../main/engine/plan';
import { createNodeTransport } from '../../main/engine/transport';
import { nodeConnector, type Connector } from '../../main/server/connect-back';
import { DEFAULT_SETTINGS, startServer, type RunningServer } from '../../main/server/server';
import { ConnectStatus } from '../../main/server/vfc-protocol';
import type { RunSettings } from '../../shared/report';

const STUN = 23478;
const ALT = 23479;
const SIP = 23560;
const SIP_FROM = 23600;
const [FORWARDED, REFUSED, ELSEWHERE, HELD] = [23061, 23062, 23063, 23090];

let server: RunningServer | null = null;
let held: Server | null = null;
afterEach(async () => {
  await server?.close();
  held?.close();
  server = null;
  held = null;
});

async function start(connector?: Connector, sipPort: number | null = SIP): Promise<void> {
  const settings = {
    ...DEFAULT_SETTINGS,
    primary: '127.0.0.1',
    alternate: '127.0.0.2',
    port: STUN,
    altPort: ALT,
    sipPort,
    connectBackPorts: [FORWARDED, REFUSED, ELSEWHERE, HELD],
  };
  server = await startServer(settings, { logger: { event: () => undefined }, connector });
}

const settings: RunSettings = {
  stun: [`127.0.0.1:${STUN}`],
  ports: '23100-23119',
  publicIp: null,
  concurrency: 20,
  rate: 2000,
  timeoutMs: 600,
  order: 'sequential',
};

const run = (tcpPorts: number[] | null, sip = true) =>
  executePlan(planRun(settings, null, { stopServices: false, ownPid: process.pid }), {
    transport: createNodeTransport(),
    ours: { sip, tcpPorts, sipLocalPort: SIP_FROM },
  });

describe('the checker against our own server on loopback', () => {
  it('recognises it, sees SIP arrive unchanged over UDP and TCP, and passes a forwarded TCP port', async () => {
    await start();
    const report = await run([FORWARDED]);
    expect(report.code).toBe('ALL_PASSED');
    expect(report.sip).toEqual([
      expect.objectContaining({ transport: 'udp', code: 'SIP_UNCHANGED', changed: [], local: `127.0.0.1:${SIP_FROM}` }),
      expect.objectContaining({
        transport: 'tcp',
        code: 'SIP_UNCHANGED',
        changed: [],
        source: `127.0.0.1:${SIP_FROM}`,
      }),
    ]);
    expect(report.ports.filter((p) => p.protocol === 'tcp')).toEqual([
      { port: FORWARDED, protocol: 'tcp', code: 'PASS', mapped: null, owner: null },
    ]);
    expect(report.summary).toEqual({ total: 21, passed: 21, failed: 0, notTested: 0 });
  });

  it('gives each TCP port its code: refused, another machine, in use, not offered by the server', async () => {
    const real = nodeConnector('127.0.0.1');
    await start(async (target, line) => {
      if (target.port === REFUSED) return ConnectStatus.Refused;
      if (target.port === ELSEWHERE) return ConnectStatus.Connected; // as if another machine took it
      return real(target, line);
    });
    held = createServer();
    await new Promise<void>((resolve) => held!.listen(HELD, resolve));
    const report = await run([FORWARDED, REFUSED, ELSEWHERE, HELD, 23099], false);
    expect(report.sip).toBeUndefined();
    expect(report.ports.filter((p) => p.protocol === 'tcp').map((p) => [p.port, p.code])).toEqual([
      [FORWARDED, 'PASS'],
      [REFUSED, 'INBOUND_NO_RESPONSE'],
      [ELSEWHERE, 'INBOUND_NO_RESPONSE'],
      [HELD, 'PORT_IN_USE'],
      [23099, 'NOT_TESTED'],
    ]);
    expect(report.code).toBe('SOME_FAILED');
  });

  it('runs no TCP test with --tcp-ports none, and no SIP test when the server has no SIP echo', async () => {
    await start(undefined, null);
    const report = await run([]);
    expect(report.sip).toBeUndefined();
    expect(report.ports.every((p) => p.protocol === 'udp')).toBe(true);
    expect(report.code).toBe('ALL_PASSED');
  });
});
