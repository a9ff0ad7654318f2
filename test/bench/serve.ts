/**
 * `npx tsx test/bench/serve.ts`: figures for the test server on loopback, not a test.
 * - max answers per second on one core: `serve` runs alone in a child process (Node runs its
 *   JavaScript on one core) with the rate limits lifted; this process keeps a window of requests
 *   in flight on several sockets for a few seconds and counts answers; the child's CPU time
 *   (from /proc) gives answers per CPU-second;
 * - memory under a flood: the child's resident memory (VmRSS, VmHWM) before and after a flood
 *   of requests from 20,000 distinct source addresses (127.x.y.z, all local on Linux).
 * - a fast 2,002-port check of our own engine against `serve` at its default limits.
 * Linux only (reads /proc). Bounded: about 40 seconds.
 */
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCheck } from '../../main/engine/run-check';
import { serveMain } from '../../main/server/cli';
import { bindingRequest } from '../integration/server-support';

const PORT = 22778;
const ARGS = [
  '--primary',
  '127.0.0.1',
  '--alternate',
  '127.0.0.2',
  '--port',
  String(PORT),
  '--alt-port',
  String(PORT + 1),
];
const OPEN = ['--rate-per-source', '10000000', '--burst-per-source', '10000000'];
const OPEN_GLOBAL = ['--rate-global', '10000000', '--burst-global', '10000000', '--sip-port', 'none'];

function proc(pid: number): { cpuS: number; rssMiB: number; hwmMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return {
    cpuS: (Number(stat[11]) + Number(stat[12])) / 100,
    rssMiB: kib('VmRSS') / 1024,
    hwmMiB: kib('VmHWM') / 1024,
  };
}

const bind = (host: string): Promise<Socket> =>
  new Promise((done) => {
    const s = createSocket('udp4');
    s.bind(0, host, () => done(s));
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function throughput(pid: number, seconds: number): Promise<void> {
  const sockets = await Promise.all(Array.from({ length: 8 }, () => bind('127.0.0.1')));
  const request = bindingRequest();
  let answers = 0;
  let running = true;
  for (const s of sockets) {
    s.on('message', () => {
      answers++;
      if (running) s.send(request, PORT, '127.0.0.1');
    });
    for (let i = 0; i < 64; i++) s.send(request, PORT, '127.0.0.1');
  }
  // Lost datagrams shrink the window: top it up every 50 ms.
  const topUp = setInterval(() => sockets.forEach((s) => s.send(request, PORT, '127.0.0.1')), 50);
  await sleep(500);
  const a0 = answers;
  const c0 = proc(pid).cpuS;
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const wall = (performance.now() - t0) / 1000;
  const cpu = proc(pid).cpuS - c0;
  const n = answers - a0;
  running = false;
  clearInterval(topUp);
  sockets.forEach((s) => s.close());
  console.log(
    `answers: ${Math.round(n / wall)}/s over ${wall.toFixed(1)} s, server CPU ${((100 * cpu) / wall).toFixed(0)}% of one core`,
  );
  console.log(`answers per CPU-second (one core): ${Math.round(n / Math.max(cpu, 0.01))}`);
}

async function flood(pid: number, sources: number): Promise<void> {
  const before = proc(pid);
  const request = bindingRequest();
  const t0 = performance.now();
  // Batches small enough for the server's socket buffer, so the requests reach the limiter.
  for (let start = 0; start < sources; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, sources - start) }, (_, i) => {
        const n = start + i;
        return bind(`127.10.${Math.floor(n / 250)}.${(n % 250) + 1}`);
      }),
    );
    const sends = batch.flatMap((s) =>
      [0, 1].map(() => new Promise((done) => s.send(request, PORT, '127.0.0.1', done))),
    );
    await Promise.all(sends);
    await sleep(10);
    batch.forEach((s) => s.close());
  }
  await sleep(300);
  const after = proc(pid);
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`flood: ${sources * 2} requests from ${sources} source addresses in ${secs} s`);
  console.log(
    `server memory: rss ${before.rssMiB.toFixed(1)} -> ${after.rssMiB.toFixed(1)} MiB, peak ${after.hwmMiB.toFixed(1)} MiB`,
  );
}

/** Starts `serve` in a child process; resolves once it logged "started". */
async function startChild(
  args: string[],
): Promise<{ pid: number; lines: () => { event: string }[]; stop(): Promise<void> }> {
  const tsx = resolve(__dirname, '../../node_modules/.bin/tsx');
  const child = spawn(tsx, [__filename, 'child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  while (!out.includes('"started"')) await sleep(50);
  // tsx runs the script in a node child of its own: measure that one.
  const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
  return {
    pid: Number(children.split(' ')[0]) || child.pid!,
    lines: () =>
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { event: string }),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

async function main(): Promise<void> {
  if (process.argv[2] === 'child') {
    const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
    process.exitCode = await serveMain(process.argv.slice(3), io);
    return;
  }
  const defaults = await startChild([...ARGS, '--sip-port', 'none']);
  const t0 = performance.now();
  const report = await runCheck(
    {
      stun: [`127.0.0.1:${PORT}`],
      ports: '23000-25001',
      publicIp: null,
      concurrency: 1000,
      rate: 5000,
      timeoutMs: 600,
      order: 'sequential',
    },
    {},
  );
  const wall = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `2,002-port fast check (rate 5000, concurrency 1000) at the default limits: ${report.code}, ${JSON.stringify(report.summary)}, ${wall} s`,
  );
  await defaults.stop();
  console.log(
    `  its counters: ${JSON.stringify(
      defaults
        .lines()
        .filter((l) => l.event === 'counters')
        .at(-1),
    )}`,
  );

  const open = await startChild([...ARGS, ...OPEN, ...OPEN_GLOBAL]);
  console.log(`serve pid ${open.pid} with the limits lifted: idle rss ${proc(open.pid).rssMiB.toFixed(1)} MiB`);
  await throughput(open.pid, 5);
  await flood(open.pid, 20_000);
  await open.stop();
  console.log(
    `last counters line: ${JSON.stringify(
      open
        .lines()
        .filter((l) => l.event === 'counters')
        .at(-1),
    )}`,
  );
}

void main();
