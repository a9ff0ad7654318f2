/**
 * What the labs built from network namespaces share (ours-lab.ts, path-lab.ts): commands in a
 * namespace, nftables rules loaded from text, a command run in the PBX namespace with its output,
 * the removal of labs left by dead processes, and the check that this machine can host one.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT, type ExecResult } from './nat-lab';

const run = promisify(execFile);

/** Runs a command, resolves with its standard output (rejects on a non-zero exit). */
export const sh = async (command: string, args: readonly string[]): Promise<string> =>
  (await run(command, [...args])).stdout;

/** `ip -n NS …`, the rest of the line split at spaces. */
export const ip = (ns: string, line: string): Promise<string> => sh('ip', ['-n', ns, ...line.split(' ')]);

/** A veth pair: `a` in `nsA`, `b` in `nsB`. */
export const veth = (a: string, nsA: string, b: string, nsB: string): Promise<string> =>
  sh('ip', ['link', 'add', a, 'netns', nsA, 'type', 'veth', 'peer', 'name', b, 'netns', nsB]);

/** Loads nftables `rules` (text) in namespace `ns`; the error names the rules on failure. */
export async function nftIn(ns: string, rules: string): Promise<void> {
  await new Promise<void>((done, fail) => {
    const child = spawn('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`nft in ${ns}: ${stderr}\n${rules}`))));
    child.stdin.end(rules);
  });
}

/** Runs `command` in namespace `ns` from the project root; killed after `timeoutMs`. */
export function execInNs(
  ns: string,
  command: string,
  args: readonly string[],
  timeoutMs: number,
  env?: NodeJS.ProcessEnv,
): Promise<ExecResult> {
  return new Promise((done) => {
    const child = spawn('ip', ['netns', 'exec', ns, command, ...args], { cwd: ROOT, ...(env ? { env } : {}) });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/**
 * Removes the namespaces `pattern` matches (group 1: the name, group 2: the creating process's
 * id) that belong to this process or to a process that is gone, killing what still runs in them.
 */
export async function removeNamespaces(pattern: RegExp): Promise<void> {
  const { stdout } = await run('ip', ['netns', 'list']).catch(() => ({ stdout: '' }));
  for (const line of stdout.split('\n')) {
    const match = pattern.exec(line.trim());
    if (!match) continue;
    let alive = match[2] !== String(process.pid);
    if (alive) {
      try {
        process.kill(Number(match[2]), 0);
      } catch {
        alive = false;
      }
    }
    if (alive) continue;
    const pids = await run('ip', ['netns', 'pids', match[1]!]).then(
      (r) => r.stdout.split('\n').filter(Boolean),
      () => [],
    );
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await run('ip', ['netns', 'del', match[1]!]).catch(() => undefined);
  }
}

/** Throws a clear error (never skips) unless this process is root and has every one of `tools`. */
export async function assertLabTools(lab: string, tools: readonly string[], packages: string): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error(`${lab} needs root (network namespaces, nftables)`);
  for (const tool of tools) {
    await run('sh', ['-c', `command -v ${tool}`]).catch(() => {
      throw new Error(`${lab} needs "${tool}": apt-get install ${packages}`);
    });
  }
}
