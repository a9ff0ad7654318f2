/**
 * The lab of issue 11's checker side: our own server (`voip-fwcheck serve`) in the internet
 * namespace on two addresses, a masquerading Linux router with static forwards, and, when the
 * scenario asks, the kernel's real SIP ALG on the router (nf_conntrack_sip + nf_nat_sip, enabled
 * per flow by an nftables `ct helper` of type "sip" for traffic to port 5060, UDP and TCP).
 *
 *   vfc-opbx 192.0.2.10 ── 192.0.2.1 vfc-ortr 203.0.113.2 ── 203.0.113.100 / .101 vfc-oinet
 *   (runs the CLI)          (masquerade, DNAT forwards,           (voip-fwcheck serve: STUN
 *                            SIP helper)                           3478/3479, SIP echo 5060,
 *                                                                  connect-back 5060,5061,5090)
 *
 * Namespace names carry this process's id and differ from the NAT and path labs' (never touched);
 * labs of dead processes are removed. Only documentation ranges (RFC 5737), inside the namespaces.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { assertLabTools, execInNs, ip, nftIn, removeNamespaces, sh, veth } from './lab-tools';
import { ROOT, type ExecResult } from './nat-lab';

const SUFFIX = String(process.pid);
/** Namespace names of this process's lab. */
export const ONS = { pbx: `vfc-opbx-${SUFFIX}`, router: `vfc-ortr-${SUFFIX}`, inet: `vfc-oinet-${SUFFIX}` } as const;
/** Our server's primary address (STUN 3478, SIP echo 5060, connect-back control 3478/tcp). */
export const OURS_PRIMARY = '203.0.113.100';
/** The UDP ports every scenario checks (all forwarded). */
export const UDP_PORTS = '5060,5090,9000-9009';

/** What the lab should look like. */
export interface OursLabOptions {
  /** The router's SIP ALG (nftables ct helper "sip") on UDP and/or TCP port 5060. */
  sipAlg: { udp: boolean; tcp: boolean };
  /** TCP ports the router forwards to the PBX (DNAT, port kept). */
  tcpForwards: readonly number[];
}

/** A running lab. */
export interface OursLab {
  /** Runs the CLI (`check …`) in the PBX namespace from the project root. */
  check(args: readonly string[], timeoutMs?: number): Promise<ExecResult>;
  /** Holds UDP `port` in the PBX namespace (another program on the PBX) until destroy(). */
  holdUdp(port: number): Promise<void>;
  /** What the server logged (JSON lines). */
  serverLog(): string;
  destroy(): Promise<void>;
}

/** The router's rules: masquerade out, forwards in, and the SIP helper when asked. */
export function oursRouterRules(options: OursLabOptions): string {
  const tcp = options.tcpForwards.length
    ? `iifname "wan0" tcp dport { ${options.tcpForwards.join(', ')} } dnat to 192.0.2.10`
    : '';
  const helpers: string[] = [];
  const assign: string[] = [];
  if (options.sipAlg.udp) {
    helpers.push('ct helper sip-udp { type "sip" protocol udp; }');
    assign.push('iifname "lan0" udp dport 5060 ct helper set "sip-udp"');
  }
  if (options.sipAlg.tcp) {
    helpers.push('ct helper sip-tcp { type "sip" protocol tcp; }');
    assign.push('iifname "lan0" tcp dport 5060 ct helper set "sip-tcp"');
  }
  return `
table ip ours {
  ${helpers.join('\n  ')}
  chain prerouting { type nat hook prerouting priority dstnat; policy accept;
    iifname "wan0" udp dport { 5060, 5090, 9000-9009 } dnat to 192.0.2.10
    ${tcp}
  }
  chain helpers { type filter hook prerouting priority filter; policy accept;
    ${assign.join('\n    ')}
  }
  chain postrouting { type nat hook postrouting priority srcnat; policy accept;
    oifname "wan0" masquerade
  }
}
`;
}

/** Removes this process's lab and those of dead processes. */
export async function cleanupOursLab(): Promise<void> {
  await removeNamespaces(/^(vfc-o(?:pbx|rtr|inet)-(\d+))\b/);
}

/** Checks that this machine can host the lab; throws a clear error otherwise (never skips). */
export async function assertOursLabPossible(): Promise<void> {
  await assertLabTools('the lab', ['ip', 'nft'], 'iproute2 nftables');
}

/** Builds the lab and starts our server; always call destroy(), also on failure. */
export async function createOursLab(options: OursLabOptions): Promise<OursLab> {
  await assertOursLabPossible();
  await cleanupOursLab();
  const children: ChildProcess[] = [];
  let log = '';
  const destroy = async () => {
    for (const child of children) child.kill('SIGKILL');
    await cleanupOursLab();
  };
  try {
    for (const ns of Object.values(ONS)) await sh('ip', ['netns', 'add', ns]);
    await veth('pbx0', ONS.pbx, 'lan0', ONS.router);
    await veth('wan0', ONS.router, 'inet0', ONS.inet);
    for (const ns of Object.values(ONS)) await ip(ns, 'link set lo up');
    await ip(ONS.pbx, 'link set pbx0 up');
    await ip(ONS.pbx, 'addr add 192.0.2.10/24 dev pbx0');
    await ip(ONS.pbx, 'route add default via 192.0.2.1');
    await ip(ONS.router, 'link set lan0 up');
    await ip(ONS.router, 'link set wan0 up');
    await ip(ONS.router, 'addr add 192.0.2.1/24 dev lan0');
    await ip(ONS.router, 'addr add 203.0.113.2/24 dev wan0');
    await ip(ONS.inet, 'link set inet0 up');
    await ip(ONS.inet, `addr add ${OURS_PRIMARY}/24 dev inet0`);
    await ip(ONS.inet, 'addr add 203.0.113.101/24 dev inet0');
    await sh('ip', ['netns', 'exec', ONS.router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    await nftIn(ONS.router, oursRouterRules(options));

    const cli = resolve(ROOT, 'bin/cli-from-source.mjs');
    const server = spawn(
      'ip',
      [
        'netns',
        'exec',
        ONS.inet,
        process.execPath,
        cli,
        'serve',
        '--primary',
        OURS_PRIMARY,
        '--alternate',
        '203.0.113.101',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(server);
    server.stderr.on('data', (d: Buffer) => (log += d.toString()));
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`serve did not start in 20 s\n${log}`)), 20_000);
      createInterface({ input: server.stdout }).on('line', (line) => {
        log += `${line}\n`;
        if (line.includes('"event":"started"')) {
          clearTimeout(timer);
          done();
        }
      });
      server.once('exit', (code) => fail(new Error(`serve exited (${code})\n${log}`)));
    });
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    check: (args, timeoutMs = 90_000) =>
      execInNs(ONS.pbx, process.execPath, [resolve(ROOT, 'bin/cli-from-source.mjs'), 'check', ...args], timeoutMs, {
        ...process.env,
        VOIP_FWCHECK_PATH: 'off',
      }),
    holdUdp: async (port) => {
      const script = `require('node:dgram').createSocket('udp4').bind(${port}, () => console.log('bound'))`;
      const holder = spawn('ip', ['netns', 'exec', ONS.pbx, process.execPath, '-e', script], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      children.push(holder);
      await new Promise<void>((done, fail) => {
        holder.stdout.once('data', () => done());
        holder.once('exit', (code) => fail(new Error(`could not hold UDP ${port} (exit ${code})`)));
      });
    },
    serverLog: () => log,
    destroy,
  };
}
