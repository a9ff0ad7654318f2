/**
 * The path lab (issue 12): the NAT lab's addresses, with one more router where the topology asks
 * for it, and miniupnpd in the PBX's router when the scenario wants UPnP/NAT-PMP/PCP.
 *
 *   plain:   vfc-ppbx 192.0.2.10 ── 192.0.2.1 vfc-prtr 203.0.113.2 ───────────────────────────── vfc-pinet
 *   double:  vfc-ppbx 192.0.2.10 ── 192.0.2.1 vfc-prtr 198.51.100.2 ── 198.51.100.1 vfc-pisp 203.0.113.2 ── vfc-pinet
 *   cgn:     vfc-ppbx 192.0.2.10 ── 192.0.2.1 vfc-prtr 100.64.0.2 ──── 100.64.0.1 vfc-pisp 203.0.113.2 ── vfc-pinet
 *
 * vfc-pinet holds 203.0.113.100/.101 and coturn (RFC 5780, the NAT lab's command line). Every router
 * masquerades; `symmetric` makes the PBX's router pick a random source port per flow (an
 * address-and-port-dependent mapping). Namespace names carry this process's id and differ from
 * the NAT lab's, so the two labs never touch each other; labs of dead processes are removed.
 * Inside these namespaces the ranges are test hosts like the others: nothing leaves them.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { assertLabTools, execInNs, ip, nftIn, removeNamespaces, sh, veth } from './lab-tools';
import { PROBE, ROOT, serverCommand, type ExecResult } from './nat-lab';

const run = promisify(execFile);
const SUFFIX = String(process.pid);
/** Namespace names of this process's path lab. */
export const PNS = {
  pbx: `vfc-ppbx-${SUFFIX}`,
  router: `vfc-prtr-${SUFFIX}`,
  isp: `vfc-pisp-${SUFFIX}`,
  inet: `vfc-pinet-${SUFFIX}`,
} as const;
/** The server's addresses (as in the NAT lab). */
export const SERVER = { primary: '203.0.113.100:3478', alternate: '203.0.113.101:3479' } as const;
const CONF_DIR = `/tmp/vfc-path-lab-${SUFFIX}`;

/** What the path lab should look like. */
export interface PathLabOptions {
  topology: 'plain' | 'double' | 'cgn';
  /** Run miniupnpd (UPnP IGD, NAT-PMP, PCP) in the PBX's router. */
  miniupnpd?: boolean;
  /** The PBX's router maps each flow to a random source port. */
  symmetric?: boolean;
  /** The PBX's router sends no ICMP time-exceeded: a hop that does not answer. */
  silentRouter?: boolean;
}

/** A running path lab. */
export interface PathLab {
  /** Runs a command in the PBX namespace from the project root. */
  exec(command: string, args: readonly string[], timeoutMs?: number): Promise<ExecResult>;
  /** What miniupnpd printed so far ('' without it). */
  routerLog(): string;
  destroy(): Promise<void>;
}

/** Removes this process's path lab and those of dead processes. */
export async function cleanupPathLab(): Promise<void> {
  await removeNamespaces(/^(vfc-p(?:pbx|rtr|isp|inet)-(\d+))\b/);
  await rm(CONF_DIR, { recursive: true, force: true });
}

/** Checks that this machine can host the path lab; throws a clear error otherwise (never skips). */
export async function assertPathLabPossible(): Promise<void> {
  await assertLabTools(
    'the path lab',
    ['ip', 'nft', 'turnserver', 'tracepath', 'traceroute', 'miniupnpd'],
    'iproute2 nftables coturn iputils-tracepath traceroute miniupnpd',
  );
}

const masquerade = (wan: string, symmetric = false) => `
table ip nat {
  chain postrouting { type nat hook postrouting priority srcnat; policy accept;
    ${symmetric ? `oifname "${wan}" meta l4proto udp masquerade to :40000-49999 random` : ''}
    oifname "${wan}" masquerade
  }
}
`;

// miniupnpd 2.3.1 (nftables backend) expects its chains in "inet filter".
const MINIUPNPD_CHAINS = `
table inet filter {
  chain forward { type filter hook forward priority 0; policy accept; jump miniupnpd; }
  chain miniupnpd { }
  chain prerouting { type nat hook prerouting priority -100; policy accept; jump prerouting_miniupnpd; }
  chain postrouting { type nat hook postrouting priority 100; policy accept; jump postrouting_miniupnpd; }
  chain prerouting_miniupnpd { }
  chain postrouting_miniupnpd { }
}
`;

const MINIUPNPD_CONF = `ext_ifname=wan0
listening_ip=lan0
http_port=5000
enable_natpmp=yes
enable_upnp=yes
secure_mode=no
system_uptime=yes
uuid=3f1b8a6e-4c1d-4f2a-9b7e-5a0c2d9e1f01
allow 1024-65535 192.0.2.0/24 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
`;

/** Waits until `check` resolves true, polling every 100 ms, at most `ms`. */
async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Builds a path lab; always call destroy(), also on failure. */
export async function createPathLab(options: PathLabOptions): Promise<PathLab> {
  await assertPathLabPossible();
  await cleanupPathLab();
  const children: ChildProcess[] = [];
  let routerLog = '';
  const destroy = async () => {
    for (const child of children) child.kill('SIGKILL');
    await cleanupPathLab();
  };
  try {
    const two = options.topology !== 'plain';
    const link = options.topology === 'cgn' ? '100.64.0' : '198.51.100';
    const namespaces = two ? Object.values(PNS) : [PNS.pbx, PNS.router, PNS.inet];
    for (const ns of namespaces) await sh('ip', ['netns', 'add', ns]);
    await veth('pbx0', PNS.pbx, 'lan0', PNS.router);
    if (two) {
      await veth('wan0', PNS.router, 'lan1', PNS.isp);
      await veth('wan1', PNS.isp, 'inet0', PNS.inet);
    } else {
      await veth('wan0', PNS.router, 'inet0', PNS.inet);
    }
    for (const ns of namespaces) await ip(ns, 'link set lo up');
    await ip(PNS.pbx, 'link set pbx0 up');
    await ip(PNS.pbx, 'addr add 192.0.2.10/24 dev pbx0');
    await ip(PNS.pbx, 'route add default via 192.0.2.1');
    await ip(PNS.router, 'link set lan0 up');
    await ip(PNS.router, 'link set wan0 up');
    await ip(PNS.router, 'addr add 192.0.2.1/24 dev lan0');
    if (two) {
      await ip(PNS.router, `addr add ${link}.2/24 dev wan0`);
      await ip(PNS.router, `route add default via ${link}.1`);
      await ip(PNS.isp, 'link set lan1 up');
      await ip(PNS.isp, 'link set wan1 up');
      await ip(PNS.isp, `addr add ${link}.1/24 dev lan1`);
      await ip(PNS.isp, 'addr add 203.0.113.2/24 dev wan1');
      await sh('ip', ['netns', 'exec', PNS.isp, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
      await nftIn(PNS.isp, masquerade('wan1'));
    } else {
      await ip(PNS.router, 'addr add 203.0.113.2/24 dev wan0');
    }
    await ip(PNS.inet, 'link set inet0 up');
    await ip(PNS.inet, 'addr add 203.0.113.100/24 dev inet0');
    await ip(PNS.inet, 'addr add 203.0.113.101/24 dev inet0');
    await sh('ip', ['netns', 'exec', PNS.router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    await nftIn(PNS.router, masquerade('wan0', options.symmetric));
    if (options.silentRouter)
      await nftIn(
        PNS.router,
        'table ip silent {\n  chain output { type filter hook output priority 0; policy accept;\n    icmp type time-exceeded drop\n  }\n}\n',
      );

    const coturn = (await serverCommand('coturn'))!;
    const server = spawn('ip', ['netns', 'exec', PNS.inet, ...coturn], { stdio: 'ignore' });
    children.push(server);
    await until(
      () =>
        run('ip', ['netns', 'exec', PNS.inet, process.execPath, PROBE, SERVER.primary, '--wait', '500']).then(
          () => true,
          () => false,
        ),
      10_000,
      'coturn',
    );

    if (options.miniupnpd) {
      await mkdir(CONF_DIR, { recursive: true });
      await writeFile(`${CONF_DIR}/miniupnpd.conf`, MINIUPNPD_CONF);
      await nftIn(PNS.router, MINIUPNPD_CHAINS);
      const daemon = spawn('ip', ['netns', 'exec', PNS.router, 'miniupnpd', '-d', '-f', `${CONF_DIR}/miniupnpd.conf`], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(daemon);
      const append = (d: Buffer) => (routerLog += d.toString());
      daemon.stdout?.on('data', append);
      daemon.stderr?.on('data', append);
      await until(async () => routerLog.includes('Listening for NAT-PMP/PCP traffic'), 10_000, 'miniupnpd');
    }
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    exec: (command, args, timeoutMs = 60_000) => execInNs(PNS.pbx, command, args, timeoutMs),
    routerLog: () => routerLog,
    destroy,
  };
}

/** Runs the path step (test/lab/path-run.ts) in the PBX namespace and parses its JSON. */
export async function runPathStep(lab: PathLab): Promise<PathRunOutput> {
  const out = await lab.exec(resolve(ROOT, 'node_modules/.bin/tsx'), [
    resolve(ROOT, 'test/lab/path-run.ts'),
    SERVER.primary,
    SERVER.alternate,
  ]);
  try {
    return JSON.parse(out.stdout) as PathRunOutput;
  } catch {
    throw new Error(`path-run printed no JSON (exit ${out.code})\nstdout: ${out.stdout}\nstderr: ${out.stderr}`);
  }
}

/** What path-run.ts prints. */
export interface PathRunOutput {
  path: import('../../shared/report').PathReport;
  gateway: string | null;
  answers: import('../../main/engine/path/router').RouterAnswers | null;
  publicAddress: string | null;
  mappingPort: number | null;
  probeMs: number;
  mappingMs: number;
}
