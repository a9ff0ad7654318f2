/**
 * Names an attacker could give a chain, a zone, a service or a folder, for the fix-command tests,
 * and a runner for sh fixes: `sudo` and the firewall tools are stand-ins that write their argv to a
 * file, so a fix runs in a real shell without touching the host. Each hostile name would
 * create the canary file if the shell ever ran it as code.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder holding the canary's path and the argv log. */
export function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'vfc-fix-'));
  const canary = join(dir, 'pwned');
  return {
    dir,
    canary,
    log: join(dir, 'argv'),
    removeCanary: () => rmSync(canary, { force: true }),
    remove: () => rmSync(dir, { recursive: true }),
  };
}

/** Hostile names; those in the second list hold characters no quoting makes safe. */
export function hostileNames(canary: string): { quotable: string[]; unquotable: string[] } {
  const touch = `touch ${canary}`;
  return {
    quotable: [
      `$(${touch})`,
      `\`${touch}\``,
      `x; ${touch}`,
      `x'; ${touch}; '`,
      `x"; ${touch}; "`,
      `x'"'"'; ${touch} #`,
      `‘x’; ${touch}; ‚y‛`,
      `“x”; ${touch}; „y`,
      `%PATH% & ${touch} | ${touch}`,
      `$HOME {a,b} * ~root !! =ls %self`,
      `-x --reload`,
      `a\${IFS}touch\${IFS}${canary}`,
    ],
    unquotable: [`x\n${touch}`, `x\r${touch}`, `x\0${touch}`, `x\\'; ${touch}; '`, `x\u202e${touch}`],
  };
}

/** The shells at hand: sh, bash and dash where installed (the same binary once). */
export function shells(): string[] {
  const found = new Map<string, string>();
  for (const shell of ['/bin/sh', '/bin/bash', '/bin/dash', '/bin/zsh', '/usr/bin/zsh']) {
    if (existsSync(shell)) found.set(realpathSync(shell), shell);
  }
  return [...found.values()];
}

const TOOLS = ['sudo', 'nft', 'iptables', 'firewall-cmd', 'ufw', 'systemctl'];

/** Puts stand-ins for sudo and the firewall tools in `dir`/bin: each writes its argv to the log. */
export function installStandIns(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const tool of TOOLS) {
    const path = join(bin, tool);
    writeFileSync(path, `#!/bin/sh\nprintf '%s\\0' "$@" >> "$VFC_LOG"\nprintf '\\036\\0' >> "$VFC_LOG"\n`);
    chmodSync(path, 0o755);
  }
  return bin;
}

/**
 * Runs each command line in `shell` as if pasted (`eval`, each in its own subshell, so one broken
 * line cannot stop the others), with `bin` first in PATH; returns, per command, the argv of each
 * call to a stand-in (sudo's own argv: sudo never runs anything here).
 */
export function runInShell(shell: string, bin: string, commands: readonly string[], log: string): string[][][] {
  const script = [
    'i=0',
    `while [ "$i" -lt ${commands.length} ]; do`,
    `  eval "C=\\$VFC_C$i"`,
    `  printf '\\035\\0' >> "$VFC_LOG"`,
    '  ( eval "$C" ) 2>/dev/null',
    '  i=$((i + 1))',
    'done',
  ].join('\n');
  const env: Record<string, string> = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, VFC_LOG: log };
  commands.forEach((c, i) => (env[`VFC_C${i}`] = c));
  writeFileSync(log, '');
  execFileSync(shell, ['-c', script], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const fields = readFileSync(log, 'utf8').split('\0');
  const perCommand: string[][][] = [];
  let call: string[] = [];
  for (const field of fields) {
    if (field === '\u001d') perCommand.push([]);
    else if (field === '\u001e') {
      perCommand[perCommand.length - 1]!.push(call);
      call = [];
    } else call.push(field);
  }
  return perCommand;
}
