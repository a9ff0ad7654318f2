import { describe, expect, it } from 'vitest';
import { allWith, runConnectBack, type Connector } from '../../../main/server/connect-back';
import { Counters, jsonLinesLogger } from '../../../main/server/log';
import {
  ConnectStatus,
  decodeCapabilities,
  decodeConnectBack,
  decodeConnectResult,
  encodeCapabilities,
  encodeConnectBack,
  encodeConnectResult,
} from '../../../main/server/vfc-protocol';

describe('runConnectBack', () => {
  it('connects to the source address only, on allowed ports only, and sends the token back', async () => {
    const calls: { address: string; port: number; line: string }[] = [];
    const connector: Connector = (target, line) => {
      calls.push({ ...target, line });
      return Promise.resolve(target.port === 5060 ? ConnectStatus.Connected : ConnectStatus.Timeout);
    };
    const request = { token: Buffer.from('00112233aabbccdd', 'hex'), ports: [5060, 5090, 22] };
    const results = await runConnectBack('198.51.100.7', request, [5060, 5061, 5090], connector);
    expect(results).toEqual([
      { port: 5060, status: ConnectStatus.Connected },
      { port: 5090, status: ConnectStatus.Timeout },
      { port: 22, status: ConnectStatus.NotAllowed },
    ]);
    expect(calls).toEqual([
      { address: '198.51.100.7', port: 5060, line: 'VFC 00112233aabbccdd\r\n' },
      { address: '198.51.100.7', port: 5090, line: 'VFC 00112233aabbccdd\r\n' },
    ]);
  });

  it('reports a connector that throws as failed', async () => {
    const results = await runConnectBack('198.51.100.7', { token: Buffer.alloc(8), ports: [5060] }, [5060], () =>
      Promise.reject(new Error('boom')),
    );
    expect(results).toEqual([{ port: 5060, status: ConnectStatus.Failed }]);
  });

  it('marks every port when refused as a whole', () => {
    expect(allWith({ token: Buffer.alloc(8), ports: [1, 2] }, ConnectStatus.RateLimited)).toEqual([
      { port: 1, status: 4 },
      { port: 2, status: 4 },
    ]);
  });
});

describe('VFC attributes', () => {
  it('round-trip', () => {
    const caps = {
      version: 1,
      sipUdp: true,
      sipTcp: false,
      connectBack: true,
      sipPort: 5060,
      controlPort: 3478,
      allowedPorts: [5060, 5061],
    };
    expect(decodeCapabilities(encodeCapabilities(caps))).toEqual(caps);
    const request = { token: Buffer.alloc(8, 7), ports: [5060, 5061] };
    expect(decodeConnectBack(encodeConnectBack(request))).toEqual(request);
    expect(decodeConnectResult(encodeConnectResult([{ port: 5060, status: 0 }]))).toEqual([{ port: 5060, status: 0 }]);
  });

  it.each([
    ['no port', Buffer.alloc(8)],
    ['an odd length', Buffer.alloc(11)],
    ['port 0', Buffer.alloc(10)],
    ['a repeated port', Buffer.from('0000000000000000138413c4'.replace('13c4', '1384'), 'hex')],
    [
      'nine ports',
      Buffer.concat([Buffer.alloc(8), Buffer.from(Array.from({ length: 9 }, (_, i) => [0x13, i + 1]).flat())]),
    ],
  ])('refuse a connect-back request with %s', (_, value) => {
    expect(decodeConnectBack(value)).toBeNull();
  });

  it('refuse capabilities of an unknown version', () => {
    expect(decodeCapabilities(Buffer.from([2, 0, 0, 0, 0, 0]))).toBeNull();
  });
});

describe('logs', () => {
  it('writes one JSON object per line and counters reset per interval but keep totals', () => {
    const lines: string[] = [];
    const logger = jsonLinesLogger(
      (l) => lines.push(l),
      () => new Date(0),
    );
    const counters = new Counters();
    counters.inc('stun.requests', 2);
    counters.inc('rate-limited.source');
    logger.event('counters', counters.take());
    expect(lines).toEqual([
      '{"time":"1970-01-01T00:00:00.000Z","event":"counters","rate-limited.source":1,"stun.requests":2}\n',
    ]);
    expect(counters.take()).toEqual({});
    expect(counters.total('stun.requests')).toBe(2);
  });
});
