/**
 * The host firewall read through fixtures: Windows findings and fixes, ufw, firewalld, nftables,
 * iptables, macOS.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFirewall, windowsFindings } from '../../../main/engine/host/firewall';
import type { CommandResult } from '../../../main/engine/host/runner';
import { parseWindowsFirewall } from '../../../main/engine/host/windows-parse';
import { fakeRunner } from './fake-runner';

const fixture = (name: string) => readFileSync(resolve(__dirname, '../../fixtures/os', name), 'utf8');

describe('Windows firewall findings', () => {
  const data = (rules: boolean) => {
    const d = parseWindowsFirewall(fixture('ps-firewall-profiles.json'));
    d.profiles = d.profiles.map((p) => ({ ...p, enabled: 'True' }));
    if (rules) d.rules = parseWindowsFirewall(fixture('ps-firewall-rules.json')).rules;
    return d;
  };
  const exe = 'C:\\users\\admin\\appdata\\local\\programs\\voipporttester\\voipporttester.exe';

  it('finds the prompt-created block rule for this program and gives the commands to remove it', () => {
    const report = windowsFindings(data(true), [5060, 5090, 9000], exe);
    expect(report.findings.map((f) => f.kind)).toEqual(['FIREWALL_ON', 'BLOCK_RULE_FOR_PROGRAM', 'ALLOW_RULE_PRESENT']);
    expect(report.fixes.some((f) => f.command.includes('Remove-NetFirewallRule'))).toBe(true);
  });

  it('gives PowerShell and netsh commands for the ports no rule allows, for every profile', () => {
    const report = windowsFindings(data(true), [5060, 11000, 11001], 'C:\\other.exe');
    expect(report.findings.map((f) => [f.kind, f.detail])).toEqual([
      ['FIREWALL_ON', 'on for Public'],
      ['PORTS_NOT_ALLOWED', 'no allow rule for UDP 11000-11001'],
      ['ALLOW_RULE_PRESENT', '"VoIP Port Tester (UDP 5060,5090,9000-10999)"'],
    ]);
    expect(report.fixes).toEqual([
      {
        shell: 'powershell',
        command: `New-NetFirewallRule -DisplayName 'VoIP Firewall Checker (UDP 11000-11001)' -Direction Inbound -Protocol UDP -LocalPort '11000-11001' -Action Allow -Profile Any`,
        needsElevation: true,
      },
      {
        shell: 'cmd',
        command:
          'netsh advfirewall firewall add rule name="VoIP Firewall Checker (UDP 11000-11001)" dir=in action=allow protocol=UDP localport=11000-11001 profile=any',
        needsElevation: true,
      },
    ]);
  });

  it('tells a rule limited to some remote addresses (a trunk’s IPs) from one open to all', () => {
    const d = data(true);
    d.activeCategories = ['Domain'];
    d.profiles = d.profiles.map((p) => ({ ...p, enabled: 'True' }));
    d.rules = d.rules!.filter((r) => r.displayName === 'Corp SIP trunk');
    const report = windowsFindings(d, [5060, 5090], 'C:\\other.exe');
    expect(report.findings.map((f) => [f.kind, f.detail])).toEqual([
      ['FIREWALL_ON', 'on for Domain'],
      ['PORTS_NOT_ALLOWED', 'no allow rule for UDP 5090'],
      [
        'ALLOW_RULE_CONDITIONAL',
        'UDP 5060 allowed only from some remote addresses: "Corp SIP trunk" (203.0.113.0/255.255.255.0)',
      ],
    ]);
    expect(report.fixes[0]?.command).toContain(`-LocalPort '5060','5090'`);
  });

  it('tells a block rule for everyone (an error) from one for some remote addresses (a warning)', () => {
    const d = data(true);
    const block = (name: string, remote: string[]) => ({
      ...d.rules![0]!,
      displayName: name,
      action: 'Block',
      profile: 'Any',
      localPorts: ['9000-9099'],
      remoteAddresses: remote,
    });
    d.rules = [block('all senders', ['Any']), block('one network', ['198.51.100.0/24'])];
    const blocks = windowsFindings(d, [9000], 'C:\\other.exe').findings.filter(
      (f) => f.kind === 'BLOCK_RULE_FOR_PORTS',
    );
    expect(blocks.map((f) => [f.severity, f.detail])).toEqual([
      ['error', '"all senders" blocks UDP 9000-9099'],
      ['warning', '"one network" blocks UDP 9000-9099 from 198.51.100.0/24'],
    ]);
  });

  it('says OFF when the active profile is off (the Public profile of the fixture)', () => {
    const d = parseWindowsFirewall(fixture('ps-firewall-profiles.json'));
    expect(windowsFindings(d, [5060], exe)).toMatchObject({
      state: 'off',
      findings: [{ kind: 'FIREWALL_OFF' }],
      fixes: [],
    });
  });

  it('flags "block all incoming" and Group Policy ignoring local rules', () => {
    const d = data(true);
    d.profiles = d.profiles.map((p) => ({ ...p, allowInboundRules: 'False', allowLocalFirewallRules: 'False' }));
    const kinds = windowsFindings(d, [5060], 'x').findings.map((f) => f.kind);
    expect(kinds).toContain('INBOUND_RULES_IGNORED');
    expect(kinds).toContain('LOCAL_RULES_IGNORED');
  });

  it('reports the rules as unknown (not as allowed) when their listing timed out', async () => {
    const { runner } = fakeRunner((_line, script) =>
      script?.includes('Get-NetFirewallRule')
        ? { timedOut: true, exitCode: null, error: 'ETIMEDOUT' }
        : {
            stdout: JSON.stringify({
              profiles: [{ Name: 'Public', Enabled: 'True' }],
              active: [{ Category: 'Public' }],
            }),
          },
    );
    const report = await readFirewall({
      platform: 'win32',
      runner,
      ports: [5060],
      programPath: exe,
      timeoutMs: 1000,
      elevated: false,
      commands: [],
    });
    expect(report.state).toBe('on');
    expect(report.findings.find((f) => f.kind === 'RULES_UNKNOWN')?.detail).toMatch(/longer than 1 s/);
    expect(report.fixes.length).toBe(2);
  });
});

describe('Linux and macOS firewall', () => {
  const linux = (answers: Record<string, Partial<CommandResult>>, ports = [5060, 9000, 11000]) =>
    readFirewall({
      platform: 'linux',
      runner: fakeRunner((line) => answers[line]).runner,
      ports,
      programPath: '/usr/bin/node',
      timeoutMs: 1000,
      elevated: true,
      commands: [],
    });

  it('reads ufw and lists the ports it does not allow, with the ufw command', async () => {
    const report = await linux({
      'systemctl is-active ufw firewalld nftables': { stdout: 'active\ninactive\ninactive\n', exitCode: 3 },
      'ufw status verbose': { stdout: fixture('ufw-status.txt') },
    });
    expect(report).toMatchObject({ product: 'ufw', state: 'on' });
    expect(report.findings.map((f) => [f.kind, f.detail])).toEqual([
      ['PORTS_NOT_ALLOWED', 'ufw drops UDP 11000'],
      ['ALLOW_RULE_PRESENT', 'ufw lets UDP 5060,9000 in'],
    ]);
    expect(report.fixes.map((f) => f.command)).toEqual(['sudo ufw allow 11000/udp']);
  });

  it('follows ufw rules in order: a DENY before a broader ALLOW, sources, interfaces, multi-port rules', async () => {
    const report = await linux(
      {
        'systemctl is-active ufw firewalld nftables': { stdout: 'active\ninactive\ninactive\n', exitCode: 3 },
        'ufw status verbose': { stdout: fixture('ufw-status-mixed.txt') },
      },
      [5060, 5090, 9000, 9499, 9500, 9899, 9900, 9999, 10000, 10999, 11000],
    );
    expect(report.findings.map((f) => [f.kind, f.detail])).toEqual([
      ['PORTS_NOT_ALLOWED', 'ufw drops UDP 9900,9999'],
      [
        'ALLOW_RULE_CONDITIONAL',
        'ufw lets UDP 9000,9499,11000 in only under a condition (source address, interface, mark or rate)',
      ],
      ['ALLOW_RULE_PRESENT', 'ufw lets UDP 5060,5090,9500,9899,10000,10999 in'],
    ]);
    // A DENY rule exists, so the allow goes first.
    expect(report.fixes.map((f) => f.command)).toEqual([
      'sudo ufw insert 1 allow 9000/udp && sudo ufw insert 1 allow 9499/udp && sudo ufw insert 1 allow 9900/udp && sudo ufw insert 1 allow 9999/udp && sudo ufw insert 1 allow 11000/udp',
    ]);
  });

  it('says "needs root", never "inactive", when ufw refuses a normal user', async () => {
    const report = await linux({
      'systemctl is-active ufw firewalld nftables': { stdout: 'active\ninactive\ninactive\n', exitCode: 3 },
      'ufw status verbose': { stderr: 'ERROR: You need to be root to run this script', exitCode: 1 },
    });
    expect(report).toMatchObject({ product: 'ufw', state: 'unknown', findings: [{ kind: 'NEEDS_ROOT' }] });
  });

  it('reads the firewalld zone of the interface: services, ports, rich rules in firewalld’s order', async () => {
    const report = await linux(
      {
        'systemctl is-active ufw firewalld nftables': { stdout: 'inactive\nactive\ninactive\n', exitCode: 3 },
        'firewall-cmd --list-all-zones': { stdout: fixture('firewalld-list-all-zones.txt') },
        'firewall-cmd --info-service=sip': { stdout: fixture('firewalld-info-service-sip.txt') },
        'firewall-cmd --info-service=ssh': { stdout: fixture('firewalld-info-service-ssh.txt') },
      },
      [5060, 5090, 9000, 9989, 9990, 9999, 10000, 11000],
    );
    expect(report.findings.map((f) => [f.kind, f.detail])).toEqual([
      ['PORTS_NOT_ALLOWED', 'firewalld zone public drops UDP 9990,9999,11000'],
      [
        'ALLOW_RULE_CONDITIONAL',
        'firewalld zone public lets UDP 10000 in only under a condition (source address, interface, mark or rate)',
      ],
      ['ALLOW_RULE_PRESENT', 'firewalld zone public lets UDP 5060,5090,9000,9989 in'],
    ]);
    // The zone's drop rule beats any open port: the fix removes it, then opens the ports.
    expect(report.fixes.map((f) => f.command)).toEqual([
      `sudo firewall-cmd --permanent --zone=public --remove-rich-rule='rule family="ipv4" port port="9990-9999" protocol="udp" drop' && sudo firewall-cmd --permanent --zone=public --add-port=9990/udp --add-port=9999-10000/udp --add-port=11000/udp && sudo firewall-cmd --reload`,
    ]);
  });

  it('says "needs root" when firewalld refuses to list its zones', async () => {
    const report = await linux({
      'systemctl is-active ufw firewalld nftables': { stdout: 'inactive\nactive\ninactive\n', exitCode: 3 },
      'firewall-cmd --list-all-zones': {
        stderr: 'Authorization failed.\n    Make sure polkit agent is running or run the application as superuser.',
        exitCode: 1,
      },
    });
    expect(report).toMatchObject({ product: 'firewalld', findings: [{ kind: 'NEEDS_ROOT' }] });
  });

  it('sees an nftables input chain that drops by default', async () => {
    const ruleset = JSON.stringify({
      nftables: [{ chain: { table: 'filter', name: 'input', hook: 'input', policy: 'drop' } }],
    });
    const report = await linux({
      'systemctl is-active ufw firewalld nftables': { stdout: 'inactive\ninactive\nactive\n', exitCode: 3 },
      'nft -j list ruleset': { stdout: ruleset },
    });
    expect(report).toMatchObject({ product: 'nftables', state: 'on', findings: [{ kind: 'PORTS_NOT_ALLOWED' }] });
  });

  it('reads iptables rules (nf_tables backend) from iptables -S, since nft’s JSON drops their options', async () => {
    const report = await linux({
      'systemctl is-active ufw firewalld nftables': { stdout: 'inactive\ninactive\ninactive\n', exitCode: 3 },
      'nft -j list ruleset': { stdout: fixture('nft-real-iptables-nft.json') },
      'iptables -S': { stdout: fixture('iptables-S-real.txt') },
    });
    expect(report.product).toBe('iptables');
    expect(report.findings.map((f) => [f.kind, f.detail])).toEqual([
      ['PORTS_NOT_ALLOWED', 'INPUT drops UDP 11000'],
      ['ALLOW_RULE_PRESENT', 'INPUT lets UDP 5060,9000 in'],
    ]);
    expect(report.fixes.map((f) => f.command)).toEqual([
      'sudo iptables -I INPUT -p udp -m multiport --dports 11000 -j ACCEPT',
    ]);
  });

  it('says unknown when nft and iptables need root', async () => {
    const report = await linux({
      'systemctl is-active ufw firewalld nftables': { stdout: 'inactive\ninactive\nactive\n', exitCode: 3 },
      'nft -j list ruleset': { stderr: 'Operation not permitted (you must be root)', exitCode: 1 },
      'iptables -S': { stderr: 'Permission denied (you must be root)', exitCode: 4 },
    });
    expect(report).toMatchObject({ state: 'unknown', findings: [{ kind: 'NEEDS_ROOT' }] });
  });

  it('reads the macOS application firewall', async () => {
    const report = await readFirewall({
      platform: 'darwin',
      runner: fakeRunner(() => ({ stdout: 'Firewall is enabled. (State = 1)\n' })).runner,
      ports: [5060],
      programPath: '/Applications/VoIP Firewall Checker.app',
      timeoutMs: 1000,
      elevated: false,
      commands: [],
    });
    expect(report).toMatchObject({ product: 'macos-application-firewall', state: 'on' });
  });
});
