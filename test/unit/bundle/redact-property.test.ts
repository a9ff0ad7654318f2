/**
 * Property test of the bundle's redaction: reports, raw OS outputs, environment and logs generated
 * from a fixed-seed PRNG put addresses, MACs, host and domain names, user names and home folders in
 * every spelling and position (about 1,200 lines a bundle); the zip the writer produces (kept in memory) is opened with fflate
 * and no secret may be found in any file, in any of its spellings, in any case.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBundle, type BundleInput } from '../../../main/bundle/bundle';
import type { Environment } from '../../../main/bundle/environment';
import type { ZipFs } from '../../../main/bundle/write-zip';
import type { CommandResult } from '../../../main/engine/host/runner';
import { canonicalIp } from '../../../shared/address';
import type { Preflight } from '../../../shared/preflight';
import { sampleReport } from '../../support/report';

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Secrets {
  ipv4: string[];
  ipv6: string[];
  macs: string[]; // lower-case, colons
  host: string;
  domain: string;
  users: string[];
}

function generate(random: () => number): Secrets {
  const int = (n: number) => Math.floor(random() * n);
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
  const word = (n: number) => Array.from({ length: n }, () => 'bcdfghjkmnpqrstvwxz'[int(19)]).join('');
  const firsts = [
    () => `10.${int(256)}`,
    () => `172.${16 + int(16)}`,
    () => `192.168`,
    () => `100.${64 + int(64)}`,
    () => `169.254`,
    () => `${[1, 8, 45, 81, 93, 151, 185, 212][int(8)]}.${int(256)}`,
  ];
  const ipv4 = Array.from({ length: 4 }, () => `${firsts[int(firsts.length)]!()}.${int(256)}.${1 + int(254)}`);
  const prefixes = [
    'fe80:0:0:0',
    '2001:db8:' + hex(4) + ':' + hex(4),
    '2a01:' + hex(3) + ':' + hex(4) + ':0',
    'fd12:3456:' + hex(2) + ':1',
  ];
  const ipv6 = prefixes
    .slice(0, 3)
    .map((p, i) => canonicalIp(`${i === 0 ? prefixes[int(4)] : p}:${hex(4)}:${hex(2)}ff:fe${hex(2)}:${hex(4)}`)!);
  const mac = (needsLetter: boolean): string => {
    const h = hex(12);
    return needsLetter && !/[a-f]/.test(h) ? mac(true) : h.match(/../g)!.join(':');
  };
  // The first MAC is known (an interface here) and sometimes only digits; the last is not known.
  const first = random() < 0.5 ? Array.from({ length: 6 }, () => `${int(10)}${int(10)}`).join(':') : mac(false);
  const org = word(6);
  return {
    ipv4,
    ipv6,
    macs: [first, mac(false), mac(true)],
    host: `${word(5)}${int(90) + 10}`,
    domain: random() < 0.5 ? `${org}.${['com', 'net', 'io', 'de'][int(4)]}` : `${word(4)}.${org}.fr`,
    users: Array.from({ length: 4 }, () => `${word(5)}${int(10)}`),
  };
}

const zeroPadded = (ip: string) => ip.replace(/\d+/g, (p) => p.padStart(3, '0'));
const expanded = (ip: string) => {
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  return [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t].map((g) => g.padStart(4, '0')).join(':');
};
const bare = (mac: string) => mac.replaceAll(':', '');
const cisco = (mac: string) => bare(mac).match(/.{4}/g)!.join('.');

/** Every spelling a secret is written in. */
function spellings(s: Secrets): string[] {
  return [
    ...s.ipv4.flatMap((ip) => [
      ip,
      zeroPadded(ip),
      ip.replaceAll('.', '%2E'),
      ip.replaceAll('.', '%2e'),
      `${ip}:5060`,
      `${ip}.5060`,
    ]),
    ...s.ipv6.flatMap((ip) => [
      ip,
      ip.toUpperCase(),
      expanded(ip),
      `[${ip}]:5060`,
      `${ip}%eth0`,
      `addr:${ip}`,
      ip.replaceAll(':', '%3A'),
    ]),
    ...s.macs.flatMap((m) => [
      m,
      m.toUpperCase(),
      m.replaceAll(':', '-').toUpperCase(),
      cisco(m),
      bare(m),
      `enx${bare(m)}`,
    ]),
    ...[s.host, s.host.toUpperCase(), `${s.host}.${s.domain}`, `${s.host}.${s.domain}`.toUpperCase()],
    ...[s.domain, `mail.${s.domain}`, s.domain.toUpperCase()],
    ...s.users.flatMap((u) => [
      u,
      u.toUpperCase(),
      `"user": "${u}"`,
      `/home/${u}/.config`,
      `/Users/${u}`,
      `C:\\Users\\${u}\\AppData`,
      `C:\\\\Users\\\\${u}`,
      `%2Fhome%2F${u}%2F`,
    ]),
  ];
}

/** Every position: line start and end, punctuation after, quotes, HTML entities, a port. */
const CONTEXTS: ((s: string) => string)[] = [
  (s) => s,
  (s) => `at ${s}`,
  (s) => `${s}.`,
  (s) => `${s}, next`,
  (s) => `(${s})`,
  (s) => `"${s}"`,
  (s) => `&quot;${s}&quot;`,
  (s) => `&lt;${s}&gt;`,
  (s) => `&#39;${s}&#39;`,
  (s) => `\t${s}:`,
  (s) => `[${s}] done`,
  (s) => `key=${s};`,
];

/** What must never be found, lower case: the canonical value and its other spellings. */
function forbidden(s: Secrets): string[] {
  const org = s.domain.split('.').at(-2)!;
  return [
    ...s.ipv4.flatMap((ip) => [ip, zeroPadded(ip), ip.replaceAll('.', '%2e')]),
    ...s.ipv6.flatMap((ip) => [ip, expanded(ip), ip.replaceAll(':', '%3a')]),
    ...s.macs.flatMap((m) => [m, m.replaceAll(':', '-'), cisco(m), bare(m)]),
    s.host,
    s.domain,
    org,
    ...s.users,
  ];
}

function bundleInput(s: Secrets, random: () => number, logFile: string): BundleInput {
  const lines = spellings(s).flatMap((spelling) => CONTEXTS.map((context) => context(spelling)));
  const buckets: string[][] = Array.from({ length: 6 }, () => []);
  for (const line of lines) buckets[Math.floor(random() * buckets.length)]!.push(line);
  const [log, stdout, stderr, details, paths, route] = buckets as [
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
  ];
  writeFileSync(logFile, log.join('\n'));
  const command = (args: string[], out: string[]): CommandResult => ({
    command: 'ss',
    args,
    exitCode: 0,
    stdout: out.join('\n'),
    stderr: '',
    durationMs: 3,
    timedOut: false,
  });
  const script = Buffer.from(`Get-NetIPAddress # ${s.ipv4[0]} ${s.users[0]}`, 'utf16le').toString('base64');
  const preflight: Preflight = {
    platform: 'linux',
    owners: {
      owners: paths.map((path, i) => ({
        protocol: 'udp',
        port: 5060 + i,
        address: s.ipv4[i % 4]!,
        family: 4,
        pid: 100 + i,
        name: 'asterisk',
        path,
        services: [],
        user: s.users[i % 2]!,
        pbx: false,
      })),
      excludedRanges: [],
      method: 'ss',
      complete: true,
      errors: stderr,
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
    firewall: {
      product: 'nftables',
      state: 'on',
      profiles: [],
      activeProfiles: [],
      findings: details.map((detail) => ({ kind: 'PORTS_NOT_ALLOWED', severity: 'warning', detail })),
      fixes: [],
    },
    durationMs: 10,
  };
  const environment: Environment = {
    collectedAt: '2026-01-01T00:00:00.000Z',
    os: { platform: 'linux', type: 'Linux', release: '6.1', version: '#1', arch: 'x64' },
    app: { name: 'VoIP Firewall Checker', version: '1.0.0', node: 'v20.20.2', electron: null },
    hostname: `${s.host}.${s.domain}`,
    domain: s.domain,
    interfaces: s.macs.slice(0, 2).map((mac, i) => ({
      name: `eth${i}`,
      mac,
      addresses: [{ address: s.ipv4[i]!, family: 'IPv4', netmask: '255.255.255.0', internal: false }],
    })),
    defaultRoute: route.join('\n'),
    dns: { servers: [s.ipv4[3]!], search: [s.domain] },
    stunResolution: [],
    elevated: true,
    time: { iso: '2026-01-01T00:00:00.000Z', zone: 'UTC', offsetMinutes: 0 },
  };
  return {
    report: sampleReport({ preflight }),
    language: random() < 0.5 ? 'en' : 'fr',
    environment,
    commands: [command(['-uanp'], stdout), command(['-NoProfile', '-EncodedCommand', script], [])],
    logFile,
    redact: true,
    localUsers: [s.users[2]!],
  };
}

/** Writes the bundle through the real writer into memory and opens it. */
async function zipped(input: BundleInput): Promise<Record<string, string>> {
  let bytes: Uint8Array = new Uint8Array();
  const fs: ZipFs = {
    createExclusive: async (_path, data) => {
      bytes = data;
    },
    entryKind: async () => 'missing',
    link: async () => undefined,
    rename: async () => undefined,
    unlink: async () => undefined,
  };
  await writeBundle('/bundle/b.zip', input, { fs });
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

const dir = mkdtempSync(join(tmpdir(), 'vfc-redact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('redaction, as a property over generated bundles', () => {
  it('finds no secret in any file of the redacted zip (5 seeded bundles, every spelling × position in each)', async () => {
    const random = prng(0x9e3779b9);
    let checked = 0;
    for (let round = 0; round < 5; round++) {
      const secrets = generate(random);
      const files = await zipped(bundleInput(secrets, random, join(dir, `${round}.log`)));
      expect(Object.keys(files)).toEqual(
        expect.arrayContaining(['report.json', 'report.html', 'app.log', 'environment.json']),
      );
      expect(Object.keys(files).filter((f) => f.startsWith('preflight/'))).toHaveLength(2);
      const leaks: string[] = [];
      for (const [name, text] of Object.entries(files)) {
        const lower = text.toLowerCase();
        for (const secret of forbidden(secrets))
          if (lower.includes(secret.toLowerCase())) leaks.push(`${secret} in ${name}`);
        checked += forbidden(secrets).length;
      }
      expect(leaks, `round ${round}`).toEqual([]);
      // Still useful: the ports, the codes and the placeholders saying what each thing was.
      expect(files['report.json']).toContain('"port": 5060');
      expect(files['report.json']).toContain('PORTS_NOT_ALLOWED');
      expect(files['app.log']).toMatch(/ip-(private|public|shared|link-local)-\d+/);
      expect(files['app.log']).toMatch(/mac-\d+/);
      expect(files['app.log']).toMatch(/user-\d+/);
      expect(JSON.parse(files['environment.json']!).hostname).toBe('host-1.domain-1.invalid');
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('would see a secret left behind (the check can fail)', async () => {
    const random = prng(7);
    const secrets = generate(random);
    const input = bundleInput(secrets, random, join(dir, 'plain.log'));
    const files = await zipped({ ...input, redact: false });
    const everything = Object.values(files).join('\n').toLowerCase();
    expect(forbidden(secrets).every((secret) => everything.includes(secret.toLowerCase()))).toBe(true);
  });
});
