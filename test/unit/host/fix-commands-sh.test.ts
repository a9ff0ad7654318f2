/**
 * Every sh fix builder fed hostile names, and the commands run in real shells (sh, bash, dash)
 * where sudo and the firewall tools are stand-ins that record their argv: the canary file must
 * never appear, and each name must arrive as exactly the argument it was meant to be.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFirewall } from '../../../main/engine/host/firewall';
import { linuxFixes, macosFix, SOCKETFILTERFW } from '../../../main/engine/host/fixes';
import { manualStartCommand } from '../../../main/engine/host/services';
import type { FixCommand } from '../../../shared/preflight';
import { fakeRunner } from './fake-runner';
import { hostileNames, installStandIns, runInShell, sandbox, shells } from './hostile-names';

const box = sandbox();
const bin = installStandIns(box.dir);
const { quotable, unquotable } = hostileNames(box.canary);
afterAll(() => box.remove());

const RANGES = [
  { from: 5060, to: 5060 },
  { from: 9000, to: 9001 },
];
const ADD_PORTS = ['--add-port=5060/udp', '--add-port=9000-9001/udp'];

/** Each builder that puts an OS value into an sh command, and the calls its fix must make. */
const BUILDERS: { what: string; build: (name: string) => FixCommand[]; calls: (name: string) => string[][] }[] = [
  {
    what: 'firewalld zone',
    build: (zone) => linuxFixes('firewalld', RANGES, { zone }),
    calls: (zone) => [
      ['firewall-cmd', '--permanent', `--zone=${zone}`, ...ADD_PORTS],
      ['firewall-cmd', '--reload'],
    ],
  },
  {
    what: 'firewalld rich rule',
    build: (rule) => linuxFixes('firewalld', RANGES, { zone: 'public', removeRichRules: [rule] }),
    calls: (rule) => [
      ['firewall-cmd', '--permanent', '--zone=public', `--remove-rich-rule=${rule}`],
      ['firewall-cmd', '--permanent', '--zone=public', ...ADD_PORTS],
      ['firewall-cmd', '--reload'],
    ],
  },
  {
    what: 'macOS program path',
    build: (path) => [macosFix(`/Applications/${path}.app`)],
    calls: (path) => [
      [SOCKETFILTERFW, '--add', `/Applications/${path}.app`, '--unblockapp', `/Applications/${path}.app`],
    ],
  },
  {
    what: 'systemd unit (manual restart)',
    build: (unit) => [manualStartCommand('linux', ['3CXPhoneSystem01', unit])],
    calls: (unit) => [['systemctl', 'start', '--', '3CXPhoneSystem01', unit]],
  },
];

/** The fixes with our own values only, run alongside as a control. */
const OWN = [
  {
    fix: linuxFixes('ufw', RANGES, { ufwFirst: true }),
    calls: [
      ['ufw', 'insert', '1', 'allow', '5060/udp'],
      ['ufw', 'insert', '1', 'allow', '9000:9001/udp'],
    ],
  },
  {
    fix: linuxFixes('iptables', RANGES),
    calls: [['iptables', '-I', 'INPUT', '-p', 'udp', '-m', 'multiport', '--dports', '5060,9000:9001', '-j', 'ACCEPT']],
  },
  {
    fix: linuxFixes('nftables', RANGES, { chain: { family: 'inet', table: 'fw-4.x', chain: '_in' } }),
    calls: [
      ['nft', 'insert', 'rule', 'inet', 'fw-4.x', '_in', 'udp', 'dport', '{', '5060,', '9000-9001', '}', 'accept'],
    ],
  },
];

const commands = (fixes: FixCommand[]) => fixes.map((f) => f.command);

describe.each(shells())('sh fixes pasted into %s', (shell) => {
  it('run every hostile name as data: no canary, and the name is exactly one argument', () => {
    const cases = [
      ...BUILDERS.flatMap((b) =>
        quotable.map((name) => ({ label: `${b.what}: ${name}`, fixes: b.build(name), calls: b.calls(name) })),
      ),
      ...OWN.map((o) => ({ label: 'own values', fixes: o.fix, calls: o.calls })),
    ];
    for (const c of cases) {
      expect(
        c.fixes.map((f) => f.shell),
        c.label,
      ).toEqual(['sh']);
      expect(c.fixes[0]!.command, c.label).not.toMatch(/^#/);
    }
    const ran = runInShell(
      shell,
      bin,
      cases.map((c) => c.fixes[0]!.command),
      box.log,
    );
    expect(existsSync(box.canary)).toBe(false);
    expect(ran.length).toBe(cases.length);
    cases.forEach((c, i) => expect(ran[i], `${c.label}\n${c.fixes[0]!.command}`).toEqual(c.calls));
  });

  it('turn a name no quoting makes safe into a by-hand comment that does nothing when pasted', () => {
    const fixes = BUILDERS.flatMap((b) => unquotable.flatMap((name) => b.build(name)));
    for (const fix of fixes) {
      expect(fix.command).toMatch(/^# Edit by hand \(/);
      expect(fix.command).not.toMatch(/[\n\r\0\u202e]|touch/);
    }
    const ran = runInShell(shell, bin, commands(fixes), box.log);
    expect(ran).toEqual(fixes.map(() => []));
    expect(existsSync(box.canary)).toBe(false);
  });

  it('would see an injection (the harness is not blind)', () => {
    const broken = `sudo firewall-cmd --zone=${quotable[0]!}`;
    const ran = runInShell(shell, bin, [broken], box.log);
    expect(existsSync(box.canary)).toBe(true);
    expect(ran[0]).toEqual([['firewall-cmd', '--zone=']]);
    box.removeCanary();
  });
});

describe('nft names', () => {
  it('are written only when plain identifiers (nft parses its argv as its own language, ; included)', () => {
    for (const name of [...quotable, ...unquotable, 'a b', 'x;flush ruleset', '1abc', '']) {
      for (const chain of [
        { family: 'inet', table: name, chain: 'input' },
        { family: 'inet', table: 'filter', chain: name },
        { family: name, table: 'filter', chain: 'input' },
      ]) {
        const [fix] = linuxFixes('nftables', RANGES, { chain });
        expect(fix!.command, JSON.stringify(chain)).toMatch(/^# Edit by hand \(.*nftables input chain/);
      }
    }
  });
});

describe('hostile names read from the system, end to end', () => {
  const fixture = (name: string) => readFileSync(resolve(__dirname, '../../fixtures/os', name), 'utf8');
  const [shell] = shells();

  it('a firewalld zone named $(touch …) is passed to firewall-cmd as --zone=<that name>', async () => {
    const zone = `$(touch\${IFS}${box.canary})`;
    const zones = fixture('firewalld-list-all-zones.txt').replace(
      'public (default, active)',
      `${zone} (default, active)`,
    );
    const report = await readFirewall({
      platform: 'linux',
      runner: fakeRunner((line) =>
        line === 'systemctl is-active ufw firewalld nftables'
          ? { stdout: 'inactive\nactive\ninactive\n', exitCode: 3 }
          : line === 'firewall-cmd --list-all-zones'
            ? { stdout: zones }
            : { stdout: '' },
      ).runner,
      ports: [11000],
      programPath: '/usr/bin/node',
      timeoutMs: 1000,
      elevated: true,
      commands: [],
    });
    const ran = runInShell(shell!, bin, commands(report.fixes), box.log);
    expect(existsSync(box.canary)).toBe(false);
    expect(ran[0]?.[0]).toEqual(['firewall-cmd', '--permanent', `--zone=${zone}`, '--add-port=11000/udp']);
  });

  it('an nft chain with a hostile name gets a by-hand note, never a command, and a detail that cannot redraw the terminal', async () => {
    const ruleset = JSON.stringify({
      nftables: [
        {
          chain: {
            family: 'inet',
            table: 'filter',
            name: 'in;flush ruleset\u001b[2K\r',
            hook: 'input',
            policy: 'drop',
          },
        },
      ],
    });
    const report = await readFirewall({
      platform: 'linux',
      runner: fakeRunner((line) =>
        line === 'nft -j list ruleset' ? { stdout: ruleset } : { stdout: 'inactive\ninactive\nactive\n', exitCode: 3 },
      ).runner,
      ports: [5060],
      programPath: '/usr/bin/node',
      timeoutMs: 1000,
      elevated: true,
      commands: [],
    });
    expect(report.product).toBe('nftables');
    expect(report.findings.map((f) => f.detail)).toEqual([
      'inet filter in;flush ruleset\\u{1b}[2K\\u{d} drops UDP 5060',
    ]);
    expect(commands(report.fixes)).toEqual([
      expect.stringMatching(
        /^# Edit by hand .*: insert a rule accepting UDP 5060 at the top of the nftables input chain/,
      ),
    ]);
  });

  it('the macOS program path, once in double quotes, is passed as one argument', async () => {
    const path = `/Applications/$(touch ${box.canary}) "x" \`id\`.app/Contents/MacOS/app`;
    const report = await readFirewall({
      platform: 'darwin',
      runner: fakeRunner(() => ({ stdout: 'Firewall is enabled. (State = 1)\n' })).runner,
      ports: [5060],
      programPath: path,
      timeoutMs: 1000,
      elevated: false,
      commands: [],
    });
    const ran = runInShell(shell!, bin, commands(report.fixes), box.log);
    expect(existsSync(box.canary)).toBe(false);
    expect(ran).toEqual([[[SOCKETFILTERFW, '--add', path, '--unblockapp', path]]]);
  });
});
