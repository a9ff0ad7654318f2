/**
 * Helpers for the test server's integration tests: start `serve` in this process on loopback
 * (127.0.0.1 and 127.0.0.2 are both local on Linux), a UDP client, a STUN-over-TCP client.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { connect } from 'node:net';
import { encodeMessage, type OutAttribute } from '../../main/engine/stun/encode-response';
import { DEFAULT_SETTINGS, startServer, type RunningServer, type ServeSettings } from '../../main/server/server';

/** A server on loopback and the JSON lines it logged. */
export interface TestServer {
  server: RunningServer;
  settings: ServeSettings;
  lines: Record<string, unknown>[];
}

/** Starts the server on 127.0.0.1/127.0.0.2 with `overrides`. */
export async function startTestServer(overrides: Partial<ServeSettings> = {}): Promise<TestServer> {
  const settings: ServeSettings = { ...DEFAULT_SETTINGS, primary: '127.0.0.1', alternate: '127.0.0.2', ...overrides };
  const lines: Record<string, unknown>[] = [];
  const logger = { event: (event: string, fields = {}) => void lines.push({ event, ...fields }) };
  return { server: await startServer(settings, { logger }), settings, lines };
}

/** A Binding request with the magic cookie (RFC 5389 §6). */
export function bindingRequest(attributes: OutAttribute[] = [], cookie = true): Buffer {
  const head = cookie ? Buffer.concat([Buffer.from([0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]) : randomBytes(16);
  return encodeMessage({ type: 0x0001, head, attributes });
}

/** A UDP client on `host` that records every datagram it receives. */
export async function udpClient(host = '127.0.0.1'): Promise<{
  socket: Socket;
  received: { data: Buffer; from: RemoteInfo }[];
  send(data: Buffer, port: number, address?: string): void;
  waitFor(n: number, ms: number): Promise<void>;
}> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  const received: { data: Buffer; from: RemoteInfo }[] = [];
  socket.on('message', (data, from) => received.push({ data, from }));
  return {
    socket,
    received,
    send: (data, port, address = '127.0.0.1') => socket.send(data, port, address),
    waitFor: async (n, ms) => {
      const end = Date.now() + ms;
      while (received.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    },
  };
}

/** Sends one STUN message over TCP and resolves with the answer (or null when the server closes). */
export function stunOverTcp(port: number, message: Buffer, host = '127.0.0.1'): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => socket.write(message));
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length >= 20 && buffer.length >= 20 + buffer.readUInt16BE(2)) {
        socket.destroy();
        resolve(buffer.subarray(0, 20 + buffer.readUInt16BE(2)));
      }
    });
    socket.on('close', () => resolve(null));
    socket.on('error', reject);
  });
}
