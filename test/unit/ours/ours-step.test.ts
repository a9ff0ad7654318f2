import { describe, expect, it } from 'vitest';
import { runOursStep, runSipTest, runTcpForward } from '../../../main/engine/ours';
import type { Report } from '../../../shared/report';
import { ManualClock } from '../../fakes/manual-clock';
import { LAYOUT } from '../server/layout';
import { fakeNet, type FakeRouter } from './fake-net';

const ECHO = { address: '192.0.2.1', port: 5060 };
const CONTROL = { control: { address: '192.0.2.1', port: 3478 }, allowed: [5060, 5061, 5090] };

/** nf_nat_sip's rewrite: the private address becomes the public one in headers and SDP. */
const natSipAlg: FakeRouter['sip'] = (data) => {
  const text = data.toString('latin1').replaceAll('10.0.0.2', '203.0.113.2');
  const [head, body = ''] = text.split('\r\n\r\n');
  return Buffer.from(
    `${head!.replace(/Content-Length: \d+/, `Content-Length: ${Buffer.byteLength(body)}`)}\r\n\r\n${body}`,
    'latin1',
  );
};

describe('the SIP ALG test', () => {
  it('says SIP_UNCHANGED when the request arrives as sent, over UDP and TCP, from port 5060', async () => {
    const clock = new ManualClock();
    const { net } = fakeNet();
    for (const transport of ['udp', 'tcp'] as const) {
      const result = await clock.run(runSipTest(transport, ECHO, { net, clock }));
      expect(result).toMatchObject({ transport, code: 'SIP_UNCHANGED', changed: [], local: '10.0.0.2:5060' });
      expect(result.source).toBe('203.0.113.2:5060');
    }
  });

  it('says SIP_ALG_DETECTED with the changed headers and SDP lines behind an ALG', async () => {
    const clock = new ManualClock();
    const { net, sent } = fakeNet({ sip: natSipAlg });
    const udp = await clock.run(runSipTest('udp', ECHO, { net, clock }));
    expect(udp.code).toBe('SIP_ALG_DETECTED');
    expect(udp.changed).toEqual(['Via', 'From', 'Call-ID', 'Contact', 'Content-Length', 'SDP o=', 'SDP c=']);
    // INVITE then its ACK
    expect(sent.map((s) => s.data.toString('latin1').split(' ')[0])).toEqual(['INVITE', 'ACK']);
    const tcp = await clock.run(runSipTest('tcp', ECHO, { net, clock }));
    expect(tcp).toMatchObject({ code: 'SIP_ALG_DETECTED', changed: ['Via', 'From', 'Call-ID', 'Contact'] });
    expect(sent[2]!.data.toString('latin1')).toMatch(/^OPTIONS /);
  });

  it('retransmits over UDP on timer A (0, 0.5, 1.5, 3.5 s) and says SIP_NO_RESPONSE after 4 s', async () => {
    const clock = new ManualClock();
    const { net, sent } = fakeNet({ sip: () => null });
    const times: number[] = [];
    const original = net.udp;
    net.udp = async (port, to) => {
      const channel = await original(port, to);
      return { ...channel, send: (data) => (times.push(clock.now()), channel.send(data)) };
    };
    const result = await clock.run(runSipTest('udp', ECHO, { net, clock }), 10_000, 10);
    expect(result).toMatchObject({ code: 'SIP_NO_RESPONSE', changed: [] });
    expect(times).toEqual([0, 500, 1500, 3500]);
    expect(clock.now()).toBeLessThanOrEqual(4010);
    expect(sent).toHaveLength(4);
  });

  it('sends once over TCP (a reliable transport) and gives up after 4 s', async () => {
    const clock = new ManualClock();
    const { net, sent } = fakeNet({ sip: () => null });
    const result = await clock.run(runSipTest('tcp', ECHO, { net, clock }), 10_000, 10);
    expect(result.code).toBe('SIP_NO_RESPONSE');
    expect(sent).toHaveLength(1);
  });

  it('runs from a port the OS picks when 5060 is taken, and says which', async () => {
    const clock = new ManualClock();
    const { net } = fakeNet({ taken: [5060] });
    const result = await clock.run(runSipTest('udp', ECHO, { net, clock }));
    expect(result).toMatchObject({ code: 'SIP_UNCHANGED', local: '10.0.0.2:40000' });
  });

  it('stops at once when cancelled', async () => {
    const clock = new ManualClock();
    const { net } = fakeNet({ sip: () => null });
    const controller = new AbortController();
    const running = runSipTest('udp', ECHO, { net, clock, signal: controller.signal });
    controller.abort();
    await expect(clock.run(running, 100, 10)).resolves.toMatchObject({ code: 'SIP_NO_RESPONSE' });
  });
});

describe('the TCP forward test', () => {
  it('passes a port only when our own listener got the token, per port', async () => {
    const clock = new ManualClock();
    const fates: Record<number, 'forwarded' | 'elsewhere' | 'refused' | 'timeout'> = {
      5060: 'forwarded',
      5061: 'elsewhere',
      5090: 'refused',
    };
    const { net } = fakeNet({ tcp: (port) => fates[port]! });
    const results = await clock.run(runTcpForward([5060, 5061, 5090], CONTROL, { net, clock }));
    expect(results.map((r) => [r.port, r.protocol, r.code])).toEqual([
      [5060, 'tcp', 'PASS'],
      [5061, 'tcp', 'INBOUND_NO_RESPONSE'],
      [5090, 'tcp', 'INBOUND_NO_RESPONSE'],
    ]);
    expect(results[1]!.detail).toMatch(/another machine/);
  });

  it('says INBOUND_NO_RESPONSE on a connect timeout, PORT_IN_USE when it cannot listen, NOT_TESTED outside the server list', async () => {
    const clock = new ManualClock();
    const { net, listeners } = fakeNet({ tcp: () => 'timeout', taken: [5061] });
    const results = await clock.run(runTcpForward([5060, 5061, 443], CONTROL, { net, clock }));
    expect(results.map((r) => r.code)).toEqual(['INBOUND_NO_RESPONSE', 'PORT_IN_USE', 'NOT_TESTED']);
    expect(results[1]!.detail).toBe('EADDRINUSE');
    expect(listeners.size).toBe(0); // every listener closed
  });

  it('says NOT_TESTED when the server never answers the request', async () => {
    const clock = new ManualClock();
    const { net } = fakeNet();
    const silent = { ...CONTROL, control: { address: '192.0.2.1', port: 9 } };
    const results = await clock.run(runTcpForward([5060], silent, { net, clock }), 20_000);
    expect(results).toEqual([expect.objectContaining({ code: 'NOT_TESTED', protocol: 'tcp' })]);
  });
});

function passedReport(): Report {
  return {
    schema: 'voip-fwcheck/report@1',
    code: 'ALL_PASSED',
    server: {
      name: '192.0.2.1:3478',
      primary: '192.0.2.1:3478',
      alternate: '192.0.2.2:3479',
      alternateSource: 'OTHER-ADDRESS',
      changeRequestVerified: true,
      software: 'voip-fwcheck',
    },
    publicAddress: '203.0.113.2',
    summary: { total: 1, passed: 1, failed: 0, notTested: 0 },
    ports: [{ port: 5060, protocol: 'udp', code: 'PASS', mapped: '203.0.113.2:5060', owner: null }],
    durationMs: 1,
    startedAt: '2026-12-01T00:00:00.000Z',
    settings: {
      stun: ['192.0.2.1'],
      ports: '5060',
      publicIp: null,
      concurrency: 1,
      rate: 1,
      timeoutMs: 1,
      order: 'sequential',
    },
    servers: [],
    stats: { packetsSent: 2, packetsReceived: 2 },
    warnings: [],
  };
}

describe('the step in the run plan', () => {
  const server = { primary: { address: '192.0.2.1', port: 3478 }, capabilities: LAYOUT.capabilities! };

  it('adds sip and the TCP ports, recounts the summary, and a failing TCP forward ends ALL_PASSED', async () => {
    const clock = new ManualClock();
    const { net } = fakeNet({ sip: natSipAlg, tcp: (port) => (port === 5090 ? 'refused' : 'forwarded') });
    const report = passedReport();
    await clock.run(runOursStep(report, server, { sip: true, tcpPorts: null, net }, { clock }));
    expect(report.sip?.map((s) => [s.transport, s.code])).toEqual([
      ['udp', 'SIP_ALG_DETECTED'],
      ['tcp', 'SIP_ALG_DETECTED'],
    ]);
    expect(report.ports.map((p) => `${p.protocol} ${p.port} ${p.code}`)).toEqual([
      'udp 5060 PASS',
      'tcp 5060 PASS',
      'tcp 5061 PASS',
      'tcp 5090 INBOUND_NO_RESPONSE',
    ]);
    expect(report.summary).toEqual({ total: 4, passed: 3, failed: 1, notTested: 0 });
    expect(report.code).toBe('SOME_FAILED');
  });

  it('does nothing for anybody else’s server, with --no-sip and --tcp-ports none', async () => {
    const clock = new ManualClock();
    const { net, sent } = fakeNet();
    const report = passedReport();
    await runOursStep(report, { primary: server.primary }, { sip: true, tcpPorts: null, net }, { clock });
    await runOursStep(report, server, { sip: false, tcpPorts: [], net }, { clock });
    expect(sent).toEqual([]);
    expect(report).toEqual(passedReport());
  });
});
