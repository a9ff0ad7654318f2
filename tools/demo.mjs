#!/usr/bin/env node
/**
 * `npm run demo`: a complete check with no internet. Starts our own test server (`voip-fwcheck
 * serve`) on two loopback addresses (127.0.0.1 and 127.0.0.2) with unprivileged ports the OS
 * picks, then runs the real CLI against it (`check --stun 127.0.0.1:<port>`), so a newcomer sees
 * every part of a result: the UDP port tests, the SIP ALG test over UDP and TCP, the TCP forward
 * test, one UDP and one TCP port this demo holds itself (PORT_IN_USE), and the pre-flight.
 * Extra arguments go to `check` (`npm run demo -- --lang fr`, `-- --json`, `-- --ports 5060`).
 * Works as a normal user: every port is above 1023 (the check's own SIP test runs from 5060 and
 * falls back to a port the OS picks when 5060 is taken). Nothing leaves 127.0.0.0/8.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'cli-from-source.mjs');
const PRIMARY = '127.0.0.1';
const ALTERNATE = '127.0.0.2';
/** UDP port the demo holds so the report shows a port in use (inside the 3CX media range). */
const HELD_UDP = 9005;

/** A TCP port free on every address, from the OS. */
function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether UDP `port` can be bound on `address`. */
function udpFree(address, port) {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, address, () => socket.close(() => resolve(true)));
  });
}

/** Seven ports: STUN, alternate STUN, SIP echo, three connect-back ports, one TCP port to hold. */
async function pickPorts() {
  for (let attempt = 0; attempt < 20; attempt++) {
    const ports = [];
    while (ports.length < 7) {
      const port = await freeTcpPort();
      if (!ports.includes(port) && port !== 5060) ports.push(port);
    }
    const [stun, alt, sip] = ports;
    const udp = await Promise.all(
      [stun, alt].flatMap((p) => [udpFree(PRIMARY, p), udpFree(ALTERNATE, p)]).concat(udpFree(PRIMARY, sip)),
    );
    if (udp.every(Boolean)) return ports;
  }
  throw new Error('no free ports found on loopback');
}

/** Binds a UDP and a TCP port on every address and keeps them, to show PORT_IN_USE. */
async function holdPorts(tcpPort) {
  const udp = createSocket('udp4');
  const heldUdp = await new Promise((resolve) => {
    udp.once('error', () => resolve(null));
    udp.bind(HELD_UDP, () => resolve(udp));
  });
  const tcp = createServer();
  const heldTcp = await new Promise((resolve) => {
    tcp.once('error', () => resolve(null));
    tcp.listen(tcpPort, () => resolve(tcp));
  });
  return { udp: heldUdp, tcp: heldTcp, close: () => (heldUdp?.close(), heldTcp?.close()) };
}

/** Starts the server; resolves once it logged `started`. */
function startServer(stun, alt, sip, connectBack) {
  const args = [cli, 'serve', '--primary', PRIMARY, '--alternate', ALTERNATE, '--port', String(stun)];
  args.push('--alt-port', String(alt), '--sip-port', String(sip), '--tcp-ports', connectBack.join(','));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.includes('"event":"started"')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the test server stopped (exit ${code}) before it started`)));
  });
}

/** Whether this machine answers on 127.0.0.2 (Linux and Windows do; macOS needs an alias). */
async function secondLoopback() {
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    socket.once('error', () => resolve(false));
    socket.bind(0, ALTERNATE, () => socket.close(() => resolve(true)));
  });
}

async function main() {
  const say = (s) => process.stderr.write(`${s}\n`);
  if (!(await secondLoopback())) {
    say(`demo: ${ALTERNATE} is not an address of this machine; the test server needs two addresses.`);
    say(`      On macOS, add it once: sudo ifconfig lo0 alias ${ALTERNATE} up`);
    process.exitCode = 1;
    return;
  }
  const [stun, alt, sip, c1, c2, c3, heldTcp] = await pickPorts();
  const connectBack = [c1, c2, c3];
  say(`demo: starting the test server on ${PRIMARY} and ${ALTERNATE} (STUN ${stun}/${alt}, SIP echo ${sip},`);
  say(`      connect-back to TCP ${connectBack.join(', ')}, ${heldTcp})`);
  const server = await startServer(stun, alt, sip, [...connectBack, heldTcp]);
  const held = await holdPorts(heldTcp);
  if (held.udp || held.tcp)
    say(
      `demo: holding ${[held.udp && `UDP ${HELD_UDP}`, held.tcp && `TCP ${heldTcp}`].filter(Boolean).join(' and ')} itself, to show what a port in use looks like`,
    );
  say(
    `demo: voip-fwcheck check --stun ${PRIMARY}:${stun} --tcp-ports ${[...connectBack, heldTcp].join(',')} ${process.argv.slice(2).join(' ')}\n`,
  );
  const args = [cli, 'check', '--stun', `${PRIMARY}:${stun}`, '--tcp-ports', [...connectBack, heldTcp].join(',')];
  args.push('--no-history', ...process.argv.slice(2));
  const check = spawn(process.execPath, args, {
    stdio: 'inherit',
    env: { ...process.env, VOIP_FWCHECK_PATH: 'off' },
  });
  const forward = () => check.kill('SIGINT');
  process.on('SIGINT', forward);
  const code = await new Promise((resolve) => check.once('exit', (c) => resolve(c ?? 130)));
  process.off('SIGINT', forward);
  held.close();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  // 0 all passed, 1 some failed (the held ports): both are a demo that worked.
  say(`\ndemo: check exit code ${code}${code === 1 ? ' (the ports this demo holds itself)' : ''}; test server stopped`);
  process.exitCode = code === 0 || code === 1 ? 0 : code;
}

main().catch((error) => {
  process.stderr.write(`demo: ${error.message}\n`);
  process.exitCode = 1;
});
