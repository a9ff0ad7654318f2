#!/usr/bin/env node
/**
 * A tiny STUN client, independent of the engine, for the NAT lab: sends Binding Requests to one
 * server (optionally with CHANGE-REQUEST) and prints every answer as one JSON line: the address it
 * came from, the message type and each attribute (type, name, decoded address or text).
 *
 *   node stun-probe.mjs HOST:PORT [--change none|ip|port|both] [--local-port N] [--wait MS]
 *                       [--expect-from IP[:PORT]] [--classic] [--unknown-attribute]
 *
 * --classic sends an RFC 3489 request (no magic cookie); --unknown-attribute adds a
 * comprehension-required attribute the server cannot know (0x7F01), to see its 420 answer.
 * Retransmits every 250 ms until the first answer (with --expect-from: the first answer from that
 * address) or until --wait (default 2000 ms) is over; exit code 0 when that answer came, else 1.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    change: { type: 'string', default: 'none' },
    'local-port': { type: 'string', default: '0' },
    wait: { type: 'string', default: '2000' },
    'expect-from': { type: 'string' },
    classic: { type: 'boolean', default: false },
    'unknown-attribute': { type: 'boolean', default: false },
  },
});
const target = positionals[0];
if (!target || !/^[\d.]+:\d+$/.test(target)) {
  process.stderr.write('usage: stun-probe.mjs IP:PORT [options]\n');
  process.exit(2);
}
const [host, portText] = target.split(':');
const COOKIE = 0x2112a442;
const FLAGS = { none: 0, port: 2, ip: 4, both: 6 };
const flags = FLAGS[values.change];
if (flags === undefined) throw new Error(`--change: ${values.change}`);

const NAMES = {
  0x0001: 'MAPPED-ADDRESS',
  0x0002: 'RESPONSE-ADDRESS',
  0x0003: 'CHANGE-REQUEST',
  0x0004: 'SOURCE-ADDRESS',
  0x0005: 'CHANGED-ADDRESS',
  0x0009: 'ERROR-CODE',
  0x000a: 'UNKNOWN-ATTRIBUTES',
  0x0020: 'XOR-MAPPED-ADDRESS',
  0x8020: 'XOR-MAPPED-ADDRESS(0x8020)',
  0x8022: 'SOFTWARE',
  0x8028: 'FINGERPRINT',
  0x802b: 'RESPONSE-ORIGIN',
  0x802c: 'OTHER-ADDRESS',
};
const TYPES = { 0x0101: 'BindingSuccess', 0x0111: 'BindingError' };

function request() {
  const attributes = [];
  if (flags !== 0) {
    const a = Buffer.alloc(8);
    a.writeUInt16BE(0x0003, 0);
    a.writeUInt16BE(4, 2);
    a.writeUInt32BE(flags, 4);
    attributes.push(a);
  }
  if (values['unknown-attribute']) {
    const a = Buffer.alloc(8);
    a.writeUInt16BE(0x7f01, 0);
    a.writeUInt16BE(4, 2);
    attributes.push(a);
  }
  const body = Buffer.concat(attributes);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(0x0001, 0);
  header.writeUInt16BE(body.length, 2);
  if (values.classic) randomBytes(16).copy(header, 4);
  else {
    header.writeUInt32BE(COOKIE, 4);
    randomBytes(12).copy(header, 8);
  }
  return Buffer.concat([header, body]);
}

function address(value, xor) {
  const family = value[1];
  let port = value.readUInt16BE(2);
  const ip = Buffer.from(value.subarray(4, 8));
  if (xor) {
    port ^= COOKIE >>> 16;
    const mask = Buffer.alloc(4);
    mask.writeUInt32BE(COOKIE, 0);
    for (let i = 0; i < 4; i++) ip[i] ^= mask[i];
  }
  return family === 1 ? `${[...ip].join('.')}:${port}` : `family ${family}`;
}

function decode(msg) {
  const type = msg.readUInt16BE(0);
  const length = msg.readUInt16BE(2);
  const cookie = msg.readUInt32BE(4) === COOKIE;
  const attributes = [];
  for (let at = 20; at + 4 <= 20 + length && at + 4 <= msg.length;) {
    const t = msg.readUInt16BE(at);
    const l = msg.readUInt16BE(at + 2);
    const v = msg.subarray(at + 4, at + 4 + l);
    const entry = { type: `0x${t.toString(16).padStart(4, '0')}`, name: NAMES[t] ?? 'unknown', length: l };
    if ([0x0001, 0x0002, 0x0004, 0x0005, 0x802b, 0x802c].includes(t)) entry.value = address(v, false);
    else if (t === 0x0020 || t === 0x8020) entry.value = address(v, true);
    else if (t === 0x8022) entry.value = v.toString('utf8').replace(/\0+$/, '');
    else if (t === 0x0009) entry.value = `${v[2] * 100 + v[3]} ${v.subarray(4).toString('utf8')}`;
    else if (t === 0x000a) entry.value = [...Array(l / 2).keys()].map((i) => `0x${v.readUInt16BE(i * 2).toString(16)}`);
    else if (t === 0x0003) entry.value = v.readUInt32BE(0);
    attributes.push(entry);
    at += 4 + l + ((4 - (l % 4)) % 4);
  }
  return { type: TYPES[type] ?? `0x${type.toString(16)}`, magicCookie: cookie, attributes };
}

const socket = createSocket('udp4');
const message = request();
const tid = message.subarray(4, 20);
let answered = false;
socket.on('message', (msg, rinfo) => {
  if (msg.length < 20 || !msg.subarray(4, 20).equals(tid)) return;
  const from = `${rinfo.address}:${rinfo.port}`;
  process.stdout.write(`${JSON.stringify({ from, ...decode(msg) })}\n`);
  const expected = values['expect-from'];
  if (!expected || expected === from || from.startsWith(`${expected}:`)) {
    answered = true;
    finish();
  }
});
socket.on('error', (error) => {
  process.stdout.write(`${JSON.stringify({ error: error.message })}\n`);
});
let timer;
let finished = false;
function finish() {
  if (finished) return;
  finished = true;
  clearInterval(timer);
  socket.close();
  process.exitCode = answered ? 0 : 1;
}
socket.bind(Number(values['local-port']), () => {
  const send = () => socket.send(message, Number(portText), host);
  send();
  timer = setInterval(send, 250);
  setTimeout(finish, Number(values.wait)).unref();
});
