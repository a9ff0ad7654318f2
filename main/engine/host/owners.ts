/**
 * Who holds the checked ports, per platform: Windows through one batched PowerShell call (netstat
 * and tasklist as the fallback) plus the excluded port ranges; Linux through `ss` with /proc/net
 * for the owning user (and as the fallback); macOS through `lsof`.
 */
import type { ExcludedRange, OwnersReport, PortOwnerInfo } from '../../../shared/preflight';
import { foldRanges } from '../../../shared/ports';
import { portList } from './fixes';
import { OWNERS_SCRIPT, runPowerShell } from './powershell';
import { succeeded, type CommandResult, type CommandRunner, type FileAccess, type Platform } from './runner';
import { parseLsof, parseNetstat, parsePasswd, parseProcNet, parseSs, type SocketEntry } from './sockets';
import { parseExcludedRanges, parsePowerShellOwners, parseTasklist } from './windows-parse';

/** What the owner lookup needs. */
export interface OwnersDeps {
  platform: Platform;
  runner: CommandRunner;
  files: FileAccess;
  /** The checked ports. */
  ports: readonly number[];
  /** Every command run is appended here (for the diagnostics bundle). */
  commands: CommandResult[];
}

/** Tells whether a process is the PBX's own: 3CX services, the 3CX folder or user, a 3CX image. */
function isPbxProcess(owner: Pick<PortOwnerInfo, 'name' | 'path' | 'services' | 'user'>): boolean {
  return (
    owner.services.some((s) => /^3cx/i.test(s)) ||
    /3cx phone system|3cxpbx/i.test(owner.path ?? '') ||
    /^3cx/i.test(owner.name ?? '') ||
    owner.user === 'phonesystem'
  );
}

function toOwner(entry: SocketEntry, extra: Partial<PortOwnerInfo> = {}): PortOwnerInfo {
  const owner: PortOwnerInfo = {
    protocol: entry.protocol,
    port: entry.port,
    address: entry.address,
    family: entry.family,
    pid: entry.pid,
    name: entry.name ?? null,
    path: null,
    services: [],
    user: null,
    pbx: false,
    ...extra,
  };
  owner.pbx = isPbxProcess(owner);
  return owner;
}

/** Finds the owners of the checked ports. Never throws; `complete` says how far it could see. */
export async function findPortOwners(deps: OwnersDeps): Promise<OwnersReport> {
  const wanted = new Set(deps.ports);
  const keep = (entries: SocketEntry[]) => entries.filter((e) => wanted.has(e.port));
  const run = async (command: string, args: string[], timeoutMs = 15_000): Promise<CommandResult> => {
    const result = await deps.runner.run(command, args, { timeoutMs });
    deps.commands.push(result);
    return result;
  };
  switch (deps.platform) {
    case 'win32':
      return windowsOwners(deps, keep, run);
    case 'linux':
      return linuxOwners(deps, keep, run);
    case 'darwin': {
      const result = await run('lsof', ['-nP', '-iUDP', '-iTCP', '-sTCP:LISTEN', '-FpcPn']);
      // lsof exits 1 when nothing matches; only our own processes are visible without root.
      const ok = result.exitCode === 0 || (result.exitCode === 1 && !result.error);
      return {
        owners: dedupe(keep(parseLsof(result.stdout)).map((e) => toOwner(e))),
        excludedRanges: [],
        method: ok ? 'lsof' : 'none',
        complete: ok,
        errors: ok ? [] : [`lsof: ${result.error ?? result.stderr.trim() ?? 'failed'}`],
      };
    }
  }
}

type Run = (command: string, args: string[], timeoutMs?: number) => Promise<CommandResult>;

async function windowsOwners(
  deps: OwnersDeps,
  keep: (e: SocketEntry[]) => SocketEntry[],
  run: Run,
): Promise<OwnersReport> {
  const errors: string[] = [];
  const excluded = Promise.all(
    (['udp', 'tcp'] as const).map(async (protocol) => {
      const result = await run('netsh', ['int', 'ipv4', 'show', 'excludedportrange', `protocol=${protocol}`]);
      return parseExcludedRanges(result.stdout).map((r): ExcludedRange => ({ protocol, ...r }));
    }),
  ).then((lists) => lists.flat());

  // "5060,5090,9000-10999" from the parsed numbers: only digits, commas and ASCII hyphens.
  const vfcPorts = portList(foldRanges(deps.ports));
  const ps = await runPowerShell(deps.runner, OWNERS_SCRIPT, { VFC_PORTS: vfcPorts }, 30_000);
  deps.commands.push(ps);
  try {
    const data = parsePowerShellOwners(ps.stdout);
    const processes = new Map(data.processes.map((p) => [p.pid, p]));
    const owners = keep(data.sockets).map((socket) => {
      const process = socket.pid === null ? undefined : processes.get(socket.pid);
      const services = data.services.filter((s) => s.pid === socket.pid);
      const servicePath = services.find((s) => s.pathName)?.pathName?.replace(/^"([^"]+)".*$/, '$1') ?? null;
      return toOwner(socket, {
        name: process?.name ?? null,
        path: process?.path ?? servicePath,
        services: services.map((s) => s.name),
      });
    });
    return { owners, excludedRanges: await excluded, method: 'powershell', complete: true, errors };
  } catch (error) {
    errors.push(`PowerShell: ${(error as Error).message}${ps.error ? ` (${ps.error})` : ''}`);
  }
  // Fallback: netstat for the sockets, tasklist for names and services.
  const [netstat, svc, tasks] = await Promise.all([
    run('netstat', ['-ano']),
    run('tasklist', ['/svc', '/fo', 'csv', '/nh']),
    run('tasklist', ['/fo', 'csv', '/nh']),
  ]);
  if (!succeeded(netstat)) {
    errors.push(`netstat: ${netstat.error ?? `exit ${netstat.exitCode}`}`);
    return { owners: [], excludedRanges: await excluded, method: 'none', complete: false, errors };
  }
  const names = new Map(parseTasklist(tasks.stdout, false).map((t) => [t.pid, t.image]));
  const services = new Map(parseTasklist(svc.stdout, true).map((t) => [t.pid, t.services]));
  const owners = keep(parseNetstat(netstat.stdout)).map((socket) =>
    toOwner(socket, {
      name: socket.pid === null ? null : (names.get(socket.pid) ?? null),
      services: socket.pid === null ? [] : (services.get(socket.pid) ?? []),
    }),
  );
  return { owners, excludedRanges: await excluded, method: 'netstat', complete: names.size > 0, errors };
}

async function linuxOwners(
  deps: OwnersDeps,
  keep: (e: SocketEntry[]) => SocketEntry[],
  run: Run,
): Promise<OwnersReport> {
  const errors: string[] = [];
  const [ss, passwd, ...tables] = await Promise.all([
    run('ss', ['-H', '-tuanp']),
    deps.files.readFile('/etc/passwd'),
    ...(
      [
        ['udp', 4],
        ['udp', 6],
        ['tcp', 4],
        ['tcp', 6],
      ] as const
    ).map(async ([protocol, family]) => {
      const text = await deps.files.readFile(`/proc/net/${protocol}${family === 6 ? '6' : ''}`);
      return text === null ? null : parseProcNet(text, protocol, family);
    }),
  ]);
  const users = parsePasswd(passwd ?? '');
  const proc = keep(tables.flatMap((t) => t ?? []));
  const fromSs = succeeded(ss) ? keep(parseSs(ss.stdout)) : null;
  if (!fromSs) errors.push(`ss: ${ss.error ?? ss.stderr.trim() ?? `exit ${ss.exitCode}`}`);

  // ss prints a dual-stack wildcard as "*", which /proc lists under the IPv6 table.
  const key = (e: { protocol: string; port: number }) => `${e.protocol}|${e.port}`;
  const ssByKey = new Map<string, SocketEntry[]>();
  for (const entry of fromSs ?? []) ssByKey.set(key(entry), [...(ssByKey.get(key(entry)) ?? []), entry]);
  const inodeOwners = fromSs
    ? new Map<number, { pid: number; name: string | null }>()
    : await pidsByInode(deps.files, proc);

  const owners: PortOwnerInfo[] = [];
  let hidden = false;
  for (const entry of proc) {
    const user = entry.uid === undefined ? null : (users.get(entry.uid) ?? String(entry.uid));
    const matches = (ssByKey.get(key(entry)) ?? []).filter(
      (s) => s.pid !== null && (s.address === '*' || s.family === entry.family),
    );
    const byInode = entry.inode === undefined ? undefined : inodeOwners.get(entry.inode);
    if (matches.length === 0 && !byInode) {
      hidden = true;
      owners.push(toOwner(entry, { pid: null, user }));
    } else if (byInode) owners.push(toOwner(entry, { pid: byInode.pid, name: byInode.name, user }));
    for (const match of matches)
      owners.push(toOwner({ ...match, address: entry.address, family: entry.family }, { user }));
  }
  // Sockets ss saw that /proc did not (another network namespace view is impossible, but keep them).
  if (proc.length === 0 && fromSs) for (const entry of fromSs) owners.push(toOwner(entry));
  return {
    owners: dedupe(owners),
    excludedRanges: [],
    method: fromSs ? 'ss' : proc.length || tables.some((t) => t) ? 'proc' : 'none',
    complete: !hidden && (fromSs !== null || tables.some((t) => t !== null)),
    errors,
  };
}

/** inode → pid by scanning /proc/<pid>/fd (only our own processes unless root). */
async function pidsByInode(
  files: FileAccess,
  entries: SocketEntry[],
): Promise<Map<number, { pid: number; name: string | null }>> {
  const wanted = new Set(entries.map((e) => e.inode).filter((i): i is number => i !== undefined));
  const found = new Map<number, { pid: number; name: string | null }>();
  if (wanted.size === 0) return found;
  for (const pidText of (await files.readdir('/proc')) ?? []) {
    if (!/^\d+$/.test(pidText)) continue;
    for (const fd of (await files.readdir(`/proc/${pidText}/fd`)) ?? []) {
      const link = await files.readlink(`/proc/${pidText}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(link ?? '')?.[1];
      if (inode && wanted.has(Number(inode))) {
        const comm = (await files.readFile(`/proc/${pidText}/comm`))?.trim() ?? null;
        found.set(Number(inode), { pid: Number(pidText), name: comm });
      }
    }
    if (found.size === wanted.size) break;
  }
  return found;
}

function dedupe(owners: PortOwnerInfo[]): PortOwnerInfo[] {
  const seen = new Map<string, PortOwnerInfo>();
  for (const o of owners) seen.set(`${o.protocol}|${o.address}|${o.port}|${o.pid}`, o);
  return [...seen.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}
