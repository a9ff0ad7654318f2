/**
 * The diagnostics bundle: one zip a support engineer can open and understand without asking a
 * question. report.html (for people), report.json (for scripts), environment.json, the raw
 * pre-flight outputs, the recent log and a README.txt, optionally redacted.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Language } from '../../shared/codes';
import type { Report } from '../../shared/report';
import type { CommandResult } from '../engine/host/runner';
import type { Environment } from './environment';
import { COMPARISON_README, comparisonFiles } from './comparison-files';
import { Redactor } from './redact';
import { renderReportHtml } from './report-html';
import { writeZip, type ZipFs } from './write-zip';

/** The recent part of the log that goes into the bundle. */
const LOG_TAIL_BYTES = 512 * 1024;

/** What goes into a bundle. */
export interface BundleInput {
  report: Report;
  language: Language;
  environment: Environment;
  commands: readonly CommandResult[];
  /** Path of the log file, if any. */
  logFile: string | null;
  redact: boolean;
  /** Accounts running the app, redacted everywhere (default: the current user). */
  localUsers?: string[];
  /** The run before this one, from the history: its report and the comparison go in too. */
  previous?: Report | null;
}

/** `voip-fwcheck-<host>-<yyyymmdd-hhmm>.zip` (local time, host name made file-safe). */
export function defaultBundleName(host: string, when: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${when.getFullYear()}${pad(when.getMonth() + 1)}${pad(when.getDate())}-${pad(when.getHours())}${pad(when.getMinutes())}`;
  const safe = host.replace(/[^A-Za-z0-9.-]+/g, '_').replace(/^\.+/, '') || 'host';
  return `voip-fwcheck-${safe}-${stamp}.zip`;
}

function commandFile(result: CommandResult): string {
  // PowerShell scripts travel base64-encoded: show the script itself.
  const args = result.args.map((arg, i) =>
    result.args[i - 1] === '-EncodedCommand'
      ? `<script>\n${Buffer.from(arg, 'base64').toString('utf16le')}\n</script>`
      : arg,
  );
  return [
    `$ ${result.command} ${args.join(' ')}`,
    `exit code: ${result.exitCode ?? 'none'}${result.timedOut ? ' (timed out)' : ''}${result.error ? ` (${result.error})` : ''}`,
    `duration: ${result.durationMs} ms`,
    '',
    '--- stdout ---',
    result.stdout,
    '--- stderr ---',
    result.stderr,
  ].join('\n');
}

const README = (redacted: boolean, count: number) => `VoIP Firewall Checker — diagnostics bundle

report.html       The check as a page: verdict, STUN server, public address, results folded
                  into ranges, what to do for each failure, the pre-flight findings with the
                  commands that fix them, and the environment. Opens in any browser, prints well.
report.json       The same report for scripts (schema voip-fwcheck/report@1, as printed by
                  "voip-fwcheck check --json").
environment.json  Operating system, app version, host name, network interfaces and addresses,
                  default route, DNS servers, how the STUN names resolved, elevation, time zone.
preflight/        The raw output of every command the pre-flight ran (port owners, services,
                  firewall), each with its command line, exit code and duration.
app.log           The recent application log.
README.txt        This file.
${redacted ? `\nRedacted: IP addresses, MAC addresses, STUN server names, the host name and domain, user names\nand home folders were replaced by placeholders that say what they were (ip-public-1, mac-1,\nuser-1…; ${count} values), the same value by the same placeholder in every file.\n` : ''}`;

/** Names of the accounts running this app (os.userInfo can throw where the user has no entry). */
function localUsers(): string[] {
  try {
    return [userInfo().username];
  } catch {
    return [];
  }
}

/**
 * A redactor told everything identifying the bundle knows of: STUN server names, the host's name,
 * domain and DNS search domains, its MAC addresses, the users owning the checked ports and the
 * user running the app. Home folders and addresses are found in the text itself.
 */
function bundleRedactor(input: BundleInput): Redactor {
  const redactor = new Redactor();
  redactor.addNames('stun-server', [
    ...input.report.settings.stun.map((s) => s.replace(/^stuns?:/, '').replace(/:\d+$/, '')),
    ...input.report.servers.map((s) => s.name.replace(/:\d+$/, '')),
  ]);
  const env = input.environment;
  redactor.addHost(env.hostname);
  for (const domain of [env.domain ?? '', ...(env.dns.search ?? [])]) redactor.addDomain(domain);
  redactor.addMacs(env.interfaces.map((i) => i.mac));
  const owners = input.report.preflight?.owners.owners ?? [];
  redactor.addNames('user', [
    ...owners.flatMap((o) => (o.user ? [o.user] : [])),
    ...(input.localUsers ?? localUsers()),
  ]);
  return redactor;
}

/** Builds the files of the bundle (before zipping). */
export async function bundleFiles(input: BundleInput): Promise<Record<string, string>> {
  const files: Record<string, string> = {
    'report.json': `${JSON.stringify(input.report, null, 2)}\n`,
    'report.html': renderReportHtml(input.report, input.language, input.environment),
    'environment.json': `${JSON.stringify(input.environment, null, 2)}\n`,
  };
  input.commands.forEach((command, index) => {
    const name = `${String(index + 1).padStart(2, '0')}-${command.command.replace(/^.*[\\/]/, '').replace(/[^\w.-]+/g, '_')}.txt`;
    files[`preflight/${name}`] = commandFile(command);
  });
  let log = '';
  if (input.logFile) {
    const text = await readFile(input.logFile, 'utf8').catch(() => '');
    log = text.length > LOG_TAIL_BYTES ? text.slice(text.length - LOG_TAIL_BYTES) : text;
  }
  files['app.log'] = log || '(no log)\n';
  Object.assign(files, comparisonFiles(input.previous ?? null, input.report));
  let count = 0;
  if (input.redact) {
    const redactor = bundleRedactor(input);
    for (const text of Object.values(files)) redactor.learn(text);
    for (const name of Object.keys(files)) files[name] = redactor.apply(files[name]!);
    count = redactor.size;
  }
  files['README.txt'] = README(input.redact, count) + (input.previous ? `\n${COMPARISON_README}` : '');
  return files;
}

/**
 * Writes the bundle to `target` (from resolveBundleTarget) atomically, never through a link or a
 * special file; an existing regular file is replaced only with `force`. Throws BundleError.
 */
export async function writeBundle(
  target: string,
  input: BundleInput,
  options: { force?: boolean; fs?: ZipFs } = {},
): Promise<void> {
  await writeZip(target, await bundleFiles(input), options);
}
