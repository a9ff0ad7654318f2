/**
 * No PowerShell runs here, so every script the Windows paths would send is at least parsed by a
 * real PowerShell grammar (tree-sitter-powershell, in WebAssembly): an unbalanced brace or a quote
 * broken by the TypeScript template around it fails here instead of on a customer's server. The
 * scripts are taken from the command lines themselves (decoded from -EncodedCommand), exactly as
 * powershell.exe would receive them.
 */
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { collectEnvironment } from '../../../main/bundle/environment';
import { relaunchElevated } from '../../../main/elevate';
import { processLiveness } from '../../../main/engine/process-identity';
import { readFirewall } from '../../../main/engine/host/firewall';
import { windowsFixes, windowsUnblockProgramFix } from '../../../main/engine/host/fixes';
import { findPortOwners } from '../../../main/engine/host/owners';
import type { CommandResult, FileAccess } from '../../../main/engine/host/runner';
import { changeServices, listPbxServices, manualStartCommand } from '../../../main/engine/host/services';
import { sampleReport } from '../../support/report';
import { fakeRunner } from './fake-runner';

let parser: Parser;
const scripts = new Map<string, string>();

/** Every node tree-sitter could not fit into the grammar, with its line and text. */
function problems(node: Node, source: string, out: string[] = []): string[] {
  if (node.isError || node.isMissing) {
    const line = node.startPosition.row + 1;
    const text = source.split('\n')[node.startPosition.row]?.trim() ?? '';
    out.push(`line ${line}: ${node.isMissing ? `missing ${node.type}` : 'cannot parse'}: ${text}`);
  }
  for (const child of node.children) if (child) problems(child, source, out);
  return out;
}

function check(source: string): string[] {
  const tree = parser.parse(source);
  if (!tree) return ['no tree'];
  return tree.rootNode.hasError ? problems(tree.rootNode, source) : [];
}

beforeAll(async () => {
  await Parser.init();
  const require = createRequire(import.meta.url);
  parser = new Parser();
  parser.setLanguage(await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm')));

  // Drive every Windows path with a runner that answers nothing useful, and keep what it was given.
  const { runner, calls } = fakeRunner(() => ({ stdout: '' }));
  const commands: CommandResult[] = [];
  const deps = { platform: 'win32' as const, runner, commands };
  const ports = [5060, 5090, 9000];
  const files: FileAccess = { readFile: async () => null, readdir: async () => null, readlink: async () => null };
  await findPortOwners({ ...deps, files, ports });
  await readFirewall({ ...deps, ports, programPath: 'C:\\x.exe', timeoutMs: 1000, elevated: true });
  await listPbxServices({ ...deps, uid: null });
  await changeServices({ ...deps, uid: null }, 'stop', ['3CXPhoneSystem01']);
  await changeServices({ ...deps, uid: null }, 'start', ['3CXPhoneSystem01']);
  await collectEnvironment({ ...deps, report: sampleReport(), appVersion: '0' });
  const none = () => undefined;
  await processLiveness({ ...deps, exists: () => true })(4312, '2026-12-01T08:00:00Z');
  await relaunchElevated({
    ...deps,
    execPath: 'C:\\x.exe',
    args: [],
    releaseLock: none,
    reacquireLock: none,
    quit: none,
  });
  for (const call of calls) if (call.script) scripts.set(call.script, call.script);
});

describe('the PowerShell scripts, as powershell.exe would receive them', () => {
  it('are all found: owners, firewall profiles and rules, PBX services, stop, start, default route, restart as administrator, a process’s start', () => {
    expect(scripts.size).toBeGreaterThanOrEqual(9);
    expect([...scripts.values()].some((s) => s.includes("Verb = 'RunAs'"))).toBe(true);
  });

  it('parse without a single error', () => {
    const found = [...scripts.values()].map((source) => ({
      script: source
        .split('\n')
        .find((l) => /\w{4}/.test(l) && !l.startsWith('$ErrorActionPreference') && l !== 'try {'),
      problems: check(source),
    }));
    expect(found.filter((f) => f.problems.length)).toEqual([]);
  });

  it('keep to Constrained Language Mode: no .NET calls but the optional UTF-8 switch, guarded', () => {
    const guarded = 'try { [Console]::OutputEncoding=[Text.Encoding]::UTF8 } catch {}';
    for (const source of scripts.values()) {
      expect(source).toContain(guarded);
      expect(source.replace(guarded, '')).not.toMatch(/\]::/);
    }
  });

  it('include the fix commands shown to the admin: firewall rule and service restart', () => {
    const ranges = [
      { from: 5060, to: 5060 },
      { from: 5090, to: 5090 },
      { from: 9000, to: 10999 },
    ];
    const commands = [
      ...windowsFixes(ranges).filter((f) => f.shell === 'powershell'),
      manualStartCommand('win32', ['3CXPhoneSystem01', '3CXMediaServer']),
    ];
    expect(commands.map((c) => c.command)).toEqual([
      `New-NetFirewallRule -DisplayName 'VoIP Firewall Checker (UDP 5060,5090,9000-10999)' -Direction Inbound -Protocol UDP -LocalPort '5060','5090','9000-10999' -Action Allow -Profile Any`,
      `Start-Service -Name '3CXPhoneSystem01','3CXMediaServer'`,
    ]);
    for (const c of commands) expect(check(c.command)).toEqual([]);
  });

  it('would be caught if broken (the grammar is not blind)', () => {
    expect(check('if ($x -eq 1 { "no closing parenthesis" }')).not.toEqual([]);
    expect(check("$a = @{ n='Pid'; e={[int]$_.Id} ")).not.toEqual([]);
    expect(check('Get-Process | Where-Object { $_.Id -gt 4 } | ConvertTo-Json -Compress')).toEqual([]);
  });
});

/** PowerShell's single quotes: ' and the typographic ‘ ’ ‚ ‛ (about_Quoting_Rules). */
const SINGLE = /['\u2018\u2019\u201A\u201B]/;

/**
 * Splits a command into its single-quoted string literals and the code around them, as PowerShell
 * reads it: a literal opens at any of the four quotes and ends at one not followed by another.
 */
function literals(command: string): { strings: string[]; code: string } {
  const strings: string[] = [];
  let code = '';
  for (let i = 0; i < command.length; i++) {
    if (!SINGLE.test(command[i]!)) {
      code += command[i];
      continue;
    }
    let text = '';
    for (i++; i < command.length; i++) {
      if (!SINGLE.test(command[i]!)) text += command[i];
      else if (SINGLE.test(command[i + 1] ?? '')) text += command[++i];
      else break;
    }
    strings.push(text);
    code += "'…'";
  }
  return { strings, code };
}

/** The command names tree-sitter finds (what would run). */
function commandNames(source: string): string[] {
  const names: string[] = [];
  const walk = (node: Node) => {
    if (node.type === 'command_name') names.push(node.text);
    for (const child of node.children) if (child) walk(child);
  };
  const tree = parser.parse(source);
  if (tree) walk(tree.rootNode);
  return names;
}

describe('PowerShell fixes with hostile names', () => {
  const canary = 'C:\\pwned';
  const hostile = [
    `'; New-Item ${canary}; '`,
    `‘; New-Item ${canary}; ’`,
    `’’; New-Item ${canary}; ‛`,
    `‚; New-Item ${canary} #`,
    `$(New-Item ${canary})`,
    `\`$(New-Item ${canary})\``,
    `"; New-Item ${canary}; "`,
    `“; New-Item ${canary}; ”„`,
    `x; New-Item ${canary} | Out-Null & calc %PATH%`,
  ];
  const builders = [
    {
      what: 'program path',
      build: (v: string) => windowsUnblockProgramFix(`C:\\Apps\\${v}\\x.exe`),
      value: (v: string) => `C:\\Apps\\${v}\\x.exe`,
    },
    {
      what: 'service name',
      build: (v: string) => manualStartCommand('win32', ['3CXPhoneSystem01', v]),
      value: (v: string) => v,
    },
  ];

  it.each(builders)(
    'keep the $what inside one string literal: same code, same commands as a plain name',
    ({ build, value }) => {
      const plain = build('plain');
      for (const name of hostile) {
        const fix = build(name);
        expect(fix.command, name).not.toMatch(/^#/);
        const read = literals(fix.command);
        expect(read.strings, name).toContain(value(name));
        expect(read.code, name).toBe(literals(plain.command).code);
        expect(check(fix.command), name).toEqual([]);
        expect(commandNames(fix.command), name).toEqual(commandNames(plain.command));
      }
    },
  );

  it('give a by-hand note for names no quoting makes safe, and for service names with wildcards', () => {
    for (const name of ['a\nNew-Item C:\\pwned', 'a\rb', 'a\0b', 'a\u202eb'])
      for (const { build } of builders) expect(build(name).command).toMatch(/^# Edit by hand \(/);
    for (const name of ['3CX*', 'a?', '[3]CX'])
      expect(manualStartCommand('win32', [name]).command).toMatch(/^# Edit by hand \(/);
  });

  it('would be caught if a typographic quote were left single (the reading is not blind)', () => {
    const naive = `Start-Service -Name '${hostile[1]!}'`;
    expect(literals(naive).code).not.toBe(literals(manualStartCommand('win32', ['x']).command).code);
  });
});
