/**
 * The diagnostics bundle as support receives it: the CLI writes it, the test opens the zip and
 * checks every file, the JSON against its schema, redaction, and the failure cases.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schema from '../../shared/report.schema.json';
import { ensureBundle } from '../../tools/cli-bundle.mjs';
import { startResponder, type Responder } from './responder';

const root = resolve(__dirname, '../..');
// The esbuild bundle `npm run cli` runs (about 0.15 s a start, tsx took 1.2-1.8 s); readable by nobody.
let bundle: string;
let responder: Responder;
let dir: string;

function cli(args: string[], options: { asNobody?: boolean } = {}) {
  const command = options.asNobody ? 'setpriv' : process.execPath;
  const prefix = options.asNobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [];
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(command, [...prefix, bundle, ...args], {
      cwd: '/tmp',
      env: {
        ...process.env,
        LANG: 'C',
        VOIP_FWCHECK_LOG_DIR: join(dir, 'logs'),
        VOIP_FWCHECK_DATA_DIR: join(dir, 'data'),
        HOME: '/tmp',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
const check = (extra: string[]) => [
  'check',
  '--stun',
  `127.0.0.1:${responder.primary.port}`,
  '--ports',
  '21600-21619',
  '--rate',
  '5000',
  '--timeout',
  '600',
  ...extra,
];
const unzip = (path: string) =>
  Object.fromEntries(Object.entries(unzipSync(readFileSync(path))).map(([name, bytes]) => [name, strFromU8(bytes)]));

beforeAll(async () => {
  bundle = await ensureBundle(root);
  responder = await startResponder({ dropInbound: (port) => port >= 21610 && port < 21620 });
  dir = mkdtempSync(join(tmpdir(), 'vfc-bundle-'));
});
afterAll(async () => {
  await responder.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the diagnostics bundle', () => {
  it('holds every file, report.json is the --json document and matches the schema', async () => {
    const out = join(dir, 'plain');
    mkdirSync(out);
    const { code, stdout, stderr } = await cli(check(['--json', '--bundle', out]));
    expect(code).toBe(1);
    const [name] = readdirSync(out);
    expect(name).toMatch(/^voip-fwcheck-.+-\d{8}-\d{4}\.zip$/);
    expect(stderr).toContain(`Diagnostics bundle saved: ${join(out, name!)}`);
    const files = unzip(join(out, name!));
    expect(
      Object.keys(files)
        .filter((f) => !f.startsWith('preflight/'))
        .sort(),
    ).toEqual(['README.txt', 'app.log', 'environment.json', 'report.html', 'report.json']);
    expect(JSON.parse(files['report.json']!)).toEqual(JSON.parse(stdout));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(JSON.parse(files['report.json']!)), JSON.stringify(validate.errors)).toBe(true);

    const environment = JSON.parse(files['environment.json']!);
    expect(Object.keys(environment).sort()).toEqual(
      [
        'app',
        'collectedAt',
        'defaultRoute',
        'dns',
        'domain',
        'elevated',
        'hostname',
        'interfaces',
        'os',
        'stunResolution',
        'time',
      ].sort(),
    );
    expect(environment.hostname).toBe(hostname());
    expect(environment.stunResolution[0]).toMatchObject({
      name: `127.0.0.1:${responder.primary.port}`,
      resolved: ['127.0.0.1'],
      outcome: 'picked',
    });
    expect(typeof environment.time.zone).toBe('string');

    const raw = Object.entries(files).filter(([f]) => f.startsWith('preflight/'));
    expect(raw.length).toBeGreaterThanOrEqual(2);
    for (const [, text] of raw) expect(text).toMatch(/^\$ .+\nexit code: .+\nduration: \d+ ms\n/);
    expect(raw.some(([f]) => f.endsWith('-ss.txt'))).toBe(true);
    expect(files['app.log']).toMatch(/\[info\] {1,2}check finished: SOME_FAILED/);
    for (const file of ['report.html', 'report.json', 'environment.json', 'preflight/', 'app.log'])
      expect(files['README.txt']).toContain(file);

    const html = files['report.html']!;
    expect(html).toContain('Some ports are not forwarded correctly');
    expect(html).toContain('21610–21619');
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!voip-fwcheck)/i); // self-contained
  });

  it('writes the report in the language of the run', async () => {
    const target = join(dir, 'fr.zip');
    const { code } = await cli(check(['--lang', 'fr', '--bundle', target]));
    expect(code).toBe(1);
    expect(unzip(target)['report.html']).toContain('Certains ports ne sont pas correctement redirigés');
  });

  it('redacts every address and name consistently across the archive', async () => {
    const target = join(dir, 'redacted.zip');
    const { code } = await cli(check(['--bundle', target, '--redact']));
    expect(code).toBe(1);
    const files = unzip(target);
    const everything = Object.values(files).join('\n');
    const originals = new Set(['127.0.0.1', '127.0.0.2', hostname()]);
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) {
        originals.add(a.address.replace(/%.*$/, ''));
        if (a.mac !== '00:00:00:00:00:00') originals.add(a.mac);
      }
    }
    for (const original of originals)
      expect(everything.includes(original), `${original} left in the bundle`).toBe(false);
    const report = JSON.parse(files['report.json']!);
    expect(report.server.primary).toMatch(/^ip-loopback-\d+:\d+$/);
    expect(files['report.html']).toContain(report.server.primary); // same placeholder in every file
    expect(JSON.parse(files['environment.json']!).hostname).toBe('host-1');
    expect(files['README.txt']).toContain('Redacted');
  });

  it('refuses a missing folder before the run: exit 2, nothing checked, nothing created', async () => {
    const target = join(dir, 'missing', 'b.zip');
    const before = responder.received.length;
    const { code, stdout, stderr } = await cli(check(['--bundle', target]));
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot be saved there, so nothing was checked: the folder .*missing does not exist/);
    expect(stdout).toBe('');
    expect(responder.received.length).toBe(before); // not one STUN request
  });

  it('refuses newdir/ whose folder is missing instead of writing a file named newdir', async () => {
    const parent = join(dir, 'newdir-parent');
    mkdirSync(parent);
    const { code, stderr } = await cli(check(['--bundle', `${join(parent, 'newdir')}/`]));
    expect(code).toBe(2);
    expect(stderr).toMatch(/newdir does not exist/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('replaces an existing file only with --force', async () => {
    const target = join(dir, 'exists.zip');
    writeFileSync(target, 'old');
    const refused = await cli(check(['--bundle', target]));
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringMatching(/already exists; add --force/)]);
    expect(readFileSync(target, 'utf8')).toBe('old');
    const forced = await cli(check(['--bundle', target, '--force']));
    expect(forced.code).toBe(1);
    expect(unzip(target)['report.json']).toContain('voip-fwcheck/report@1');
  });

  it('says there is no permission (as an unprivileged user) before the run and leaves no file', async () => {
    chmodSync(dir, 0o755);
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o755 });
    const { code, stderr } = await cli(check(['--bundle', join(locked, 'b.zip')]), { asNobody: true });
    expect(code).toBe(2);
    expect(stderr).toMatch(/no file can be created in .*locked/);
    expect(readdirSync(locked)).toEqual([]);
  });
});
