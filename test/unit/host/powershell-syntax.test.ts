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
import { readFirewall, windowsFixes } from '../../../main/engine/host/firewall';
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
  await findPortOwners({ ...deps, files, ports, portSpec: '5060,5090,9000' });
  await readFirewall({ ...deps, ports, programPath: 'C:\\x.exe', timeoutMs: 1000, elevated: true });
  await listPbxServices({ ...deps, uid: null });
  await changeServices({ ...deps, uid: null }, 'stop', ['3CXPhoneSystem01']);
  await changeServices({ ...deps, uid: null }, 'start', ['3CXPhoneSystem01']);
  await collectEnvironment({ ...deps, report: sampleReport(), appVersion: '0' });
  for (const call of calls) if (call.script) scripts.set(call.script, call.script);
});

describe('the PowerShell scripts, as powershell.exe would receive them', () => {
  it('are all found: owners, firewall profiles and rules, PBX services, stop, start, default route', () => {
    expect(scripts.size).toBeGreaterThanOrEqual(7);
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
      `New-NetFirewallRule -DisplayName "VoIP Firewall Checker (UDP 5060,5090,9000-10999)" -Direction Inbound -Protocol UDP -LocalPort '5060','5090','9000-10999' -Action Allow -Profile Any`,
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
