/**
 * Every fix command the pre-flight shows for copy-paste into an elevated shell. Values read from
 * the OS (nft family, table and chain, firewalld zone and rich rules, program paths) go through
 * quote.ts; when one cannot be quoted safely, the fix is a comment saying what to do by hand.
 * Ports are our own numbers.
 */
import type { FirewallReport, FixCommand } from '../../../shared/preflight';
import type { PortRange } from '../../../shared/ports';
import { byHand, quoteCmd, quotePowerShell, shCommand } from './quote';

/** The rule name our fix commands create. */
const RULE_NAME = 'VoIP Firewall Checker';

/** The macOS application firewall's command-line tool. */
export const SOCKETFILTERFW = '/usr/libexec/ApplicationFirewall/socketfilterfw';

/** `5060,5090,9000-10999`, or with another range separator (ufw and iptables use `:`). */
export function portList(ranges: readonly PortRange[], separator = '-'): string {
  return ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}${separator}${r.to}`)).join(',');
}

/** `5060, 9000-10999` for the by-hand texts. */
const portsText = (ranges: readonly PortRange[]) => portList(ranges).replace(/,/g, ', ');

const sh = (command: string | null, otherwise: string): FixCommand =>
  command === null ? byHand('sh', otherwise) : { shell: 'sh', command, needsElevation: true };

/** The Windows fix: one inbound UDP allow rule for every profile, in PowerShell and netsh. */
export function windowsFixes(ranges: readonly PortRange[]): FixCommand[] {
  const list = portList(ranges);
  const name = `${RULE_NAME} (UDP ${list})`;
  // Each port or range quoted: -LocalPort takes strings, and '9000-10999' is one.
  const ports = list.split(',').map(quotePowerShell).join(',');
  const psName = quotePowerShell(name);
  const cmdName = quoteCmd(name);
  const what = `an inbound rule allowing UDP ${portsText(ranges)} for every profile`;
  return [
    psName === null
      ? byHand('powershell', what)
      : {
          shell: 'powershell',
          command: `New-NetFirewallRule -DisplayName ${psName} -Direction Inbound -Protocol UDP -LocalPort ${ports} -Action Allow -Profile Any`,
          needsElevation: true,
        },
    cmdName === null
      ? byHand('cmd', what)
      : {
          shell: 'cmd',
          command: `netsh advfirewall firewall add rule name=${cmdName} dir=in action=allow protocol=UDP localport=${list} profile=any`,
          needsElevation: true,
        },
  ];
}

/** Removes the inbound block rules that name `programPath` (the ones Windows' prompt creates). */
export function windowsUnblockProgramFix(programPath: string): FixCommand {
  const program = quotePowerShell(programPath);
  if (program === null)
    return byHand(
      'powershell',
      'remove the inbound block rules for this program (wf.msc, Inbound Rules, filter by the program)',
    );
  return {
    shell: 'powershell',
    command: `Get-NetFirewallApplicationFilter -PolicyStore PersistentStore | Where-Object { $_.Program -ieq ${program} } | Get-NetFirewallRule | Where-Object { $_.Direction -eq 'Inbound' -and $_.Action -eq 'Block' } | Remove-NetFirewallRule`,
    needsElevation: true,
  };
}

/** Lets this program receive connections through the macOS application firewall. */
export function macosFix(programPath: string): FixCommand {
  return sh(
    shCommand(['sudo', SOCKETFILTERFW, '--add', programPath, '--unblockapp', programPath]),
    'allow incoming connections for this program in System Settings, Network, Firewall, Options',
  );
}

/** Where a Linux fix goes, when the rules were read. */
export interface LinuxFixTarget {
  /** nftables: insert into this chain (else: add to inet filter input). */
  chain?: { family: string; table: string; chain: string };
  /** firewalld: the zone (else the default zone). */
  zone?: string;
  /** firewalld: rich rules that drop the ports and would still win; removed first. */
  removeRichRules?: readonly string[];
  /** ufw: deny rules exist, so the allow must go before them (`insert 1`). */
  ufwFirst?: boolean;
}

/** `5060` or `9000<sep>10999`. */
const rangeText = (r: PortRange, separator: string) => (r.from === r.to ? `${r.from}` : `${r.from}${separator}${r.to}`);

/** At most 15 ports per iptables multiport rule, a range counting as two. */
function multiportChunks(ranges: readonly PortRange[]): PortRange[][] {
  const chunks: PortRange[][] = [];
  let current: PortRange[] = [];
  let used = 0;
  for (const range of ranges) {
    const cost = range.from === range.to ? 1 : 2;
    if (used + cost > 15) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(range);
    used += cost;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

const NFT_FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);

/**
 * nft joins its arguments and parses them as its own language, where `;` starts another command:
 * a table or chain name is written into that text only when it is a plain identifier (letters,
 * digits, `_`, `.`, `-`), which cannot end the statement. Other names are refused.
 */
function nftName(name: string): string | null {
  return /^[A-Za-z_][A-Za-z0-9_.-]{0,255}$/.test(name) ? name : null;
}

/** `a && b`, or null when one of them is null. */
const chained = (commands: readonly (string | null)[]) =>
  commands.every((c): c is string => c !== null) ? commands.join(' && ') : null;

/** Linux fix commands for the front-end in charge, opening `ranges` for inbound UDP. */
export function linuxFixes(
  product: FirewallReport['product'],
  ranges: readonly PortRange[],
  at: LinuxFixTarget = {},
): FixCommand[] {
  switch (product) {
    case 'ufw':
      return [
        sh(
          chained(
            ranges.map((r) =>
              shCommand(['sudo', 'ufw', ...(at.ufwFirst ? ['insert', '1'] : []), 'allow', `${rangeText(r, ':')}/udp`]),
            ),
          ),
          `allow UDP ${portsText(ranges)} in ufw`,
        ),
      ];
    case 'firewalld': {
      const zone = at.zone === undefined ? [] : [`--zone=${at.zone}`];
      const remove = (at.removeRichRules ?? []).map((rule) =>
        shCommand(['sudo', 'firewall-cmd', '--permanent', ...zone, `--remove-rich-rule=${rule}`]),
      );
      const add = shCommand([
        'sudo',
        'firewall-cmd',
        '--permanent',
        ...zone,
        ...ranges.map((r) => `--add-port=${rangeText(r, '-')}/udp`),
      ]);
      return [
        sh(
          chained([...remove, add, 'sudo firewall-cmd --reload']),
          `in the firewalld zone of the internet interface, remove the rich rules that drop UDP ${portsText(ranges)} and open these ports (firewall-config, Permanent)`,
        ),
      ];
    }
    case 'nftables': {
      const chain = at.chain ?? { family: 'inet', table: 'filter', chain: 'input' };
      const names = [nftName(chain.table), nftName(chain.chain)];
      // Into the chain that holds the ports up, first; with no chain known, appended to the usual one.
      const head =
        NFT_FAMILIES.has(chain.family) && names.every((n) => n !== null)
          ? shCommand(['sudo', 'nft', at.chain ? 'insert' : 'add', 'rule', chain.family, ...names, 'udp', 'dport'])
          : null;
      // The set is ours (numbers): `{` and `}` alone are plain words to sh.
      return [
        sh(
          head === null ? null : `${head} { ${portsText(ranges)} } accept`,
          `insert a rule accepting UDP ${portsText(ranges)} at the top of the nftables input chain that drops them`,
        ),
      ];
    }
    case 'iptables':
      return multiportChunks(ranges).map((chunk) =>
        sh(
          shCommand([
            'sudo',
            'iptables',
            '-I',
            'INPUT',
            '-p',
            'udp',
            '-m',
            'multiport',
            '--dports',
            portList(chunk, ':'),
            '-j',
            'ACCEPT',
          ]),
          `insert a rule accepting UDP ${portsText(chunk)} at the top of the INPUT chain`,
        ),
      );
    default:
      return [];
  }
}
