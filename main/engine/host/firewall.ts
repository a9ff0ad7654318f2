/**
 * The host firewall: is it on, does something block the checked ports, and the exact command that
 * lets the traffic in. Windows reads the active policy store (Group Policy included); Linux finds
 * which of ufw, firewalld, nftables or iptables is in charge (without root where possible, and
 * "unknown", never "inactive", when root is needed); macOS reads the application firewall.
 */
import type { FirewallFinding, FirewallReport, FixCommand } from '../../../shared/preflight';
import { foldRanges } from '../../../shared/ports';
import {
  firewalldCoverage,
  firewalldInternetZone,
  parseFirewalldService,
  parseFirewalldZones,
} from './firewalld-rules';
import { iptablesInputCoverage, ufwInputCoverage } from './iptables-rules';
import { mergeCoverage, type InputCoverage } from './linux-rules';
import { nftInputCoverage, nftIptablesTables } from './nft-rules';
import {
  linuxFixes,
  macosFix,
  portList,
  SOCKETFILTERFW,
  windowsFixes,
  windowsUnblockProgramFix,
  type LinuxFixTarget,
} from './fixes';
import { visible } from './quote';
import { FIREWALL_PROFILES_SCRIPT, FIREWALL_RULES_SCRIPT, runPowerShell } from './powershell';
import { lines, succeeded, type CommandResult, type CommandRunner, type Platform } from './runner';
import { parseWindowsFirewall, type FirewallRule, type WindowsFirewallData } from './windows-parse';

/** What the firewall check needs. */
export interface FirewallDeps {
  platform: Platform;
  runner: CommandRunner;
  ports: readonly number[];
  /** This program's executable, to find block rules that name it. */
  programPath: string;
  /** Time limit for the rule enumeration (slow on hosts with thousands of rules). */
  timeoutMs: number;
  elevated: boolean | null;
  commands: CommandResult[];
}

/** Does a Windows rule's LocalPort list (e.g. ["5060", "9000-10999"] or ["Any"]) cover `port`? */
function rulePortsCover(localPorts: readonly string[], port: number): boolean {
  if (localPorts.length === 0) return true;
  return localPorts.some((p) => {
    if (/^any$/i.test(p)) return true;
    const m = /^(\d+)(?:-(\d+))?$/.exec(p.trim());
    return !!m && port >= Number(m[1]) && port <= Number(m[2] ?? m[1]);
  });
}

const profileApplies = (rule: FirewallRule, active: readonly string[]) =>
  /any/i.test(rule.profile) || active.length === 0 || active.some((a) => rule.profile.includes(a));
const isAny = (text: string) => text === '' || /^any$/i.test(text);

/** Decides findings from Windows data (Microsoft's precedence: an explicit block beats any allow). */
export function windowsFindings(
  data: WindowsFirewallData,
  ports: readonly number[],
  programPath: string,
): FirewallReport {
  const findings: FirewallFinding[] = [];
  const profiles = data.profiles.map((p) => ({ name: p.name, enabled: p.enabled !== 'False' }));
  const active = data.activeCategories.length ? data.activeCategories : data.profiles.map((p) => p.name);
  const activeProfiles = data.profiles.filter((p) => active.includes(p.name));
  const on = activeProfiles.filter((p) => p.enabled !== 'False');
  const ranges = foldRanges(ports);
  if (on.length === 0) {
    findings.push({
      kind: 'FIREWALL_OFF',
      severity: 'info',
      detail: `off for the active profile(s): ${active.join(', ')}`,
    });
    return { product: 'windows-firewall', state: 'off', profiles, activeProfiles: active, findings, fixes: [] };
  }
  findings.push({ kind: 'FIREWALL_ON', severity: 'info', detail: `on for ${on.map((p) => p.name).join(', ')}` });
  for (const p of on) {
    if (p.allowInboundRules === 'False') {
      findings.push({
        kind: 'INBOUND_RULES_IGNORED',
        severity: 'error',
        detail: `${p.name}: inbound allow rules are ignored (block all incoming)`,
      });
    }
    if (p.allowLocalFirewallRules === 'False') {
      findings.push({
        kind: 'LOCAL_RULES_IGNORED',
        severity: 'warning',
        detail: `${p.name}: Group Policy ignores local rules; add the rule through Group Policy`,
      });
    }
  }
  if (data.rules === null) {
    findings.push({
      kind: 'RULES_UNKNOWN',
      severity: 'warning',
      detail: 'the firewall rules could not be read in time',
    });
    return {
      product: 'windows-firewall',
      state: 'on',
      profiles,
      activeProfiles: active,
      findings,
      fixes: windowsFixes(ranges),
    };
  }
  const relevant = data.rules.filter(
    (r) => profileApplies(r, active) && (isAny(r.protocol) || /udp/i.test(r.protocol)) && isAny(r.service),
  );
  const program = programPath.toLowerCase();
  // A rule limited to some remote addresses (a trunk's IPs, LocalSubnet) concerns only those senders:
  // a block stops only them, an allow may not let the STUN server's answers, or callers, in.
  const anywhere = (r: FirewallRule) => r.remoteAddresses.every(isAny);
  for (const rule of relevant.filter((r) => r.action === 'Block')) {
    const forProgram = !isAny(rule.program) && expandEnv(rule.program).toLowerCase() === program;
    const forPorts = isAny(rule.program) && ports.some((p) => rulePortsCover(rule.localPorts, p));
    if (forProgram)
      findings.push({
        kind: 'BLOCK_RULE_FOR_PROGRAM',
        severity: 'error',
        detail: `"${rule.displayName}" blocks this program (${rule.profile})`,
      });
    else if (forPorts) {
      const limited = !anywhere(rule);
      findings.push({
        kind: 'BLOCK_RULE_FOR_PORTS',
        severity: limited ? 'warning' : 'error',
        detail: `"${rule.displayName}" blocks UDP ${rule.localPorts.join(',')}${limited ? ` from ${rule.remoteAddresses.join(', ')}` : ''}`,
      });
    }
  }
  const allows = relevant.filter(
    (r) => r.action === 'Allow' && (isAny(r.program) || expandEnv(r.program).toLowerCase() === program),
  );
  const open = allows.filter(anywhere);
  const limited = allows.filter((r) => !anywhere(r));
  const uncovered = ports.filter((p) => !open.some((r) => rulePortsCover(r.localPorts, p)));
  const onlyLimited = uncovered.filter((p) => limited.some((r) => rulePortsCover(r.localPorts, p)));
  const notAllowed = uncovered.filter((p) => !onlyLimited.includes(p));
  if (notAllowed.length)
    findings.push({
      kind: 'PORTS_NOT_ALLOWED',
      severity: 'warning',
      detail: `no allow rule for UDP ${portList(foldRanges(notAllowed))}`,
    });
  if (onlyLimited.length) {
    const rules = limited.filter((r) => onlyLimited.some((p) => rulePortsCover(r.localPorts, p)));
    findings.push({
      kind: 'ALLOW_RULE_CONDITIONAL',
      severity: 'warning',
      detail: `UDP ${portList(foldRanges(onlyLimited))} allowed only from some remote addresses: ${rules
        .map((r) => `"${r.displayName}" (${r.remoteAddresses.join(', ')})`)
        .join(', ')}`,
    });
  }
  if (uncovered.length < ports.length)
    findings.push({
      kind: 'ALLOW_RULE_PRESENT',
      severity: 'info',
      detail: open
        .filter((r) => ports.some((p) => rulePortsCover(r.localPorts, p)))
        .map((r) => `"${r.displayName}"`)
        .join(', '),
    });
  const fixes = uncovered.length ? windowsFixes(foldRanges(uncovered)) : [];
  if (findings.some((f) => f.kind === 'BLOCK_RULE_FOR_PROGRAM')) {
    fixes.push(windowsUnblockProgramFix(programPath));
  }
  return { product: 'windows-firewall', state: 'on', profiles, activeProfiles: active, findings, fixes };
}

function expandEnv(path: string): string {
  return path.replace(/%SystemRoot%/gi, 'C:\\Windows').replace(/%ProgramFiles%/gi, 'C:\\Program Files');
}

/**
 * Reads the host firewall. Never throws; what could not be read is "unknown". Finding details
 * quote names read from the OS (chains, zones, rule names): control characters are made visible.
 */
export async function readFirewall(deps: FirewallDeps): Promise<FirewallReport> {
  const report = await readHostFirewall(deps);
  return { ...report, findings: report.findings.map((f) => ({ ...f, detail: visible(f.detail) })) };
}

async function readHostFirewall(deps: FirewallDeps): Promise<FirewallReport> {
  const run = async (command: string, args: string[], timeoutMs = 10_000) => {
    const result = await deps.runner.run(command, args, { timeoutMs });
    deps.commands.push(result);
    return result;
  };
  if (deps.platform === 'win32') return windowsFirewall(deps);
  if (deps.platform === 'darwin') {
    const result = await run(SOCKETFILTERFW, ['--getglobalstate']);
    const state = /State = 1|enabled/i.test(result.stdout)
      ? 'on'
      : /State = 0|disabled/i.test(result.stdout)
        ? 'off'
        : 'unknown';
    return {
      product: 'macos-application-firewall',
      state,
      profiles: [],
      activeProfiles: [],
      findings: [
        {
          kind: state === 'on' ? 'FIREWALL_ON' : state === 'off' ? 'FIREWALL_OFF' : 'RULES_UNKNOWN',
          severity: 'info',
          detail: result.stdout.trim() || result.error || '',
        },
      ],
      fixes: state === 'on' ? [macosFix(deps.programPath)] : [],
    };
  }
  return linuxFirewall(deps, run);
}

async function windowsFirewall(deps: FirewallDeps): Promise<FirewallReport> {
  const [profilesRun, rulesRun] = await Promise.all([
    runPowerShell(deps.runner, FIREWALL_PROFILES_SCRIPT, {}, Math.min(deps.timeoutMs, 20_000)),
    runPowerShell(deps.runner, FIREWALL_RULES_SCRIPT, {}, deps.timeoutMs),
  ]);
  deps.commands.push(profilesRun, rulesRun);
  let data: WindowsFirewallData;
  try {
    data = parseWindowsFirewall(profilesRun.stdout);
  } catch (error) {
    return unknown('windows-firewall', `profiles: ${(error as Error).message}`, windowsFixes(foldRanges(deps.ports)));
  }
  try {
    data.rules = succeeded(rulesRun) ? parseWindowsFirewall(rulesRun.stdout).rules : null;
  } catch {
    data.rules = null;
  }
  const report = windowsFindings(data, deps.ports, deps.programPath);
  if (rulesRun.timedOut) {
    const finding = report.findings.find((f) => f.kind === 'RULES_UNKNOWN');
    if (finding) finding.detail = `the rule list took longer than ${Math.round(deps.timeoutMs / 1000)} s`;
  }
  return report;
}

function unknown(product: FirewallReport['product'], detail: string, fixes: FixCommand[]): FirewallReport {
  return {
    product,
    state: 'unknown',
    profiles: [],
    activeProfiles: [],
    findings: [{ kind: 'RULES_UNKNOWN', severity: 'warning', detail }],
    fixes,
  };
}

type Run = (command: string, args: string[], timeoutMs?: number) => Promise<CommandResult>;

const needsRoot = (r: CommandResult) =>
  /root|permission denied|not permitted|authoriz/i.test(r.stderr + r.stdout) || r.exitCode === 126;

async function linuxFirewall(deps: FirewallDeps, run: Run): Promise<FirewallReport> {
  const ranges = foldRanges(deps.ports);
  const report = (
    product: FirewallReport['product'],
    state: FirewallReport['state'],
    findings: FirewallFinding[],
  ): FirewallReport => ({
    product,
    state,
    profiles: [],
    activeProfiles: [],
    findings,
    fixes: state === 'off' ? [] : linuxFixes(product, ranges),
  });
  const units = await run('systemctl', ['is-active', 'ufw', 'firewalld', 'nftables']);
  const [ufwUnit, firewalldUnit, nftUnit] = lines(units.stdout).map((l) => l.trim());
  if (ufwUnit === 'active') {
    const status = await run('ufw', ['status', 'verbose']);
    if (!succeeded(status)) {
      return report('ufw', 'unknown', [
        {
          kind: needsRoot(status) ? 'NEEDS_ROOT' : 'RULES_UNKNOWN',
          severity: 'warning',
          detail: 'ufw status needs root',
        },
      ]);
    }
    const ufw = ufwInputCoverage(status.stdout, deps.ports);
    if (!ufw) return report('ufw', 'off', [{ kind: 'FIREWALL_OFF', severity: 'info', detail: 'ufw inactive' }]);
    return coverageReport('ufw', ufw, { ufwFirst: ufw.denyRules });
  }
  if (firewalldUnit === 'active') {
    const list = await run('firewall-cmd', ['--list-all-zones']);
    if (!succeeded(list))
      return report('firewalld', 'on', [
        {
          kind: needsRoot(list) ? 'NEEDS_ROOT' : 'RULES_UNKNOWN',
          severity: 'warning',
          detail: 'firewall-cmd --list-all-zones failed',
        },
      ]);
    const zone = firewalldInternetZone(parseFirewalldZones(list.stdout));
    if (!zone)
      return report('firewalld', 'on', [
        { kind: 'RULES_UNKNOWN', severity: 'warning', detail: 'no active firewalld zone with an interface' },
      ]);
    const services = new Map<string, string[]>();
    for (const name of zone.services.filter((s) => /^[\w.+-]+$/.test(s))) {
      const info = await run('firewall-cmd', [`--info-service=${name}`]);
      if (succeeded(info)) services.set(name, parseFirewalldService(info.stdout));
    }
    const coverage = firewalldCoverage(zone, services, deps.ports);
    return coverageReport('firewalld', coverage, { zone: zone.name, removeRichRules: coverage.blockingRichRules });
  }
  const nft = await run('nft', ['-j', 'list', 'ruleset']);
  if (succeeded(nft)) {
    try {
      // Rules written with iptables (nf_tables backend) lose their options in nft's JSON.
      const legacy = nftIptablesTables(nft.stdout);
      const iptables = legacy.size ? await run('iptables', ['-S']) : null;
      if (iptables && succeeded(iptables)) {
        const ipt = iptablesInputCoverage(iptables.stdout, deps.ports);
        const rest = nftInputCoverage(nft.stdout, deps.ports, new Set(['ip filter']));
        if (rest.chains.length === 0) return coverageReport('iptables', ipt);
        const merged = mergeCoverage(rest, ipt);
        return coverageReport(merged.blockingChain === ipt.blockingChain ? 'iptables' : 'nftables', merged);
      }
      return coverageReport('nftables', nftInputCoverage(nft.stdout, deps.ports));
    } catch {
      return report('nftables', 'unknown', [
        { kind: 'RULES_UNKNOWN', severity: 'warning', detail: 'unreadable nft output' },
      ]);
    }
  }
  const iptables = await run('iptables', ['-S']);
  if (succeeded(iptables)) return coverageReport('iptables', iptablesInputCoverage(iptables.stdout, deps.ports));
  if (needsRoot(nft) || needsRoot(iptables) || nftUnit === 'active') {
    return report(nftUnit === 'active' ? 'nftables' : 'unknown', 'unknown', [
      { kind: 'NEEDS_ROOT', severity: 'warning', detail: 'reading nftables/iptables rules needs root' },
    ]);
  }
  return report('none', 'off', [
    { kind: 'NO_FIREWALL_FOUND', severity: 'info', detail: 'no ufw, firewalld, nftables or iptables rules found' },
  ]);
}

/** Findings and fixes from following each port through the Linux firewall's rules (InputCoverage). */
export function coverageReport(
  product: 'nftables' | 'iptables' | 'ufw' | 'firewalld',
  coverage: InputCoverage,
  at: Omit<LinuxFixTarget, 'chain'> = {},
): FirewallReport {
  const where = coverage.chains.join(', ') || 'no input chain';
  const base = { product, profiles: [], activeProfiles: [] };
  if (coverage.chains.length === 0)
    return {
      ...base,
      product: 'none',
      state: 'off',
      findings: [{ kind: 'NO_FIREWALL_FOUND', severity: 'info', detail: `no ${product} input chain` }],
      fixes: [],
    };
  const findings: FirewallFinding[] = [];
  if (coverage.blocked.length)
    findings.push({
      kind: 'PORTS_NOT_ALLOWED',
      severity: 'warning',
      detail: `${where} drops UDP ${portList(foldRanges(coverage.blocked))}`,
    });
  if (coverage.conditional.length)
    findings.push({
      kind: 'ALLOW_RULE_CONDITIONAL',
      severity: 'warning',
      detail: `${where} lets UDP ${portList(foldRanges(coverage.conditional))} in only under a condition (source address, interface, mark or rate)`,
    });
  if (coverage.allowed.length)
    findings.push({
      kind: 'ALLOW_RULE_PRESENT',
      severity: 'info',
      detail: `${where} lets UDP ${portList(foldRanges(coverage.allowed))} in`,
    });
  const open = foldRanges([...coverage.blocked, ...coverage.conditional].sort((a, b) => a - b));
  const chain = coverage.blockingChain ?? { family: 'inet', table: 'filter', chain: 'input' };
  const fixes = open.length === 0 ? [] : linuxFixes(product, open, { ...at, chain });
  return { ...base, state: 'on', findings, fixes };
}
