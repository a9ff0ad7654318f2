/**
 * Who holds the checked ports: Windows (PowerShell, then netstat and tasklist), Linux (ss and
 * /proc), macOS (lsof).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPortOwners } from '../../../main/engine/host/owners';
import type { CommandResult, FileAccess } from '../../../main/engine/host/runner';
import { parsePortSpec } from '../../../shared/ports';
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
    await findPortOwners({ platform: 'win32', runner, files: noFiles, ports, commands: [] });
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
      commands: [],
    });
    expect(result.owners.map((o) => [o.port, o.pid, o.name])).toEqual([[5060, 12345, 'node']]);
    const none = await findPortOwners({
      platform: 'darwin',
      runner: fakeRunner(() => ({ exitCode: 1 })).runner,
      files: noFiles,
      ports: [5060],
      commands: [],
    });
    expect(none).toMatchObject({ owners: [], complete: true });
  });
});
