/**
 * Parsers of Windows outputs: tasklist CSV, our batched PowerShell JSON, excluded port ranges,
 * `whoami /groups` and the firewall's JSON. Localised words are never matched: only CSV structure,
 * digits, SIDs and the (not localised) enum names that PowerShell prints when cast to string.
 */
import type { PbxService } from '../../../shared/preflight';
import { lines } from './runner';
import type { SocketEntry } from './sockets';

/** Parses CSV text into records; quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Splits one CSV line, honouring quotes and doubled quotes. */
export function parseCsvLine(line: string): string[] {
  return parseCsv(line)[0] ?? [''];
}

/** A process as tasklist lists it. */
export interface TaskEntry {
  pid: number;
  image: string;
  /** Services hosted in the process (`tasklist /svc`); empty when none. */
  services: string[];
}

/**
 * `tasklist /fo csv /nh` or `tasklist /svc /fo csv /nh`. Rows are lines that start with a quote;
 * "no tasks" notices (translated, exit code 0) have none. In /svc output the third field lists
 * services without spaces; anything with a space or no letters ("N/A", "No disponible") is none.
 */
export function parseTasklist(text: string, withServices: boolean): TaskEntry[] {
  const out: TaskEntry[] = [];
  for (const line of lines(text)) {
    if (!line.startsWith('"')) continue;
    const fields = parseCsvLine(line.trim());
    const pid = fields[1];
    if (!fields[0] || !pid || !/^\d+$/.test(pid)) continue;
    let services: string[] = [];
    if (withServices && fields[2]) {
      services = fields[2].split(',').filter((s) => /^[\w.$-]+$/.test(s) && s !== 'N/A');
    }
    out.push({ pid: Number(pid), image: fields[0], services });
  }
  return out;
}

/** What our batched PowerShell script returns (see `OWNERS_SCRIPT`). */
export interface PowerShellOwners {
  sockets: SocketEntry[];
  processes: { pid: number; name: string; path: string | null }[];
  services: { pid: number; name: string; pathName: string | null }[];
}

const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value)
    ? value
    : typeof value === 'string' && /^\d+$/.test(value)
      ? Number(value)
      : null;

/** Parses JSON that Windows PowerShell wrote: strips a BOM and anything before the first brace. */
export function parsePowerShellJson(text: string): unknown {
  const clean = text.replace(/^\uFEFF/, '').trim();
  const start = clean.search(/[[{]/);
  if (start < 0) throw new Error('no JSON in the PowerShell output');
  return JSON.parse(clean.slice(start));
}

/**
 * Parses the batched owners script. Throws (with the script's own error message when it reported
 * one) so the caller can fall back to netstat and tasklist.
 */
export function parsePowerShellOwners(text: string): PowerShellOwners {
  const data = parsePowerShellJson(text) as Record<string, unknown>;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('unexpected PowerShell output');
  if (typeof data.error === 'string') throw new Error(`PowerShell: ${data.error}`);
  const sockets: SocketEntry[] = [];
  for (const protocol of ['udp', 'tcp'] as const) {
    for (const row of asArray(data[protocol]) as Record<string, unknown>[]) {
      const address = str(row.LocalAddress);
      const port = num(row.LocalPort);
      if (address === null || port === null) continue;
      sockets.push({
        protocol,
        address,
        port,
        family: address.includes(':') ? 6 : 4,
        pid: num(row.Pid ?? row.OwningProcess),
      });
    }
  }
  const processes = (asArray(data.processes) as Record<string, unknown>[]).flatMap((row) => {
    const pid = num(row.Pid ?? row.ProcessId);
    const name = str(row.Name);
    return pid === null || name === null ? [] : [{ pid, name, path: str(row.ExecutablePath ?? row.Path) }];
  });
  const services = (asArray(data.services) as Record<string, unknown>[]).flatMap((row) => {
    const pid = num(row.Pid ?? row.ProcessId);
    const name = str(row.Name);
    return pid === null || name === null ? [] : [{ pid, name, pathName: str(row.PathName) }];
  });
  return { sockets, processes, services };
}

/** `netsh int ipv4 show excludedportrange protocol=udp`: every line with two port numbers. */
export function parseExcludedRanges(text: string): { from: number; to: number; administered: boolean }[] {
  const out: { from: number; to: number; administered: boolean }[] = [];
  for (const line of lines(text)) {
    const match = /^\s*(\d{1,5})\s+(\d{1,5})\s*(\*)?\s*$/.exec(line);
    if (match) out.push({ from: Number(match[1]), to: Number(match[2]), administered: match[3] === '*' });
  }
  return out;
}

/** `whoami /groups /fo csv /nh`: elevated when the High (or System) mandatory level SID is there. */
export function parseWhoamiElevated(text: string): boolean | null {
  if (!/S-1-16-\d+/.test(text)) return null;
  return /S-1-16-(12288|16384)\b/.test(text);
}

/** One Windows Firewall profile, enums as their English names. */
export interface FirewallProfile {
  name: 'Domain' | 'Private' | 'Public' | string;
  /** 'True' | 'False' | 'NotConfigured' (NotConfigured: the built-in default, on). */
  enabled: string;
  allowInboundRules: string;
  allowLocalFirewallRules: string;
}

/** A firewall rule relevant to inbound UDP. */
export interface FirewallRule {
  displayName: string;
  action: 'Allow' | 'Block' | string;
  profile: string;
  protocol: string;
  localPorts: string[];
  program: string;
  service: string;
  remoteAddresses: string[];
}

/** The firewall section of our PowerShell output. */
export interface WindowsFirewallData {
  profiles: FirewallProfile[];
  activeCategories: string[];
  rules: FirewallRule[] | null;
}

const enumName = (value: unknown, map: Record<number, string>): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? (map[value] ?? String(value)) : 'NotConfigured';
const GPO_BOOLEAN = { 0: 'False', 1: 'True', 2: 'NotConfigured' };
const ACTION = { 0: 'NotConfigured', 2: 'Allow', 4: 'Block' };

/** Parses our firewall script's JSON (profiles, active network categories, and rules if listed). */
export function parseWindowsFirewall(text: string): WindowsFirewallData {
  const data = parsePowerShellJson(text) as Record<string, unknown>;
  if (typeof data.error === 'string') throw new Error(`PowerShell: ${data.error}`);
  const profiles = (asArray(data.profiles) as Record<string, unknown>[]).map((p) => ({
    name: String(p.Name ?? '?'),
    enabled: enumName(p.Enabled, GPO_BOOLEAN),
    allowInboundRules: enumName(p.AllowInboundRules, GPO_BOOLEAN),
    allowLocalFirewallRules: enumName(p.AllowLocalFirewallRules, GPO_BOOLEAN),
  }));
  const activeCategories = (asArray(data.active) as Record<string, unknown>[])
    .map((c) => enumName(c.Category ?? c.NetworkCategory, { 0: 'Public', 1: 'Private', 2: 'DomainAuthenticated' }))
    .map((c) => (c === 'DomainAuthenticated' ? 'Domain' : c));
  const rules =
    data.rules === undefined
      ? null
      : (asArray(data.rules) as Record<string, unknown>[]).map((r) => ({
          displayName: String(r.DisplayName ?? ''),
          action: enumName(r.Action, ACTION),
          profile: String(r.Profile ?? 'Any'),
          protocol: String(r.Protocol ?? 'Any'),
          localPorts: asArray(r.LocalPort).map(String),
          program: String(r.Program ?? 'Any'),
          service: String(r.Service ?? 'Any'),
          remoteAddresses: asArray(r.RemoteAddress).map(String),
        }));
  return { profiles, activeCategories: [...new Set(activeCategories)], rules };
}

/**
 * `sc.exe query type= service state= all`, the fallback when PowerShell cannot run. Its field
 * names (SERVICE_NAME, DISPLAY_NAME, STATE) and state numbers are not translated; STATE 4 is
 * RUNNING. A display name in another code page is kept as it came.
 */
export function parseScQuery(text: string): PbxService[] {
  const out: PbxService[] = [];
  let current: PbxService | null = null;
  for (const line of lines(text)) {
    const service = /^SERVICE_NAME:\s*(\S.*?)\s*$/.exec(line);
    if (service) {
      current = { name: service[1]!, displayName: service[1]!, running: false };
      out.push(current);
      continue;
    }
    if (!current) continue;
    const display = /^DISPLAY_NAME:\s*(\S.*?)\s*$/.exec(line);
    if (display) current.displayName = display[1]!;
    const state = /^\s+STATE\s*:\s*(\d+)/.exec(line);
    if (state) current.running = state[1] === '4';
  }
  return out;
}
