/**
 * The NAT lab: three network namespaces on this machine, a real Linux NAT between them, and
 * Debian's STUN servers on two addresses.
 *
 *   vfc-pbx  192.0.2.10 ──── 192.0.2.1  vfc-rtr  203.0.113.2 ──── 203.0.113.100/.101  vfc-inet
 *   (the PBX, runs the CLI)     (nftables NAT, forwards, drops, loss)     (coturn or stund)
 *
 * Only documentation ranges are used (RFC 5737). Each lab is created fresh and destroyed after
 * use, so no router flow state (conntrack) survives from one scenario to the next.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Suffix of this process's namespaces, so two labs (two test runs) never touch each other's. */
const SUFFIX = String(process.pid);
/** Namespace names: prefixed `vfc-` and suffixed with this process's id. */
export const NS = { pbx: `vfc-pbx-${SUFFIX}`, router: `vfc-rtr-${SUFFIX}`, inet: `vfc-inet-${SUFFIX}` } as const;
/** Addresses of the lab. */
export const ADDR = {
  pbx: '192.0.2.10',
  routerLan: '192.0.2.1',
  publicIp: '203.0.113.2',
  primary: '203.0.113.100',
  alternate: '203.0.113.101',
} as const;
/** Name that resolves to the primary STUN address inside the PBX namespace. */
export const STUN_NAME = 'stun.lab.test';

/** An inclusive port range. */
export type Range = readonly [number, number];

/** What the lab should look like. */
export interface LabOptions {
  /** Which STUN server runs in the internet namespace ('none': nothing listens). */
  server: 'coturn' | 'stund' | 'coturn-single' | 'stund-single' | 'none';
  /** Static port forwards (DNAT, port kept) from the router's WAN address to the PBX. */
  forward: 'all' | 'none' | readonly Range[];
  /** Outbound NAT rewrites source ports (symmetric-NAT-like) instead of keeping them. */
  translatePorts?: boolean;
  /** The router drops UDP from these PBX source ports. */
  dropOutbound?: readonly Range[];
  /** Random loss in percent, applied in the router to every forwarded UDP datagram, both ways. */
  lossPercent?: number;
}

/** Output of a command. */
export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running lab. */
export interface Lab {
  /** Runs a command inside the PBX namespace. */
  exec(command: string, args: readonly string[], timeoutMs?: number): Promise<ExecResult>;
  /** Starts a long-running process inside the PBX namespace (killed by destroy()). */
  spawn(command: string, args: readonly string[]): ChildProcess;
  /** Router counters: datagrams the router forwarded from the PBX and to it. */
  counters(): Promise<{ outbound: number; inbound: number }>;
  destroy(): Promise<void>;
}

const sh = async (command: string, args: readonly string[]): Promise<string> =>
  (await run(command, [...args], { maxBuffer: 16 * 1024 * 1024 })).stdout;
const inNs = (ns: string, command: string, args: readonly string[]) =>
  sh('ip', ['netns', 'exec', ns, command, ...args]);

/** Deletes namespaces left by labs whose process is gone (a crashed run). */
async function removeStaleLabs(): Promise<void> {
  const { stdout } = await run('ip', ['netns', 'list']).catch(() => ({ stdout: '' }));
  for (const line of stdout.split('\n')) {
    const match = /^(vfc-(?:pbx|rtr|inet)-(\d+))\b/.exec(line.trim());
    if (!match) continue;
    let alive = true;
    try {
      process.kill(Number(match[2]), 0);
    } catch {
      alive = false;
    }
    if (!alive) {
      await run('ip', ['netns', 'del', match[1]!]).catch(() => undefined);
      await rm(`/etc/netns/${match[1]}`, { recursive: true, force: true });
    }
  }
}

/** Removes this process's lab (and any stale one a crashed run left behind). */
export async function cleanupLab(): Promise<void> {
  await removeStaleLabs();
  for (const ns of Object.values(NS)) {
    await run('ip', ['netns', 'pids', ns])
      .then(({ stdout }) =>
        stdout
          .split('\n')
          .filter(Boolean)
          .forEach((pid) => {
            try {
              process.kill(Number(pid), 'SIGKILL');
            } catch {
              // already gone
            }
          }),
      )
      .catch(() => undefined);
    await run('ip', ['netns', 'del', ns]).catch(() => undefined);
  }
  await rm(`/etc/netns/${NS.pbx}`, { recursive: true, force: true });
}

/** Checks that this machine can host the lab; throws a clear error otherwise (never skips). */
export async function assertLabPossible(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the NAT lab needs root (network namespaces, nftables)');
  for (const tool of ['ip', 'nft', 'turnserver', 'stund']) {
    await run('sh', ['-c', `command -v ${tool}`]).catch(() => {
      throw new Error(`the NAT lab needs "${tool}": apt-get install iproute2 nftables coturn stun-server`);
    });
  }
}

function nftRules(options: LabOptions): string {
  const ranges = (list: readonly Range[]) => list.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
  const forward =
    options.forward === 'all'
      ? `iifname "wan0" udp dport != { 3478-3479 } dnat to ${ADDR.pbx}`
      : options.forward === 'none' || options.forward.length === 0
        ? ''
        : `iifname "wan0" udp dport { ${ranges(options.forward)} } dnat to ${ADDR.pbx}`;
  const snat = options.translatePorts
    ? `oifname "wan0" ip saddr 192.0.2.0/24 meta l4proto udp snat to ${ADDR.publicIp}:40000-49999 random`
    : `oifname "wan0" ip saddr 192.0.2.0/24 snat to ${ADDR.publicIp}`;
  const drop = options.dropOutbound?.length ? `iifname "lan0" udp sport { ${ranges(options.dropOutbound)} } drop` : '';
  const loss = options.lossPercent ? `meta l4proto udp numgen random mod 100 < ${options.lossPercent} drop` : '';
  return `
flush ruleset
table ip nat {
  chain prerouting { type nat hook prerouting priority dstnat; policy accept;
    ${forward}
  }
  chain postrouting { type nat hook postrouting priority srcnat; policy accept;
    ${snat}
  }
}
table inet filter {
  counter outbound {}
  counter inbound {}
  chain forward { type filter hook forward priority filter; policy accept;
    ${drop}
    ${loss}
    iifname "lan0" meta l4proto udp counter name outbound
    iifname "wan0" meta l4proto udp counter name inbound
  }
}
`;
}

function serverCommand(server: LabOptions['server']): [string, string[]] | null {
  const coturn = (ips: string[]): [string, string[]] => [
    'turnserver',
    [
      '-n',
      '--no-cli',
      '-S',
      '-z',
      '--no-tls',
      '--no-dtls',
      '-p',
      '3478',
      '--log-file',
      'stdout',
      '--simple-log',
      '--pidfile',
      '/dev/null',
      ...ips.flatMap((ip) => ['-L', ip]),
    ],
  ];
  switch (server) {
    case 'coturn':
      return coturn([ADDR.primary, ADDR.alternate]);
    case 'coturn-single':
      return coturn([ADDR.primary]);
    case 'stund':
      return ['stund', ['-h', ADDR.primary, '-a', ADDR.alternate]];
    case 'stund-single':
      return ['stund', ['-h', ADDR.primary]];
    case 'none':
      return null;
  }
}

async function waitForUdpListener(ip: string, port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const out = await inNs(NS.inet, 'ss', ['-Hunl', `src ${ip}:${port}`]).catch(() => '');
    if (out.trim() !== '') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the STUN server did not start listening on ${ip}:${port}`);
}

/** Builds a lab; always call destroy() (also on failure). */
export async function createLab(options: LabOptions): Promise<Lab> {
  await cleanupLab();
  const children: ChildProcess[] = [];
  const destroy = async (): Promise<void> => {
    for (const child of children) child.kill('SIGKILL');
    await cleanupLab();
  };
  try {
    for (const ns of Object.values(NS)) await sh('ip', ['netns', 'add', ns]);
    await sh('ip', [
      'link',
      'add',
      'pbx0',
      'netns',
      NS.pbx,
      'type',
      'veth',
      'peer',
      'name',
      'lan0',
      'netns',
      NS.router,
    ]);
    await sh('ip', [
      'link',
      'add',
      'wan0',
      'netns',
      NS.router,
      'type',
      'veth',
      'peer',
      'name',
      'inet0',
      'netns',
      NS.inet,
    ]);
    const batch = async (ns: string, commands: string[]) => {
      for (const c of commands) await inNs(ns, 'ip', c.split(' '));
    };
    await batch(NS.pbx, [
      'link set lo up',
      'link set pbx0 up',
      `addr add ${ADDR.pbx}/24 dev pbx0`,
      `route add default via ${ADDR.routerLan}`,
    ]);
    await batch(NS.router, [
      'link set lo up',
      'link set lan0 up',
      'link set wan0 up',
      `addr add ${ADDR.routerLan}/24 dev lan0`,
      `addr add ${ADDR.publicIp}/24 dev wan0`,
    ]);
    await batch(NS.inet, [
      'link set lo up',
      'link set inet0 up',
      `addr add ${ADDR.primary}/24 dev inet0`,
      `addr add ${ADDR.alternate}/24 dev inet0`,
    ]);
    await inNs(NS.router, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
    const rules = nftRules(options);
    await new Promise<void>((done, fail) => {
      const nft = spawn('ip', ['netns', 'exec', NS.router, 'nft', '-f', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      nft.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      nft.on('close', (code) => (code === 0 ? done() : fail(new Error(`nft failed: ${stderr}\n${rules}`))));
      nft.stdin.end(rules);
    });
    // DNS inside the PBX namespace: our name for the server, and a resolver that answers nothing.
    const etc = `/etc/netns/${NS.pbx}`;
    await mkdir(etc, { recursive: true });
    await writeFile(`${etc}/hosts`, `127.0.0.1 localhost\n${ADDR.primary} ${STUN_NAME}\n`);
    await writeFile(`${etc}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');

    const command = serverCommand(options.server);
    if (command) {
      const child = spawn('ip', ['netns', 'exec', NS.inet, command[0], ...command[1]], { stdio: 'ignore' });
      children.push(child);
      await waitForUdpListener(ADDR.primary, 3478);
      if (options.server === 'coturn' || options.server === 'stund') await waitForUdpListener(ADDR.alternate, 3479);
    }
  } catch (error) {
    await destroy();
    throw error;
  }

  return {
    exec(command, args, timeoutMs = 120_000) {
      return new Promise((done) => {
        const child = spawn('ip', ['netns', 'exec', NS.pbx, command, ...args], { cwd: resolve(__dirname, '../..') });
        let stdout = '';
        let stderr = '';
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => {
          clearTimeout(timer);
          done({ code, stdout, stderr });
        });
      });
    },
    spawn(command, args) {
      const child = spawn('ip', ['netns', 'exec', NS.pbx, command, ...args], { stdio: 'ignore' });
      children.push(child);
      return child;
    },
    async counters() {
      const json = JSON.parse(await inNs(NS.router, 'nft', ['-j', 'list', 'counters'])) as {
        nftables: { counter?: { name: string; packets: number } }[];
      };
      const get = (name: string) => json.nftables.find((e) => e.counter?.name === name)?.counter?.packets ?? 0;
      return { outbound: get('outbound'), inbound: get('inbound') };
    },
    destroy,
  };
}
