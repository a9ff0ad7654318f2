/**
 * `serveMain` as main/cli.ts will call it, and the SIP echo over real UDP and TCP sockets: starts
 * on loopback, answers, stops cleanly on SIGTERM and on Ctrl-C (sockets closed, counters flushed),
 * and refuses bad arguments and taken ports with a message.
 */
import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serveMain, type ServeIo } from '../../main/server/cli';
import { bindingRequest, udpClient } from './server-support';

const ARGS = ['--primary', '127.0.0.1', '--alternate', '127.0.0.2', '--port', '22678', '--alt-port', '22679'];
const SIP = 22660;
const OPTIONS = Buffer.from(
  'OPTIONS sip:echo@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK776asdhds;rport\r\n' +
    'Max-Forwards: 70\r\nFrom: <sip:check@10.0.0.5>;tag=1928301774\r\nTo: <sip:echo@127.0.0.1>\r\n' +
    'Call-ID: a84b4c76e66710@10.0.0.5\r\nCSeq: 63104 OPTIONS\r\nContact: <sip:check@10.0.0.5:5060>\r\n' +
    'Accept: application/sdp\r\nContent-Length: 0\r\n\r\n',
);

function fakeIo() {
  let out = '';
  let err = '';
  const signals = new EventEmitter();
  let interrupt: (() => 'wait' | 'exit') | null = null;
  const io: ServeIo = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    signals: signals as unknown as ServeIo['signals'],
    onInterrupt: (handler) => {
      interrupt = handler;
      return () => (interrupt = null);
    },
  };
  const lines = () =>
    out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const started = async () => {
    while (!out.includes('"started"')) await new Promise((r) => setTimeout(r, 5));
  };
  return { io, signals, lines, started, err: () => err, interrupt: () => interrupt?.() };
}

const echoOf = (answer: Buffer) => {
  const body = answer.toString('latin1').split('\r\n\r\n')[1]!;
  const echo = JSON.parse(body) as { request: string; source: string };
  return { request: Buffer.from(echo.request, 'base64'), source: Buffer.from(echo.source, 'base64').toString() };
};

describe('serveMain', () => {
  it('echoes SIP over UDP and TCP, then stops on SIGTERM with the counters flushed', async () => {
    const f = fakeIo();
    const done = serveMain([...ARGS, '--sip-port', String(SIP)], f.io);
    await f.started();
    const client = await udpClient();
    try {
      client.send(OPTIONS, SIP);
      client.send(bindingRequest(), 22678);
      await client.waitFor(2, 2000);
      const sip = client.received.find((r) => r.from.port === SIP)!;
      expect(sip.data.toString('latin1')).toMatch(/^SIP\/2\.0 200 OK\r\n/);
      expect(echoOf(sip.data)).toEqual({ request: OPTIONS, source: `127.0.0.1:${client.socket.address().port}` });

      const tcp = await new Promise<Buffer>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: SIP }, () => socket.write(Buffer.concat([OPTIONS, OPTIONS])));
        let data = Buffer.alloc(0);
        socket.on('data', (chunk: Buffer) => {
          data = Buffer.concat([data, chunk]);
          if (data.toString('latin1').split('SIP/2.0 200 OK').length === 3) {
            socket.destroy();
            resolve(data);
          }
        });
        socket.on('error', reject);
      });
      expect(echoOf(tcp.subarray(0, tcp.indexOf('SIP/2.0 200 OK', 1))).request).toEqual(OPTIONS);
    } finally {
      client.socket.close();
    }
    f.signals.emit('SIGTERM');
    expect(await done).toBe(0);
    const events = f.lines().map((l) => l.event);
    expect(events).toEqual(['started', 'stopping', 'counters', 'stopped']);
    expect(f.lines()[2]).toMatchObject({ 'sip.answers': 3, 'stun.answers': 1 });
    // Every socket is closed: the same ports bind again at once.
    const again = fakeIo();
    const second = serveMain([...ARGS, '--sip-port', String(SIP)], again.io);
    await again.started();
    again.interrupt();
    expect(await second).toBe(0);
  });

  it('refuses bad arguments with exit code 2', async () => {
    const f = fakeIo();
    expect(await serveMain(['--primary', '127.0.0.1', '--alternate', '127.1'], f.io)).toBe(2);
    expect(f.err()).toContain('--alternate needs an IP address');
  });

  it('says which port is taken and exits with 3', async () => {
    const holder = await udpClient();
    try {
      const port = holder.socket.address().port;
      const f = fakeIo();
      expect(
        await serveMain(
          ['--primary', '127.0.0.1', '--alternate', '127.0.0.2', '--port', String(port), '--sip-port', 'none'],
          f.io,
        ),
      ).toBe(3);
      expect(f.err()).toContain(`port ${port} is already in use`);
    } finally {
      holder.socket.close();
    }
  });
});
