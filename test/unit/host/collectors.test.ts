import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFirewall, windowsFindings } from '../../../main/engine/host/firewall';
import { findPortOwners } from '../../../main/engine/host/owners';
import type { CommandResult, FileAccess } from '../../../main/engine/host/runner';
import {
  changeServices,
  detectElevation,
  listPbxServices,
  withServicesStopped,
} from '../../../main/engine/host/services';
import { parseWindowsFirewall } from '../../../main/engine/host/windows-parse';
import { startPreflight } from '../../../main/engine/preflight';
import { parsePortSpec } from '../../../shared/ports';
import type { ServicesReport } from '../../../shared/preflight';
import { fakeRunner } from './fake-runner';

const fixture = (name: string) => readFileSync(resolve(__dirname, '../../fixtures/os', name), 'utf8');
const noFiles: FileAccess = { readFile: async () => null, readdir: async () => null, readlink: async () => null };
const PORTS = [5060, 5090, ...Array.from({ length: 20 }, (_, i) => 9000 + i)];

describe('port owners on Windows', () => {
  it('names process, path and service from one PowerShell call, and the excluded ranges', async () => {
    const { runner, calls } = fakeRunner((line, script) => {
      if (script?.includes('Get-NetUDPEndpoint')) return { stdout: fixture('ps-owners.json') };
      if (line.includes('excludedportrange protocol=udp')) return { stdout: fixture('excludedportrange.txt') };
      if (line.includes('excludedportrange')) return { stdout: '' };
      return undefined;
    });
    const commands: CommandResult[] = [];
    const result = await findPortOwners({
      platform: 'win32',
      runner,
      files: noFiles,
      ports: PORTS,
      portSpec: '5060,5090,9000-9019',
      commands,
    });
    expect(result.method).toBe('powershell');
    expect(result.owners.find((o) => o.protocol === 'udp' && o.address === '0.0.0.0')).toMatchObject({
      port: 5060,
      pid: 4312,
      name: '3CXPhoneSystem.exe',
      path: 'C:\\Program Files\\3CX Phone System\\Bin\\3CXPhoneSystem.exe',
      services: ['3CXPhoneSystem01'],
      pbx: true,
    });
    expect(result.excludedRanges[0]).toEqual({ protocol: 'udp', from: 50000, to: 50059, administered: true });
    expect(calls.find((c) => c.script)?.env).toEqual({ VFC_PORTS: '5060,5090,9000-9019' }); // values by environment, not in the script
    expect(commands.length).toBe(3);
  });

  it('hands PowerShell the parsed ranges, not the text as typed (en dash, spaces), so its [int] casts read them', async () => {
    // What OWNERS_SCRIPT does with $env:VFC_PORTS: split on , then on -, cast each side to [int].
    const powershellReads = (list: string) =>
      list
        .split(',')
        .filter((item) => item)
        .map((item) => item.split('-'))
        .every((sides) => sides.length <= 2 && sides.every((side) => /^\s*\d+\s*$/.test(side)));
    const typed = '5060 ;5090, 9000 – 9019,9020 - 9021 10000';
    expect(powershellReads(typed)).toBe(false); // what went to PowerShell before
    const { runner, calls } = fakeRunner(() => ({ stdout: '' }));
    const ports = parsePortSpec(typed);
    await findPortOwners({ platform: 'win32', runner, files: noFiles, ports, portSpec: typed, commands: [] });
    const sent = calls.find((c) => c.script?.includes('Get-NetUDPEndpoint'))?.env?.VFC_PORTS ?? '';
    expect(sent).toBe('5060,5090,9000-9021,10000');
    expect(powershellReads(sent)).toBe(true);
  });

  it('falls back to netstat and tasklist when PowerShell fails', async () => {
    const { runner } = fakeRunner((line, script) => {
      if (script) return { stdout: fixture('ps-owners-error.json'), exitCode: 1 };
      if (line === 'netstat -ano') return { stdout: fixture('netstat-de.txt') };
      if (line === 'tasklist /svc /fo csv /nh') return { stdout: fixture('tasklist-svc.txt') };
      if (line === 'tasklist /fo csv /nh') return { stdout: fixture('tasklist-en.txt') };
      return { stdout: '' };
    });
    const result = await findPortOwners({
      platform: 'win32',
      runner,
      files: noFiles,
      ports: PORTS,
      portSpec: '',
      commands: [],
    });
    expect(result.method).toBe('netstat');
    expect(result.errors[0]).toMatch(/Access denied/);
    expect(result.owners.find((o) => o.protocol === 'udp' && o.port === 9000)).toMatchObject({
      pid: 3988,
      name: '3CXMediaServer.exe',
      services: ['3CXMediaServer'],
      pbx: true,
    });
  });

  it('says incomplete, never "free", when nothing can be listed', async () => {
    const { runner } = fakeRunner(() => undefined);
    const result = await findPortOwners({
      platform: 'win32',
      runner,
      files: noFiles,
      ports: PORTS,
      portSpec: '',
      commands: [],
    });
    expect(result).toMatchObject({ owners: [], method: 'none', complete: false });
    expect(result.errors.length).toBe(2);
  });
});

describe('port owners on Linux', () => {
  const files = (extra: Record<string, string> = {}): FileAccess => {
    const map: Record<string, string> = {
      '/etc/passwd': fixture('passwd.txt'),
      '/proc/net/udp': fixture('proc-net-udp.txt'),
      ...extra,
    };
    return { readFile: async (p) => map[p] ?? null, readdir: async () => null, readlink: async () => null };
  };

  it('joins ss (names, PIDs) with /proc/net (users)', async () => {
    const { runner } = fakeRunner((line) => (line.startsWith('ss ') ? { stdout: fixture('ss-root.txt') } : undefined));
    const result = await findPortOwners({
      platform: 'linux',
      runner,
      files: files(),
      ports: PORTS,
      portSpec: '',
      commands: [],
    });
    expect(result.method).toBe('ss');
    expect(result.owners.map((o) => [o.port, o.pid, o.name, o.user, o.pbx])).toEqual([
      [5060, 1187, '3CXPhoneSystem', 'phonesystem', true],
      [5090, 1203, '3CXTunnel', 'phonesystem', true],
      [9012, 1164, '3CXMediaServer', 'phonesystem', true],
    ]);
    expect(result.complete).toBe(true);
  });

  it('still names the user when ss cannot see other users’ processes, and says it is incomplete', async () => {
    const { runner } = fakeRunner((line) => (line.startsWith('ss ') ? { stdout: fixture('ss-user.txt') } : undefined));
    const result = await findPortOwners({
      platform: 'linux',
      runner,
      files: files(),
      ports: PORTS,
      portSpec: '',
      commands: [],
    });
    expect(result.owners.find((o) => o.port === 5060)).toMatchObject({ pid: null, user: 'phonesystem', pbx: true });
    expect(result.complete).toBe(false);
  });

  it('falls back to /proc alone, finding PIDs through /proc/<pid>/fd', async () => {
    const { runner } = fakeRunner(() => undefined); // no ss
    const fs: FileAccess = {
      readFile: async (p) =>
        ({
          '/etc/passwd': fixture('passwd.txt'),
          '/proc/net/udp': fixture('proc-net-udp.txt'),
          '/proc/1187/comm': '3CXPhoneSystem\n',
        })[p] ?? null,
      readdir: async (p) => ({ '/proc': ['1', '1187', 'self'], '/proc/1187/fd': ['0', '61'] })[p] ?? null,
      readlink: async (p) => (p === '/proc/1187/fd/61' ? 'socket:[24811]' : p.endsWith('/0') ? '/dev/null' : null),
    };
    const result = await findPortOwners({
      platform: 'linux',
      runner,
      files: fs,
      ports: PORTS,
      portSpec: '',
      commands: [],
    });
    expect(result.method).toBe('proc');
    expect(result.owners.find((o) => o.port === 5060)).toMatchObject({
      pid: 1187,
      name: '3CXPhoneSystem',
      user: 'phonesystem',
    });
    expect(result.owners.find((o) => o.port === 5090)).toMatchObject({ pid: null, user: 'phonesystem' });
  });
});

describe('port owners on macOS', () => {
  it('reads lsof, and takes its exit code 1 as "nothing found"', async () => {
    const { runner } = fakeRunner(() => ({ stdout: fixture('lsof.txt') }));
    const result = await findPortOwners({
      platform: 'darwin',
      runner,
      files: noFiles,
      ports: [5060],
      portSpec: '5060',
      commands: [],
    });
    expect(result.owners.map((o) => [o.port, o.pid, o.name])).toEqual([[5060, 12345, 'node']]);
    const none = await findPortOwners({
      platform: 'darwin',
      runner: fakeRunner(() => ({ exitCode: 1 })).runner,
      files: noFiles,
      ports: [5060],
      portSpec: '5060',
      commands: [],
    });
    expect(none).toMatchObject({ owners: [], complete: true });
  });
});

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

describe('PBX services', () => {
  const report = (): ServicesReport => ({
    pbx: [
      { name: '3CXPhoneSystem01', displayName: '', running: true },
      { name: '3CXMediaServer', displayName: '', running: true },
      { name: '3CXCallFlow01', displayName: '', running: false },
    ],
    elevated: true,
    stopRequested: true,
    stopped: [],
    restarted: [],
    failures: [],
    manualRestart: null,
  });

  it('stops the running ones, and starts them again even when the work throws', async () => {
    const { runner, calls } = fakeRunner(() => ({ stdout: '' }));
    const services = report();
    await expect(
      withServicesStopped({ platform: 'linux', runner, uid: 0, commands: [] }, services, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(calls.map((c) => c.line)).toEqual([
      'systemctl stop 3CXPhoneSystem01',
      'systemctl stop 3CXMediaServer',
      'systemctl start 3CXMediaServer',
      'systemctl start 3CXPhoneSystem01',
    ]);
    expect(services).toMatchObject({
      stopped: ['3CXPhoneSystem01', '3CXMediaServer'],
      restarted: ['3CXMediaServer', '3CXPhoneSystem01'],
      manualRestart: null,
    });
  });

  it('says loudly which restart failed and the command to run by hand (Windows)', async () => {
    const { runner } = fakeRunner((_line, script) => {
      if (script?.includes('Stop-Service'))
        return {
          stdout:
            '{"results":[{"Name":"3CXPhoneSystem01","Ok":true,"Error":null},{"Name":"3CXMediaServer","Ok":true,"Error":null}]}',
        };
      return {
        stdout:
          '{"results":[{"Name":"3CXMediaServer","Ok":true,"Error":null},{"Name":"3CXPhoneSystem01","Ok":false,"Error":"Cannot start service"}]}',
      };
    });
    const services = report();
    await withServicesStopped({ platform: 'win32', runner, uid: null, commands: [] }, services, async () => 'done');
    expect(services.failures).toEqual([
      { service: '3CXPhoneSystem01', action: 'start', message: 'Cannot start service' },
    ]);
    expect(services.manualRestart).toEqual({
      shell: 'powershell',
      command: "Start-Service -Name '3CXPhoneSystem01'",
      needsElevation: true,
    });
  });

  it('hands PowerShell the service names as a JSON list and stops each by its exact name (no wildcards, no comma split)', async () => {
    const names = ['3CX,Odd', '3CX*', "3CX'‘x’"];
    const { runner, calls } = fakeRunner(() => ({ stdout: '{"results":[]}' }));
    await changeServices({ platform: 'win32', runner, uid: null, commands: [] }, 'stop', names);
    const call = calls.find((c) => c.script?.includes('Stop-Service'))!;
    expect(JSON.parse(call.env!.VFC_SERVICES!)).toEqual(names);
    expect(call.script).toContain('$_.Name -eq $name');
    expect(call.script).not.toMatch(/-Name \$name|-split/);
  });

  it('lists and stops them with sc and net when PowerShell is locked down (Constrained Language Mode)', async () => {
    const clm = { stderr: fixture('ps-constrained-language-stderr.txt'), exitCode: 1 };
    const { runner, calls } = fakeRunner((line, script) => {
      if (script) return clm;
      if (line === 'sc query type= service state= all') return { stdout: fixture('sc-query-de.txt') };
      if (line === 'net stop 3CXMediaServer /y')
        return { stdout: '', stderr: 'Systemfehler 5 aufgetreten.\r\n\r\nZugriff verweigert', exitCode: 2 };
      if (line.startsWith('net ')) return { stdout: '' };
      return undefined;
    });
    const deps = { platform: 'win32' as const, runner, uid: null, commands: [] };
    const pbx = await listPbxServices(deps);
    expect(pbx).toEqual([
      { name: '3CXPhoneSystem01', displayName: '3CX PhoneSystem 01', running: true },
      { name: '3CXMediaServer', displayName: '3CX PhoneSystem Media Server', running: true },
      { name: '3CXQueueManager01', displayName: '3CX PhoneSystem Queue Manager', running: false },
    ]);
    const services = { ...report(), pbx };
    await withServicesStopped(deps, services, async () => 'done');
    expect(calls.filter((c) => c.line.startsWith('net ')).map((c) => c.line)).toEqual([
      'net stop 3CXPhoneSystem01 /y',
      'net stop 3CXMediaServer /y',
      'net start 3CXPhoneSystem01',
    ]);
    expect(services.stopped).toEqual(['3CXPhoneSystem01']);
    expect(services.restarted).toEqual(['3CXPhoneSystem01']);
    expect(services.failures).toEqual([
      {
        service: '3CXMediaServer',
        action: 'stop',
        message: 'Systemfehler 5 aufgetreten. (PowerShell: MethodInvocationNotSupportedInConstrainedLanguage)',
      },
    ]);
  });

  it('detects elevation from whoami on Windows and the uid elsewhere', async () => {
    const high = fakeRunner(() => ({ stdout: fixture('whoami-groups-high.txt') })).runner;
    expect(await detectElevation({ platform: 'win32', runner: high, uid: null, commands: [] })).toBe(true);
    expect(await detectElevation({ platform: 'linux', runner: high, uid: 1000, commands: [] })).toBe(false);
    expect(await detectElevation({ platform: 'darwin', runner: high, uid: 0, commands: [] })).toBe(true);
  });
});

describe('the whole pre-flight', () => {
  it('returns owners and services at once, and the firewall when ready, recording every command', async () => {
    const { runner } = fakeRunner((line, script) => {
      if (script?.includes('Get-NetUDPEndpoint')) return { stdout: fixture('ps-owners.json') };
      if (script?.includes('Get-Service'))
        return {
          stdout: '{"services":[{"Name":"3CXPhoneSystem01","DisplayName":"3CX PhoneSystem 01","Status":"Running"}]}',
        };
      if (script?.includes('Get-NetFirewallProfile')) return { stdout: fixture('ps-firewall-profiles.json') };
      if (script?.includes('Get-NetFirewallRule')) return { stdout: fixture('ps-firewall-rules.json') };
      if (line.startsWith('whoami')) return { stdout: fixture('whoami-groups-medium.txt') };
      return { stdout: '' };
    });
    const run = await startPreflight(PORTS, '5060,5090,9000-9019', {
      platform: 'win32',
      runner,
      files: noFiles,
      programPath: 'C:\\x.exe',
    });
    expect(run.owners.owners.length).toBe(4);
    expect(run.services).toMatchObject({ elevated: false, pbx: [{ name: '3CXPhoneSystem01', running: true }] });
    const preflight = await run.complete;
    expect(preflight.firewall.product).toBe('windows-firewall');
    expect(run.commands.length).toBeGreaterThanOrEqual(7);
  });
});
