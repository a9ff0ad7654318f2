/**
 * The NAT lab: three network namespaces on this machine, a real Linux NAT between them, and
 * Debian's STUN servers on two addresses.
 *
 *   vfc-pbx  192.0.2.10 ──── 192.0.2.1  vfc-rtr  203.0.113.2 ──── 203.0.113.100/.101  vfc-inet
 *   (the PBX, runs the CLI)     (nftables NAT, forwards, drops, loss)     (coturn or stund)
 *
 * Only documentation ranges are used (RFC 5737). Each lab is created fresh and destroyed after
 * use, so no router flow state (conntrack) survives from one scenario to the next; `resetFlows()`
 * empties it between two runs in the same lab. Before `createLab` returns, a small STUN client
 * (`stun-probe.mjs`, independent of the engine) checks that the server answers and that it does,
 * or does not, answer a CHANGE-REQUEST from its second address, as the scenario says.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { routerRules, internetRules, serverCommand } from './lab-rules';
import { protectionRules, type LabProtection } from './scan-protection-rules';

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
  /** The second STUN server (`secondServer`), stund on two other addresses. */
  primary2: '203.0.113.110',
  alternate2: '203.0.113.111',
} as const;
/** Name that resolves to the primary STUN address inside the PBX namespace. */
export const STUN_NAME = 'stun.lab.test';
/** The project root, where the CLI runs. */
export const ROOT = resolve(__dirname, '../..');
/** The STUN client used to check the servers (plain Node, no engine code). */
export const PROBE = resolve(__dirname, 'stun-probe.mjs');
const ETC_NETNS = `/etc/netns/${NS.pbx}`;

/** An inclusive port range. */
export type Range = readonly [number, number];

/**
 * The STUN server in the internet namespace:
 * - `coturn`, `stund`: two addresses, primary :3478, alternate :3479, CHANGE-REQUEST honoured;
 * - `coturn-single`: one listening IP (no OTHER-ADDRESS; CHANGE-REQUEST gets error 420);
 * - `coturn-no5780`: two listening IPs but RFC 5780 switched off (as coturn ≥ 4.7 ships): no
 *   OTHER-ADDRESS, error 420 to CHANGE-REQUEST;
 * - `stund-single`: stund without `-a` (CHANGED-ADDRESS 0.0.0.0:3479, change-IP silently dropped);
 * - `none`: nothing listens (the namespace answers ICMP port unreachable).
 */
export type ServerKind = 'coturn' | 'stund' | 'coturn-single' | 'coturn-no5780' | 'stund-single' | 'none';

/** What the lab should look like. */
export interface LabOptions {
  server: ServerKind;
  /** Static port forwards (DNAT, port kept) from the router's WAN address to the PBX. */
  forward: 'all' | 'none' | readonly Range[];
  /** Outbound NAT rewrites source ports (into 40000-49999, random) instead of keeping them. */
  translatePorts?: boolean;
  /** The router drops UDP from these PBX source ports. */
  dropOutbound?: readonly Range[];
  /** Random loss in percent, applied in the router to every forwarded UDP datagram, both ways. */
  lossPercent?: number;
  /**
   * The internet namespace turns CHANGE-REQUEST into an unknown optional attribute before the
   * server reads it, so the server answers from its primary address: a server that advertises a
   * second address but ignores CHANGE-REQUEST.
   */
  ignoreChangeRequest?: boolean;
  /** The internet namespace silently drops everything sent to the STUN ports (no ICMP error). */
  blackhole?: boolean;
  /** The router's port-scan / flood protection against the first server's second address. */
  protection?: LabProtection;
  /** A second two-address STUN server: stund on 203.0.113.110 and .111 (ports 3478/3479). */
  secondServer?: boolean;
}

/** Output of a command. */
export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running lab. */
export interface Lab {
  readonly options: LabOptions;
  readonly addresses: typeof ADDR;
  /** The server's command line as started in the internet namespace, or null for `none`. */
  readonly serverCommand: readonly string[] | null;
  /** Runs a command inside the PBX namespace, from the project root. */
  exec(command: string, args: readonly string[], timeoutMs?: number): Promise<ExecResult>;
  /** Runs the CLI (`tsx main/cli-entry.ts ARGS`) inside the PBX namespace. */
  cli(args: readonly string[], timeoutMs?: number): Promise<ExecResult>;
  /** Starts a long-running process inside the PBX namespace (killed by destroy()). */
  spawn(command: string, args: readonly string[]): ChildProcess;
  /** Router counters: datagrams the router forwarded from the PBX and to it. */
  counters(): Promise<{ outbound: number; inbound: number }>;
  /** Packets the scan protection dropped: `tripped` by its rule, `blocked` by its block list. */
  protectionCounters(): Promise<{ tripped: number; blocked: number }>;
  /** Empties the router's flow table (conntrack -F), as a router forgets idle UDP flows. */
  resetFlows(): Promise<void>;
  /** What the STUN server printed so far. */
  serverLog(): string;
  destroy(): Promise<void>;
}

const sh = async (command: string, args: readonly string[]): Promise<string> =>
  (await run(command, [...args], { maxBuffer: 16 * 1024 * 1024 })).stdout;
const inNs = (ns: string, command: string, args: readonly string[]) =>
  sh('ip', ['netns', 'exec', ns, command, ...args]);

/** Processes started by live labs, killed when this process exits without destroying them. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    if (liveChildren.size === 0) return;
    for (const child of liveChildren) child.kill('SIGKILL');
    for (const ns of Object.values(NS)) {
      try {
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      } catch {
        // not there
      }
    }
    rmSync(ETC_NETNS, { recursive: true, force: true });
  });
}

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

/** Removes this process's lab (processes, namespaces, DNS files) and any stale one a crashed run left. */
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
  await rm(ETC_NETNS, { recursive: true, force: true });
}

/** Checks that this machine can host the lab; throws a clear error otherwise (never skips). */
export async function assertLabPossible(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the NAT lab needs root (network namespaces, nftables)');
  for (const tool of ['ip', 'nft', 'conntrack', 'turnserver', 'stund']) {
    await run('sh', ['-c', `command -v ${tool}`]).catch(() => {
      throw new Error(`the NAT lab needs "${tool}": apt-get install iproute2 nftables conntrack coturn stun-server`);
    });
  }
}

let labPossible: Promise<void> | null = null;

export { internetRules, routerRules, serverCommand } from './lab-rules';

/** Runs the STUN probe inside the internet namespace; resolves with its exit code and output. */
async function probe(args: readonly string[]): Promise<{ ok: boolean; output: string }> {
  return run('ip', ['netns', 'exec', NS.inet, process.execPath, PROBE, ...args]).then(
    (out) => ({ ok: true, output: out.stdout }),
    (error: { stdout?: string; stderr?: string }) => ({
      ok: false,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );
}

/** Waits until the server answers, then checks how it answers a CHANGE-REQUEST. */
async function verifyServer(server: ServerKind, log: () => string): Promise<void> {
  const primary = `${ADDR.primary}:3478`;
  const twoAddresses = server === 'coturn' || server === 'stund';
  const ready = await probe([primary, '--wait', '10000']);
  if (!ready.ok) throw new Error(`the ${server} server does not answer on ${primary}\n${ready.output}\n${log()}`);
  const changed = await probe([
    primary,
    '--change',
    'both',
    '--expect-from',
    twoAddresses ? `${ADDR.alternate}:3479` : ADDR.alternate,
    '--wait',
    twoAddresses ? '3000' : '600',
  ]);
  if (twoAddresses && !changed.ok) {
    throw new Error(`the ${server} server does not answer CHANGE-REQUEST from ${ADDR.alternate}:3479\n${log()}`);
  }
  if (!twoAddresses && changed.ok) {
    throw new Error(`the ${server} server answers CHANGE-REQUEST from its second address\n${changed.output}`);
  }
}

async function nftLoad(ns: string, rules: string): Promise<void> {
  await new Promise<void>((done, fail) => {
    const nft = spawn('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    nft.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    nft.on('error', fail);
    nft.on('close', (code) => (code === 0 ? done() : fail(new Error(`nft failed in ${ns}: ${stderr}\n${rules}`))));
    nft.stdin.end(rules);
  });
}

function execIn(ns: string, command: string, args: readonly string[], timeoutMs: number): Promise<ExecResult> {
  return new Promise((done) => {
    const child = spawn('ip', ['netns', 'exec', ns, command, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => (stderr += String(error)));
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/**
 * Builds a lab for one scenario (removing any leftover lab first) and returns once the STUN
 * server answers as the scenario expects. Always call destroy(), also on failure; a lab that is
 * never destroyed is removed when this process exits, or by the next createLab().
 */
export async function createLab(options: LabOptions): Promise<Lab> {
  labPossible ??= assertLabPossible();
  await labPossible;
  await cleanupLab();
  installExitHook();
  const children: ChildProcess[] = [];
  const track = (child: ChildProcess): ChildProcess => {
    children.push(child);
    liveChildren.add(child);
    child.on('exit', () => liveChildren.delete(child));
    return child;
  };
  let log = '';
  const destroy = async (): Promise<void> => {
    for (const child of children) {
      child.kill('SIGKILL');
      liveChildren.delete(child);
    }
    await cleanupLab();
  };
  const command = await serverCommand(options.server);
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
      ...(options.secondServer
        ? [`addr add ${ADDR.primary2}/24 dev inet0`, `addr add ${ADDR.alternate2}/24 dev inet0`]
        : []),
    ]);
    await inNs(NS.router, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
    await nftLoad(NS.router, routerRules(options));
    if (options.protection) await nftLoad(NS.router, protectionRules(options.protection, ADDR.alternate));
    // DNS inside the PBX namespace: our name for the server, and a resolver that answers nothing.
    await mkdir(ETC_NETNS, { recursive: true });
    await writeFile(`${ETC_NETNS}/hosts`, `127.0.0.1 localhost\n${ADDR.primary} ${STUN_NAME}\n`);
    await writeFile(`${ETC_NETNS}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');

    if (command) {
      const [program, ...args] = command as [string, ...string[]];
      const child = track(
        spawn('ip', ['netns', 'exec', NS.inet, program, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }),
      );
      const append = (d: Buffer) => {
        if (log.length < 1_000_000) log += d.toString();
      };
      child.stdout?.on('data', append);
      child.stderr?.on('data', append);
      await verifyServer(options.server, () => log);
    }
    if (options.secondServer) {
      const second = ['stund', '-h', ADDR.primary2, '-a', ADDR.alternate2];
      track(spawn('ip', ['netns', 'exec', NS.inet, ...second], { stdio: 'ignore' }));
      const primary2 = `${ADDR.primary2}:3478`;
      const ready = await probe([
        primary2,
        '--change',
        'both',
        '--expect-from',
        `${ADDR.alternate2}:3479`,
        '--wait',
        '10000',
      ]);
      if (!ready.ok)
        throw new Error(`the second server does not answer CHANGE-REQUEST on ${primary2}\n${ready.output}`);
    }
    // After the check above, which talks to the server from inside its own namespace.
    const inetRules = internetRules(options);
    if (inetRules) await nftLoad(NS.inet, inetRules);
  } catch (error) {
    await destroy();
    throw error;
  }

  return {
    options,
    addresses: ADDR,
    serverCommand: command,
    exec: (program, args, timeoutMs = 120_000) => execIn(NS.pbx, program, args, timeoutMs),
    cli: (args, timeoutMs = 120_000) =>
      execIn(NS.pbx, resolve(ROOT, 'node_modules/.bin/tsx'), [resolve(ROOT, 'main/cli-entry.ts'), ...args], timeoutMs),
    spawn(program, args) {
      return track(spawn('ip', ['netns', 'exec', NS.pbx, program, ...args], { stdio: 'ignore' }));
    },
    async counters() {
      const json = JSON.parse(await inNs(NS.router, 'nft', ['-j', 'list', 'counters'])) as {
        nftables: { counter?: { name: string; packets: number } }[];
      };
      const get = (name: string) => json.nftables.find((e) => e.counter?.name === name)?.counter?.packets ?? 0;
      return { outbound: get('outbound'), inbound: get('inbound') };
    },
    async protectionCounters() {
      if (!options.protection) return { tripped: 0, blocked: 0 };
      const json = JSON.parse(await inNs(NS.router, 'nft', ['-j', 'list', 'counters', 'table', 'ip', 'scanguard'])) as {
        nftables: { counter?: { name: string; packets: number } }[];
      };
      const get = (name: string) => json.nftables.find((e) => e.counter?.name === name)?.counter?.packets ?? 0;
      return { tripped: get('tripped'), blocked: get('dropped') };
    },
    async resetFlows() {
      await inNs(NS.router, 'conntrack', ['-F']);
    },
    serverLog: () => log,
    destroy,
  };
}
