/**
 * What the NAT lab runs (nat-lab.ts builds it): the router's and the internet namespace's
 * nftables rulesets for a scenario, and the STUN server's command line.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ADDR, type LabOptions, type Range, type ServerKind } from './nat-lab';

const run = promisify(execFile);

const ranges = (list: readonly Range[]) => list.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');

/** The router's ruleset for a scenario. */
export function routerRules(options: LabOptions): string {
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
  // The kernel here has no sch_netem ("Specified qdisc kind is unknown"): loss is an nftables rule.
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

/** The internet namespace's ruleset (empty when the scenario needs none). */
export function internetRules(options: LabOptions): string {
  const rules: string[] = [];
  if (options.blackhole) rules.push(`ip daddr { ${ADDR.primary}, ${ADDR.alternate} } udp dport { 3478, 3479 } drop`);
  // CHANGE-REQUEST (0x0003) is the first attribute: 20 bytes of STUN header after the 8 of UDP.
  // 0x8FFF is comprehension-optional, so the server ignores it and answers from where it was asked.
  if (options.ignoreChangeRequest) rules.push('udp dport { 3478, 3479 } @th,224,16 0x0003 @th,224,16 set 0x8fff');
  if (rules.length === 0) return '';
  return `
table ip vfclab {
  chain input { type filter hook input priority filter; policy accept;
    ${rules.join('\n    ')}
  }
}
`;
}

let coturnHelp: Promise<string> | null = null;
/** coturn ≥ 4.7 switched RFC 5780 off by default and added `--rfc5780`; 4.6 enables it by itself. */
async function coturnHasRfc5780Flag(): Promise<boolean> {
  coturnHelp ??= run('turnserver', ['--help']).then(
    (out) => out.stdout + out.stderr,
    (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
  );
  return /(^|\s)--rfc5780\b/m.test(await coturnHelp);
}

/** The server's command line for a scenario, or null for `none`. */
export async function serverCommand(server: ServerKind): Promise<string[] | null> {
  const coturn = (ips: string[], extra: string[]) => [
    'turnserver',
    '-n', // no configuration file
    '--no-cli',
    '-S', // STUN only
    '-z', // no authentication
    '--no-tls',
    '--no-dtls',
    '-p',
    '3478', // the alternate port is this plus one
    '--log-file',
    'stdout',
    '--simple-log',
    '--pidfile',
    '/dev/null',
    ...ips.flatMap((ip) => ['-L', ip]),
    ...extra,
  ];
  switch (server) {
    case 'coturn':
      return coturn([ADDR.primary, ADDR.alternate], (await coturnHasRfc5780Flag()) ? ['--rfc5780'] : []);
    case 'coturn-no5780':
      return coturn([ADDR.primary, ADDR.alternate], (await coturnHasRfc5780Flag()) ? [] : ['--no-rfc5780']);
    case 'coturn-single':
      return coturn([ADDR.primary], []);
    case 'stund':
      return ['stund', '-h', ADDR.primary, '-a', ADDR.alternate];
    case 'stund-single':
      return ['stund', '-h', ADDR.primary];
    case 'none':
      return null;
  }
}
