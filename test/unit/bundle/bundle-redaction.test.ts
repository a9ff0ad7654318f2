/**
 * Redaction of a whole bundle (bundleFiles): what the pre-flight and the environment know about
 * people and this machine is gone from report.json, report.html, environment.json, the raw OS
 * outputs and the log, with the same placeholder everywhere.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFiles, type BundleInput } from '../../../main/bundle/bundle';
import type { Environment } from '../../../main/bundle/environment';
import type { Preflight } from '../../../shared/preflight';
import { sampleReport } from '../../support/report';

const dir = mkdtempSync(join(tmpdir(), 'vfc-bundle-redaction-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const owner = (user: string, path: string, port: number): Preflight['owners']['owners'][number] => ({
  protocol: 'udp',
  port,
  address: '0.0.0.0',
  family: 4,
  pid: 4242 + port,
  name: 'asterisk',
  path,
  services: [],
  user,
  pbx: true,
});

function input(): BundleInput {
  const preflight: Preflight = {
    platform: 'linux',
    owners: {
      owners: [owner('nobody', '/home/alice/pbx/asterisk', 5060), owner('bob', 'C:\\Users\\carol\\pbx.exe', 5061)],
      excludedRanges: [],
      method: 'ss',
      complete: true,
      errors: [],
    },
    services: {
      pbx: [],
      elevated: true,
      stopRequested: false,
      stopped: [],
      restarted: [],
      failures: [],
      manualRestart: null,
    },
    firewall: { product: 'none', state: 'off', profiles: [], activeProfiles: [], findings: [], fixes: [] },
    durationMs: 5,
  };
  const environment: Environment = {
    collectedAt: '2026-01-01T00:00:00.000Z',
    os: { platform: 'linux', type: 'Linux', release: '6.1', version: '#1', arch: 'x64' },
    app: { name: 'VoIP Firewall Checker', version: '1.0.0', node: 'v20.20.2', electron: null },
    hostname: 'pbx01.acme-corp.example',
    domain: 'acme-corp.example',
    interfaces: [
      {
        name: 'enx001a2b3c4d5e',
        mac: '00:1a:2b:3c:4d:5e',
        addresses: [{ address: 'fe80::3', family: 'IPv6', netmask: 'ffff:ffff:ffff:ffff::', internal: false }],
      },
    ],
    defaultRoute: 'default via 192.168.1.1 dev enx001a2b3c4d5e',
    dns: { servers: ['192.168.1.1'], search: ['acme-corp.example'] },
    stunResolution: [],
    elevated: true,
    time: { iso: '2026-01-01T00:00:00.000Z', zone: 'UTC', offsetMinutes: 0 },
  };
  const logFile = join(dir, 'app.log');
  writeFileSync(logFile, 'run by dave from /home/dave, mail.acme-corp.example said 192.168.1.10.\n');
  return {
    report: sampleReport({ preflight }),
    language: 'en',
    environment,
    commands: [
      {
        command: 'ss',
        args: ['-uanp'],
        exitCode: 0,
        stdout: 'UNCONN 0 0 192.168.001.010:5060 users:(("asterisk",pid=9302)) addr:fe80::3 ether 00-1A-2B-3C-4D-5E',
        stderr: '',
        durationMs: 2,
        timedOut: false,
      },
    ],
    logFile,
    redact: true,
    localUsers: ['dave'],
  };
}

describe('a redacted bundle', () => {
  it('has no user name, home folder, host, domain, MAC or address in any file', async () => {
    const files = await bundleFiles(input());
    const secrets = [
      'nobody',
      'alice',
      'bob',
      'carol',
      'dave',
      'pbx01',
      'acme-corp',
      'fe80::3',
      '192.168.1',
      '001a2b3c4d5e',
    ];
    for (const [name, text] of Object.entries(files))
      for (const secret of [...secrets, '00:1a:2b:3c:4d:5e', '00-1a-2b-3c-4d-5e'])
        expect(text.toLowerCase().includes(secret), `${secret} in ${name}`).toBe(false);
  });

  it('writes "user": "nobody" in report.json and the owner in report.html as the same placeholder', async () => {
    const files = await bundleFiles(input());
    const report = JSON.parse(files['report.json']!);
    const owners = report.preflight.owners.owners;
    const nobody = owners[0].user as string;
    expect(nobody).toMatch(/^user-\d+$/);
    expect(files['report.html']).toContain(nobody);
    expect(files['report.html']).not.toContain('nobody');
    expect(owners[0].path).toMatch(/^\/home\/user-\d+\/pbx\/asterisk$/);
    expect(owners[1].path).toMatch(/^C:\\Users\\user-\d+\\pbx\.exe$/);
    // 192.168.001.010 in the raw output and 192.168.1.10 in the log: one address, one placeholder.
    const padded = /(ip-private-\d+):5060/.exec(files['preflight/01-ss.txt']!)?.[1];
    expect(files['app.log']).toContain(`said ${padded}.`);
    expect(files['preflight/01-ss.txt']).toContain('addr:ipv6-link-local-1 ether mac-1');
    expect(files['app.log']).toMatch(
      /^run by (user-\d+) from \/home\/\1, mail\.domain-1\.invalid said ip-private-\d+\.\n$/,
    );
    expect(JSON.parse(files['environment.json']!).interfaces[0].name).toBe('enx-mac-1');
    expect(files['README.txt']).toMatch(/Redacted: .*user names/s);
  });

  it('keeps everything without --redact (the test can see a leak)', async () => {
    const files = await bundleFiles({ ...input(), redact: false });
    expect(files['report.json']).toContain('"user": "nobody"');
    expect(files['app.log']).toContain('/home/dave');
  });
});
