import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseLsof,
  parseNetstat,
  parsePasswd,
  parseProcNet,
  parseSs,
  splitHostPort,
} from '../../../main/engine/host/sockets';
import {
  parseCsv,
  parseCsvLine,
  parseExcludedRanges,
  parsePowerShellOwners,
  parseTasklist,
  parseWhoamiElevated,
  parseWindowsFirewall,
} from '../../../main/engine/host/windows-parse';
import { FIREWALL_PROFILES_SCRIPT, FIREWALL_RULES_SCRIPT, OWNERS_SCRIPT } from '../../../main/engine/host/powershell';
import { createProcessRunner, windowsToolPath } from '../../../main/engine/host/runner';
import { parseSystemdUnits } from '../../../main/engine/host/services';

const fixture = (name: string, encoding: BufferEncoding = 'utf8') =>
  readFileSync(resolve(__dirname, '../../fixtures/os', name), encoding);

describe('netstat -ano', () => {
  it('reads UDP rows (4 tokens) and listening TCP rows, IPv4 and IPv6, in English', () => {
    const entries = parseNetstat(fixture('netstat-en.txt'));
    expect(entries.filter((e) => e.port === 5060)).toEqual([
      { protocol: 'tcp', address: '0.0.0.0', port: 5060, family: 4, pid: 4312 },
      { protocol: 'tcp', address: '::', port: 5060, family: 6, pid: 4312 },
      { protocol: 'udp', address: '0.0.0.0', port: 5060, family: 4, pid: 4312 },
      { protocol: 'udp', address: '::', port: 5060, family: 6, pid: 4312 },
    ]);
    expect(entries.find((e) => e.port === 58510)).toMatchObject({
      address: 'fe80::1c2d:8a3f:b2e4:91a7',
      family: 6,
      pid: 5012,
    });
    expect(entries.filter((e) => e.port === 5353 && e.family === 4)).toHaveLength(1); // duplicates merged
    expect(entries.some((e) => e.pid === 0)).toBe(false); // TIME_WAIT has no owner
    expect(entries.some((e) => e.port === 52114)).toBe(false); // established, not listening
  });

  it('reads German output (translated states), also as raw cp850 bytes', () => {
    for (const text of [fixture('netstat-de.txt'), fixture('netstat-de-cp850.txt', 'latin1')]) {
      const entries = parseNetstat(text);
      expect(entries.filter((e) => e.port === 5060).map((e) => `${e.protocol} ${e.address} ${e.pid}`)).toEqual([
        'tcp 0.0.0.0 4312',
        'tcp :: 4312',
        'udp 0.0.0.0 4312',
        'udp :: 4312',
      ]);
      expect(entries.find((e) => e.port === 9000)?.pid).toBe(3988);
    }
  });

  it('reads French output, whose header has no PID column', () => {
    const entries = parseNetstat(fixture('netstat-fr.txt'));
    expect(entries.filter((e) => e.protocol === 'udp').map((e) => e.port)).toEqual([5060, 5353, 5060]);
  });

  it('ignores the owner lines of -b', () => {
    expect(parseNetstat(fixture('netstat-anob.txt')).map((e) => `${e.protocol}:${e.port}:${e.pid}`)).toEqual([
      'tcp:135:968',
      'tcp:445:4',
      'tcp:5060:4312',
      'udp:5060:4312',
      'udp:137:4',
      'udp:62261:1036',
    ]);
  });

  it('finds nothing in garbage or an error message', () => {
    expect(parseNetstat('The requested operation requires elevation.\r\n')).toEqual([]);
    expect(parseNetstat('UDP nonsense here 12')).toEqual([]);
  });

  it('splits every address form', () => {
    expect(splitHostPort('[fe80::1%12]:1900')).toEqual({ address: 'fe80::1', port: 1900, family: 6 });
    expect(splitHostPort('127.0.0.53%lo:53')).toEqual({ address: '127.0.0.53', port: 53, family: 4 });
    expect(splitHostPort('*:5060')).toEqual({ address: '*', port: 5060, family: 4 });
    expect(splitHostPort('*:*')).toBeNull();
  });
});

describe('tasklist', () => {
  it('reads image and PID from CSV whatever the memory format, commas in names included', () => {
    expect(parseTasklist(fixture('tasklist-variants.txt'), false).map((t) => [t.image, t.pid])).toEqual([
      ['System', 4],
      ['explorer.exe', 11824],
      ['DayZServer_x64.exe', 4120],
      ['my, app.exe', 4242],
    ]);
    expect(parseTasklist(fixture('tasklist-en.txt'), false).find((t) => t.pid === 4312)?.image).toBe(
      '3CXPhoneSystem.exe',
    );
  });

  it('reads the services of each process and "N/A" as none', () => {
    const tasks = parseTasklist(fixture('tasklist-svc.txt'), true);
    expect(tasks.find((t) => t.pid === 4312)?.services).toEqual(['3CXPhoneSystem01']);
    expect(tasks.find((t) => t.pid === 1012)?.services).toEqual([
      'BrokerInfrastructure',
      'DcomLaunch',
      'PlugPlay',
      'Power',
      'SystemEventsBroker',
    ]);
    expect(tasks.find((t) => t.pid === 0)?.services).toEqual([]);
    expect(parseTasklist('"svchost.exe","9","No disponible"', true)[0]?.services).toEqual([]);
  });

  it('finds no task in the translated "no tasks" notices', () => {
    expect(parseTasklist(fixture('tasklist-no-tasks.txt'), false)).toEqual([]);
  });

  it('splits CSV with doubled quotes', () => {
    expect(parseCsvLine('"a ""b""","c,d",e')).toEqual(['a "b"', 'c,d', 'e']);
  });
});

describe('CSV records', () => {
  it('reads records whose quoted fields span lines', () => {
    expect(parseCsv('h1,h2\r\nA,"line one\nline two"\nB,"x"\n')).toEqual([
      ['h1', 'h2'],
      ['A', 'line one\nline two'],
      ['B', 'x'],
    ]);
  });
});

describe('PowerShell owners JSON', () => {
  it('reads sockets, processes and services', () => {
    const data = parsePowerShellOwners(fixture('ps-owners.json'));
    expect(data.sockets).toHaveLength(4);
    expect(data.services).toEqual([
      {
        pid: 4312,
        name: '3CXPhoneSystem01',
        pathName: '"C:\\Program Files\\3CX Phone System\\Bin\\3CXPhoneSystem.exe"',
      },
    ]);
    expect(data.processes).toEqual([{ pid: 4312, name: '3CXPhoneSystem.exe', path: null }]);
  });

  it('accepts a single object instead of an array, and empty lists', () => {
    const single = parsePowerShellOwners(
      '{"udp":{"LocalAddress":"0.0.0.0","LocalPort":9000,"Pid":3988},"tcp":null,"processes":[],"services":[]}',
    );
    expect(single.sockets).toEqual([{ protocol: 'udp', address: '0.0.0.0', port: 9000, family: 4, pid: 3988 }]);
    expect(parsePowerShellOwners(fixture('ps-owners-empty.json')).sockets).toEqual([]);
  });

  it('throws with the script error (BOM and all), so the caller falls back', () => {
    expect(() => parsePowerShellOwners(fixture('ps-owners-error.json'))).toThrow('PowerShell: Access denied');
    expect(() => parsePowerShellOwners('')).toThrow(/no JSON/);
    expect(() => parsePowerShellOwners('#< CLIXML\n<Objs>')).toThrow();
  });
});

describe('other Windows outputs', () => {
  it('reads excluded port ranges, any language', () => {
    expect(parseExcludedRanges(fixture('excludedportrange.txt'))).toEqual([
      { from: 50000, to: 50059, administered: true },
      { from: 57566, to: 57665, administered: false },
      { from: 57666, to: 57765, administered: false },
    ]);
    expect(
      parseExcludedRanges('协议 tcp 端口排除范围\r\n\r\n开始端口    结束端口\r\n     5357        5357\r\n'),
    ).toEqual([{ from: 5357, to: 5357, administered: false }]);
  });

  it('tells elevation from the mandatory-level SID', () => {
    expect(parseWhoamiElevated(fixture('whoami-groups-high.txt'))).toBe(true);
    expect(parseWhoamiElevated(fixture('whoami-groups-medium.txt'))).toBe(false);
    expect(parseWhoamiElevated('')).toBeNull();
  });

  it('reads firewall profiles with enum names and with raw integers', () => {
    const named = parseWindowsFirewall(fixture('ps-firewall-profiles.json'));
    expect(named.profiles.map((p) => [p.name, p.enabled, p.allowInboundRules])).toEqual([
      ['Domain', 'True', 'NotConfigured'],
      ['Private', 'True', 'True'],
      ['Public', 'False', 'True'],
    ]);
    expect(named.activeCategories).toEqual(['Public']);
    expect(named.rules).toBeNull();
    const raw = parseWindowsFirewall(fixture('ps-firewall-profiles-raw.json'));
    expect(raw.profiles.map((p) => [p.name, p.enabled, p.allowInboundRules])).toEqual([
      ['Domain', 'True', 'NotConfigured'],
      ['Private', 'True', 'NotConfigured'],
      ['Public', 'False', 'NotConfigured'],
    ]);
    expect(raw.activeCategories).toEqual(['Private']);
  });

  it('reads firewall rules', () => {
    const rules = parseWindowsFirewall(fixture('ps-firewall-rules.json')).rules!;
    expect(rules).toHaveLength(4);
    expect(rules[1]).toMatchObject({ action: 'Block', profile: 'Public', localPorts: ['Any'] });
  });

  it('keeps only the fields the firewall and owner checks read, and the scripts ask for no others', () => {
    const data = parseWindowsFirewall(fixture('ps-firewall-rules.json'));
    expect(Object.keys(data.rules![0]!).sort()).toEqual(
      ['action', 'displayName', 'localPorts', 'profile', 'program', 'protocol', 'remoteAddresses', 'service'].sort(),
    );
    expect(Object.keys(parseWindowsFirewall(fixture('ps-firewall-profiles.json')).profiles[0]!).sort()).toEqual(
      ['allowInboundRules', 'allowLocalFirewallRules', 'enabled', 'name'].sort(),
    );
    expect(Object.keys(parsePowerShellOwners(fixture('ps-owners.json')).services[0]!).sort()).toEqual(
      ['name', 'pathName', 'pid'].sort(),
    );
    for (const unused of [
      'DefaultInboundAction',
      'InterfaceAlias',
      'PolicyStoreSourceType',
      'Name=$r.Name',
      "'DisplayName', 'PathName'",
    ])
      expect([OWNERS_SCRIPT, FIREWALL_PROFILES_SCRIPT, FIREWALL_RULES_SCRIPT].join('\n')).not.toContain(unused);
  });
});

describe('Linux and macOS outputs', () => {
  it('reads ss as root: names and PIDs, several processes on one socket', () => {
    const entries = parseSs(fixture('ss-root.txt'));
    expect(entries.find((e) => e.port === 5060)).toEqual({
      protocol: 'udp',
      address: '0.0.0.0',
      port: 5060,
      family: 4,
      pid: 1187,
      name: '3CXPhoneSystem',
    });
    expect(entries.filter((e) => e.port === 111).map((e) => e.name)).toEqual(['rpcbind', 'systemd']);
  });

  it('reads ss as a user: sockets without owners', () => {
    expect(parseSs(fixture('ss-user.txt')).find((e) => e.port === 5060)?.pid).toBeNull();
  });

  it('reads ss with a header and the Netid column, TCP listeners only', () => {
    const entries = parseSs(fixture('ss-header.txt'));
    expect(entries.filter((e) => e.protocol === 'tcp').map((e) => e.port)).toEqual([53, 22, 22]);
    expect(entries.find((e) => e.port === 68)?.address).toBe('172.31.17.136');
  });

  it('reads /proc/net/udp and udp6 with uid and inode', () => {
    expect(parseProcNet(fixture('proc-net-udp.txt'), 'udp', 4).map((e) => [e.address, e.port, e.uid, e.inode])).toEqual(
      [
        ['127.0.0.53', 53, 991, 19432],
        ['0.0.0.0', 5060, 998, 24811],
        ['0.0.0.0', 5090, 998, 24830],
        ['0.0.0.0', 9012, 998, 31207],
      ],
    );
    expect(parseProcNet(fixture('proc-net-udp6.txt'), 'udp', 6).map((e) => [e.address, e.port])).toEqual([
      ['::', 5060],
      ['::1', 53],
    ]);
    expect(parsePasswd(fixture('passwd.txt')).get(998)).toBe('phonesystem');
  });

  it('writes /proc/net/udp6 addresses as RFC 5952 text (compressed, v4-mapped dotted)', () => {
    expect(parseProcNet(fixture('proc-net-udp6-mapped.txt'), 'udp', 6).map((e) => [e.address, e.port, e.uid])).toEqual([
      ['::1', 323, 0],
      ['::ffff:127.0.0.1', 5061, 1000],
      ['fe80::1c2d:3fff:b20e:91a7', 9014, 998],
    ]);
    // RFC 5952 edge cases (equal runs, a single zero group) are covered in test/unit/shared/address.test.ts.
  });

  it('reads real ss output: names and PIDs as root, the sockets without them as nobody', () => {
    const root = parseSs(fixture('ss-real-root.txt'));
    expect(root.map((e) => [e.protocol, e.address, e.port, e.pid, e.name])).toEqual([
      ['udp', '0.0.0.0', 5060, 2271, 'node'],
      ['udp', '*', 9000, 2271, 'node'],
      ['tcp', '*', 5090, 2271, 'node'],
    ]);
    const nobody = parseSs(fixture('ss-real-nobody.txt'));
    expect(nobody.map((e) => [e.protocol, e.port, e.pid])).toEqual([
      ['udp', 5060, null],
      ['udp', 9000, null],
      ['tcp', 5090, null],
    ]);
  });

  it('reads lsof -F', () => {
    expect(parseLsof(fixture('lsof.txt'))).toEqual([
      { protocol: 'udp', address: '*', port: 5060, family: 4, pid: 12345, name: 'node' },
      { protocol: 'udp', address: '*', port: 5060, family: 4, pid: 12345, name: 'node' },
      { protocol: 'tcp', address: '*', port: 5061, family: 4, pid: 777, name: '3CXPhoneS' },
    ]);
  });

  it('reads the 3CX systemd units', () => {
    expect(parseSystemdUnits(fixture('systemctl-units.txt'))).toEqual([
      { name: '3CXPhoneSystem01', displayName: '3CX PhoneSystem 01', running: true },
      { name: '3CXMediaServer', displayName: '3CX Media Server', running: true },
      { name: '3CXCallFlow01', displayName: '3CX Call Flow Service', running: false },
    ]);
  });
});

describe('more localized and failing Windows outputs', () => {
  it('reads a Spanish tasklist /svc: "No disponible" is no service', () => {
    const tasks = parseTasklist(fixture('tasklist-svc-es.csv'), true);
    expect(tasks.find((t) => t.pid === 4312)).toEqual({
      pid: 4312,
      image: '3CXPhoneSystem.exe',
      services: ['3CXPhoneSystem01'],
    });
    expect(tasks.find((t) => t.pid === 6120)?.services).toEqual([]);
  });

  it('reads excluded port ranges from a Chinese UI by their numbers alone', () => {
    expect(parseExcludedRanges(fixture('excludedportrange-tcp-zh.txt'))).toEqual([
      { from: 5357, to: 5357, administered: false },
      { from: 9500, to: 9599, administered: false },
    ]);
  });

  it('counts SYSTEM (S-1-16-16384) as elevated, whatever the language', () => {
    expect(parseWhoamiElevated(fixture('whoami-groups-system-fr.csv'))).toBe(true);
  });

  it('finds no sockets, and does not throw, when netstat -b asks for elevation', () => {
    expect(parseNetstat(fixture('netstat-elevation-required.txt'))).toEqual([]);
  });
});

describe('Windows tools by full path', () => {
  const env = { SystemRoot: 'C:\\WINDOWS' };
  it('runs the system tools from System32, never by a bare name', () => {
    expect(windowsToolPath('powershell.exe', env)).toBe(
      'C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
    expect(windowsToolPath('netstat', env)).toBe('C:\\WINDOWS\\System32\\NETSTAT.EXE');
    expect(windowsToolPath('tasklist', { windir: 'D:\\Win\\' })).toBe('D:\\Win\\System32\\tasklist.exe');
  });

  it('falls back to C:\\Windows when SystemRoot is missing or not a plain absolute path', () => {
    expect(windowsToolPath('whoami', {})).toBe('C:\\Windows\\System32\\whoami.exe');
    expect(windowsToolPath('whoami', { SystemRoot: '.\\evil' })).toBe('C:\\Windows\\System32\\whoami.exe');
    expect(windowsToolPath('whoami', { SystemRoot: 'C:\\x"y' })).toBe('C:\\Windows\\System32\\whoami.exe');
  });

  it('is what the real runner executes and records on Windows', async () => {
    const result = await createProcessRunner('win32').run('netstat', ['-ano'], { timeoutMs: 5000 });
    expect(result.command).toMatch(/^[A-Z]:\\.*\\System32\\NETSTAT\.EXE$/i);
    expect(result.error).toBe('ENOENT'); // there is no such file on this Linux machine
  });

  it('leaves other commands and explicit paths alone', () => {
    expect(windowsToolPath('C:\\Tools\\netstat.exe', env)).toBe('C:\\Tools\\netstat.exe');
    expect(windowsToolPath('ss', env)).toBe('ss');
  });
});
