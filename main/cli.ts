/**
 * `voip-fwcheck`: the command line. Arguments → the same `runCheck` the GUI uses → text or JSON,
 * and an exit code a script can act on.
 *
 * Exit codes: 0 all ports passed, 1 some or all failed, 2 bad usage, 3 the check could not run,
 * 4 the bundle could not be saved, 5 a regression against --baseline, 130 interrupted.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LANGUAGES, RUN_COULD_NOT_RUN, type Language } from '../shared/codes';
import { format, messages } from '../shared/messages';
import { parsePortSpec } from '../shared/ports';
import type { Report, RunSettings } from '../shared/report';
import { DEFAULT_STUN_SERVERS, PACES, paceByName } from '../shared/settings';
import { SettingsError, validateSettings } from '../shared/validate';
import { createProgressBar } from './cli/progress-bar';
import { labels } from './cli/labels';
import { makeStyle, renderText } from './cli/text-report';
import { currentPlatform, startPreflight, type PreflightDeps, type PreflightRun } from './engine/preflight';
import { createProcessRunner } from './engine/host/runner';
import { writeBundle } from './bundle/bundle';
import { resolveBundleTarget } from './bundle/target';
import { collectEnvironment } from './bundle/environment';
import { BundleError } from './bundle/write-zip';
import { createFileLogger, logRun } from './logging';
import type { CheckDeps } from './engine/run-check';
import { executePlan, planRun } from './engine/plan';
import { renderPreflight } from './cli/preflight-text';
import { restorePending } from './cli/restore';
import {
  baselineExitCode,
  compareMain,
  EXIT_REGRESSION,
  readReportFile,
  renderComparisonText,
  ReportFileError,
} from './cli/compare';
import { lastRun, recordRun } from './history';
import { renderPortMapLines } from './cli/port-map-text';
import { serveMain } from './server/cli';
import { compareReports } from '../shared/compare';

/** The commands the CLI knows. */
const COMMANDS = ['check', 'restore-services'] as const; // compare and serve parse their own options

/** Exit codes of the CLI. */
export const EXIT = {
  passed: 0,
  failed: 1,
  usage: 2,
  couldNotRun: 3,
  bundleFailed: 4,
  regression: EXIT_REGRESSION,
  interrupted: 130,
} as const;

/** Where the CLI writes and what it knows of its environment; tests pass fakes. */
export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Registers a handler for Ctrl-C ('exit': leave now); returns the unregister function. */
  onInterrupt?: (handler: () => 'wait' | 'exit') => () => void;
  version?: string;
  /** Folder of the log file; null: no log. */
  logDir?: string | null;
  /** Folder of the run history; null or absent: no history (tests). */
  historyDir?: string | null;
  /** Whether the path step may run (it talks to the real default gateway); absent: no (tests). */
  pathProbe?: boolean;
}

const OPTIONS = {
  stun: { type: 'string', multiple: true },
  ports: { type: 'string' },
  'public-ip': { type: 'string' },
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  timeout: { type: 'string' },
  order: { type: 'string' },
  pace: { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  'no-color': { type: 'boolean' },
  'stop-services': { type: 'boolean' },
  'no-preflight': { type: 'boolean' },
  bundle: { type: 'string' },
  redact: { type: 'boolean' },
  force: { type: 'boolean' },
  with: { type: 'string' },
  baseline: { type: 'string' },
  'no-history': { type: 'boolean' },
  'no-path': { type: 'boolean' },
  'tcp-ports': { type: 'string' },
  'no-sip': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/** The usage text. */
export function usage(): string {
  return `Usage: voip-fwcheck check [options]
       voip-fwcheck compare OLD.json NEW.json [--json] [--lang LANG]
       voip-fwcheck serve --primary IP --alternate IP [options]   (voip-fwcheck serve --help)
       voip-fwcheck restore-services [--lang LANG]

Checks that the router in front of this machine forwards each UDP port one-to-one,
with two STUN tests per port: from the port out to the server (is the port number kept?), then
an answer from the server's other IP address, one the port never sent to (only a forward lets it in).

Options:
  --stun HOST[:PORT]     STUN server(s) with two IP addresses, tried in order; repeat or
                         separate with commas (default: ${DEFAULT_STUN_SERVERS.slice(0, 2).join(', ')}, …)
  --ports SPEC           ports to check, e.g. 5060,5090,9000-10999 (default: the 3CX profile,
                         UDP 5060, 5090 and 9000-10999)
  --public-ip IP         the public IP you expect; other addresses are reported
  --pace NAME            gentle | normal | fast: presets for --rate and --concurrency
                         (default normal: up to ${PACES.normal.rate} packets/s, starting at 100, and
                         ${PACES.normal.concurrency} ports at once; both are caps)
  --rate PPS             at most PPS datagrams per second, retransmissions included
  --concurrency N        at most N ports (sockets) at once
  --timeout MS           give up on a silent test after MS milliseconds (default 3000)
  --order ORDER          sequential | shuffled (default sequential)
  --json                 print one JSON document (schema voip-fwcheck/report@1) on stdout
  --lang LANG            en | fr (default: from the environment)
  --stop-services        stop the PBX services (3CX*) for the check and start them again
                         afterwards; calls in progress drop. Needs administrator or root.
  --no-preflight         skip the look at port owners, PBX services and the host firewall
                         (and the path step)
  --no-path              skip the path step: hops toward the server, the router's UPnP/NAT-PMP/
                         PCP answers, the NAT mapping test (double NAT, carrier-grade NAT)
  --tcp-ports SPEC|none  TCP ports whose forward our own test server (voip-fwcheck serve) checks
                         by connecting back (default: 5060, 5061, 5090 when the server offers them)
  --no-sip               skip the SIP ALG test (only run against our own test server)
  --bundle PATH          also save a diagnostics bundle (zip) for support to PATH, or into PATH
                         when it is a folder (name voip-fwcheck-<host>-<yyyymmdd-hhmm>.zip)
  --force                replace an existing file at the --bundle path
  --with last            also print what changed since the previous run in the history
  --baseline FILE        exit 5 when a port or test that passed in FILE (a --json report)
                         fails now (monitoring); 0 otherwise, 3 when the check could not run
  --no-history           do not add this run to the history (last 100 runs are kept)
  --redact               replace IP and MAC addresses, host, server and user names in the bundle
  --no-color             no colours in the text report
  -h, --help             this help
  -V, --version          the version

compare prints what was fixed, what broke and what still fails between two reports
(exit 5 when something that passed fails now).

serve runs a test server of your own (STUN on two addresses, SIP echo, TCP connect-back).

restore-services starts the PBX services again that a check stopped and could not restart
(its process was killed or crashed); every check does this first by itself.

Exit codes: 0 all passed, 1 some or all ports failed, 5 a regression against --baseline, 2 bad usage, 3 the check could not run
(DNS, no STUN server answered, no second address, CHANGE-REQUEST ignored), 4 the check ran but
its bundle could not be saved, 130 interrupted.
`;
}

class UsageError extends Error {}

/** Picks the language: --lang, else the environment's LC_ALL / LC_MESSAGES / LANG, else English. */
export function pickLanguage(flag: string | undefined, env: CliIo['env']): Language {
  if (flag !== undefined) {
    if (!(LANGUAGES as readonly string[]).includes(flag))
      throw new UsageError(`--lang must be one of ${LANGUAGES.join(', ')}`);
    return flag as Language;
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Turns argv (without node and script) into settings; throws UsageError / SettingsError. */
export function parseCli(argv: readonly string[], env: CliIo['env']) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' } as const;
  if (values.version) return { kind: 'version' } as const;
  if (positionals.length === 0) throw new UsageError('missing command: use "voip-fwcheck check"');
  if (!COMMANDS.includes(positionals[0] as (typeof COMMANDS)[number]) || positionals.length > 1) {
    throw new UsageError(`unknown command "${positionals.join(' ')}": the commands are ${COMMANDS.join(', ')}`);
  }
  const lang = pickLanguage(values.lang, env);
  if (values.with !== undefined && values.with !== 'last')
    throw new UsageError(`--with takes "last" (the previous run in the history), not "${values.with}"`);
  if (positionals[0] === 'restore-services') {
    const extra = Object.keys(values).filter((key) => key !== 'lang');
    if (extra.length) throw new UsageError(`restore-services takes no option but --lang (got --${extra[0]})`);
    return { kind: 'restore-services', lang } as const;
  }
  // Own keys only: "__proto__", "constructor" or "toString" are not paces.
  const pace = values.pace === undefined ? undefined : paceByName(values.pace);
  if (pace === null) throw new UsageError(`--pace must be one of ${Object.keys(PACES).join(', ')}`);
  const input: Partial<Record<keyof RunSettings, unknown>> = {
    stun: values.stun,
    ports: values.ports,
    publicIp: values['public-ip'],
    concurrency: values.concurrency ?? pace?.concurrency,
    rate: values.rate ?? pace?.rate,
    timeoutMs: values.timeout,
    order: values.order,
  };
  for (const key of Object.keys(input) as (keyof RunSettings)[]) if (input[key] === undefined) delete input[key];
  const settings = validateSettings(input);
  return {
    kind: 'check' as const,
    settings,
    lang,
    json: !!values.json,
    colour: !values['no-color'],
    stopServices: !!values['stop-services'],
    bundle: values.bundle === undefined ? null : { requested: values.bundle, path: '' },
    force: !!values.force,
    withLast: values.with === 'last',
    baseline: values.baseline ?? null,
    history: !values['no-history'],
    path: !values['no-path'],
    ours: { sip: !values['no-sip'], tcpPorts: tcpPortsOption(values['tcp-ports']) },
    redact: !!values.redact,
    preflight: !values['no-preflight'],
  };
}

/** `--tcp-ports`: null for the default, [] for none, else the ports (at most 64). */
function tcpPortsOption(spec: string | undefined): number[] | null {
  if (spec === undefined) return null;
  if (spec === 'none') return [];
  let ports: number[];
  try {
    ports = parsePortSpec(spec);
  } catch (error) {
    throw new UsageError(`--tcp-ports: ${(error as Error).message}`);
  }
  if (ports.length > 64) throw new UsageError('--tcp-ports takes at most 64 ports');
  return ports;
}

/** Maps a run code to the exit code. */
export function exitCodeFor(report: Report): number {
  if (report.code === 'ALL_PASSED') return EXIT.passed;
  if (report.code === 'CANCELLED') return EXIT.interrupted;
  if (RUN_COULD_NOT_RUN.includes(report.code)) return EXIT.couldNotRun;
  return EXIT.failed;
}

/** Runs the CLI; resolves with the exit code. Never calls process.exit itself. */
export async function cliMain(
  argv: readonly string[],
  io: CliIo,
  deps: CheckDeps = {},
  preflightDeps: PreflightDeps = {},
): Promise<number> {
  if (argv[0] === 'compare') return compareMain(argv, io);
  if (argv[0] === 'serve') return serveMain(argv.slice(1), io);
  let options;
  try {
    options = parseCli(argv, io.env);
  } catch (error) {
    if (error instanceof UsageError || error instanceof SettingsError) {
      io.stderr.write(`voip-fwcheck: ${error.message}\nRun "voip-fwcheck --help" for the options.\n`);
      return EXIT.usage;
    }
    throw error;
  }
  if (options.kind === 'help') {
    io.stdout.write(usage());
    return EXIT.passed;
  }
  if (options.kind === 'version') {
    io.stdout.write(`${io.version ?? '0.0.0'}\n`);
    return EXIT.passed;
  }
  if (options.kind === 'restore-services')
    return (await restorePending(io, options.lang, preflightDeps, true)) ? EXIT.passed : EXIT.failed;
  // A bundle that could not be saved is known now, not after the whole check.
  if (options.bundle !== null) {
    const target = await resolveBundleTarget(options.bundle.requested, {
      force: options.force,
      hostName: options.redact ? 'redacted' : hostname(),
      now: new Date(),
      language: options.lang,
    });
    if (!target.ok) {
      io.stderr.write(`voip-fwcheck: ${messages(options.lang).bundle.refused}: ${target.message}\n`);
      return EXIT.usage;
    }
    options.bundle.path = target.path;
  }
  // A baseline that cannot be read is known now too.
  let baseline: unknown;
  if (options.baseline !== null) {
    try {
      baseline = await readReportFile(options.baseline);
    } catch (error) {
      if (!(error instanceof ReportFileError)) throw error;
      io.stderr.write(
        `voip-fwcheck: ${format(messages(options.lang).compare.baselineRefused, { reason: error.message })}\n`,
      );
      return EXIT.usage;
    }
  }
  // Services a killed or crashed check left stopped come back before anything else happens.
  await restorePending(io, options.lang, preflightDeps, false);
  const l = labels(options.lang);
  const controller = new AbortController();
  let pre: PreflightRun | null = null;
  let interrupts = 0;
  const unregister = io.onInterrupt?.(() => {
    interrupts++;
    if (interrupts === 1) {
      io.stderr.write(`\n${l.interrupted}\n`);
      controller.abort();
      return 'wait';
    }
    // A second Ctrl-C leaves at once: say what is left to do by hand if the PBX is stopped.
    const services = pre?.services;
    const down = services ? services.stopped.filter((s) => !services.restarted.includes(s)) : [];
    if (down.length && pre) {
      io.stderr.write(`\n${messages(options.lang).preflight.restartFailed}: ${pre.manualRestart(down).command}\n`);
    }
    return 'exit';
  });
  const bar = createProgressBar(io.stderr, l.left);
  let report: Report;
  try {
    if (options.preflight) pre = await startPreflight(parsePortSpec(options.settings.ports), preflightDeps);
    const plan = planRun(options.settings, pre, { stopServices: options.stopServices, ownPid: process.pid });
    if (plan.stop === 'not-elevated')
      io.stderr.write(`voip-fwcheck: ${messages(options.lang).preflight.needsElevation}\n`);
    report = await executePlan(plan, {
      ...deps,
      // The path step asks the real router and traces toward the server: only when the process
      // entry allows it (tests never do), with the pre-flight, and not with --no-path.
      path:
        io.pathProbe && options.preflight && options.path
          ? {
              platform: preflightDeps.platform ?? currentPlatform(),
              runner: preflightDeps.runner ?? createProcessRunner(),
            }
          : null,
      ours: options.ours,
      signal: controller.signal,
      onProgress: (progress) => {
        bar.update(progress);
        deps.onProgress?.(progress);
      },
    });
  } finally {
    unregister?.();
    bar.clear();
  }
  const logFile = io.logDir ? join(io.logDir, 'voip-fwcheck.log') : null;
  if (logFile) {
    try {
      logRun(await createFileLogger(logFile), report, pre?.commands ?? []);
    } catch {
      // A log that cannot be written never stops the check.
    }
  }
  if (options.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const style = makeStyle(options.colour && !!io.stdout.isTTY && !io.env.NO_COLOR);
    const before = report.preflight ? renderPreflight(report.preflight, options.lang, style) : [];
    io.stdout.write(renderText(report, options.lang, style, before));
    // The port map only where it fits: a terminal at least PORT_MAP_MIN_WIDTH columns wide.
    const map = renderPortMapLines(report.ports, options.lang, style, io.stdout.isTTY ? io.stdout.columns : undefined);
    if (map.length) io.stdout.write(`\n${map.join('\n')}\n`);
  }
  // History: every run that was not cancelled; the one before it for --with last and the bundle.
  const words = messages(options.lang).compare;
  let recordedId: string | undefined;
  if (io.historyDir && options.history && report.code !== 'CANCELLED') {
    try {
      recordedId = (await recordRun(report, io.historyDir)).id;
    } catch (error) {
      io.stderr.write(`voip-fwcheck: ${format(words.historyFailed, { reason: (error as Error).message })}\n`);
    }
  }
  let previous: Report | null = null;
  if (io.historyDir && (options.withLast || options.bundle !== null))
    previous = (await lastRun(io.historyDir, recordedId).catch(() => null))?.report ?? null;
  if (options.withLast && !options.json) {
    const style = makeStyle(options.colour && !!io.stdout.isTTY && !io.env.NO_COLOR);
    io.stdout.write(
      previous
        ? `\n${renderComparisonText(compareReports(previous, report), options.lang, style)}`
        : `\n${words.noEarlierRun}\n`,
    );
  }
  let code = exitCodeFor(report);
  if (baseline !== undefined && report.code !== 'CANCELLED' && !RUN_COULD_NOT_RUN.includes(report.code))
    code = baselineExitCode(baseline, report);
  if (options.bundle !== null) {
    const saved = await saveBundle({
      target: options.bundle.path,
      force: options.force,
      report,
      language: options.lang,
      redact: options.redact,
      pre,
      logFile,
      appVersion: io.version ?? '0.0.0',
      preflightDeps,
      previous,
    });
    if (!saved.ok) {
      io.stderr.write(`voip-fwcheck: ${messages(options.lang).bundle.failed}: ${saved.message}\n`);
      // A regression is the signal a monitoring job waits for: it wins over a bundle failure.
      return code === EXIT_REGRESSION ? code : EXIT.bundleFailed;
    }
    io.stderr.write(`${messages(options.lang).bundle.saved}: ${saved.path}\n`);
  }
  return code;
}

/** What saving the bundle needs. */
interface BundleJob {
  target: string;
  force: boolean;
  report: Report;
  language: Language;
  redact: boolean;
  pre: PreflightRun | null;
  logFile: string | null;
  appVersion: string;
  preflightDeps: PreflightDeps;
  /** The run before this one, from the history (its report and the comparison go in too). */
  previous: Report | null;
}

async function saveBundle(job: BundleJob): Promise<{ ok: true; path: string } | { ok: false; message: string }> {
  const { target, report, language, redact, logFile, previous, preflightDeps } = job;
  const commands = [...(job.pre?.commands ?? [])];
  const environment = await collectEnvironment({
    platform: preflightDeps.platform ?? currentPlatform(),
    runner: preflightDeps.runner ?? createProcessRunner(),
    report,
    appVersion: job.appVersion,
    commands,
  });
  try {
    await writeBundle(
      target,
      { report, language, environment, commands, logFile, redact, previous },
      { force: job.force },
    );
    return { ok: true, path: target };
  } catch (error) {
    if (error instanceof BundleError) return { ok: false, message: error.message };
    throw error;
  }
}
