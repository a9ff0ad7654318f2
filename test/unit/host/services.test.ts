/**
 * The PBX services: stopped and always started again, the manual restart, elevation; and the whole
 * pre-flight.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileAccess } from '../../../main/engine/host/runner';
import {
  changeServices,
  detectElevation,
  listPbxServices,
  withServicesStopped,
} from '../../../main/engine/host/services';
import { startPreflight } from '../../../main/engine/preflight';
import type { ServicesReport } from '../../../shared/preflight';
import { fakeRunner } from './fake-runner';

const fixture = (name: string) => readFileSync(resolve(__dirname, '../../fixtures/os', name), 'utf8');
const noFiles: FileAccess = { readFile: async () => null, readdir: async () => null, readlink: async () => null };
const PORTS = [5060, 5090, ...Array.from({ length: 20 }, (_, i) => 9000 + i)];

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
    const run = await startPreflight(PORTS, {
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
