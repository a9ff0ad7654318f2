/**
 * Logs: one format for the app and the command line, written with electron-log's Node transport
 * to a rotating file (1 MB, then one archive). The engine logs through the small `Logger`
 * interface, so it never depends on where the lines go.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../shared/report';
import { foldByCode } from '../shared/fold';
import type { CommandResult } from './engine/host/runner';

/** What the engine and the CLI log through. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that drops everything. */
export const nullLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The line format shared by the app and the CLI. */
const LOG_FORMAT = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}] {text}';
/** Size at which the log file is rotated. */
const LOG_MAX_BYTES = 1024 * 1024;

/** Where logs go: the platform's usual place for an application's logs. */
export function defaultLogDir(platform: string, env: Record<string, string | undefined>, home = homedir()): string {
  if (env.VOIP_FWCHECK_LOG_DIR) return env.VOIP_FWCHECK_LOG_DIR;
  if (platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'VoIP Firewall Checker', 'logs');
  if (platform === 'darwin') return join(home, 'Library', 'Logs', 'VoIP Firewall Checker');
  return join(env.XDG_STATE_HOME ?? join(home, '.local', 'state'), 'voip-fwcheck', 'logs');
}

/** A file logger over electron-log/node: no console output, rotation at LOG_MAX_BYTES. */
export async function createFileLogger(file: string): Promise<Logger & { path: string }> {
  const { default: log } = await import('electron-log/node');
  const instance = log.create({ logId: `vfc-${file}` });
  instance.transports.console.level = false;
  instance.transports.file.resolvePathFn = () => file;
  instance.transports.file.format = LOG_FORMAT;
  instance.transports.file.maxSize = LOG_MAX_BYTES;
  return {
    path: file,
    info: (message) => instance.info(message),
    warn: (message) => instance.warn(message),
    error: (message) => instance.error(message),
  };
}

/** Logs what a run did: settings, server selection, outcomes folded, pre-flight commands. */
export function logRun(logger: Logger, report: Report, commands: readonly CommandResult[]): void {
  logger.info(`check started ${report.startedAt} settings ${JSON.stringify(report.settings)}`);
  for (const command of commands) {
    const status = command.timedOut
      ? 'timed out'
      : command.error
        ? `error ${command.error}`
        : `exit ${command.exitCode}`;
    logger.info(
      `preflight: ${command.command} ${command.args.filter((a) => a.length < 200).join(' ')} — ${status} in ${command.durationMs} ms`,
    );
  }
  for (const attempt of report.servers) {
    const line = `server ${attempt.name} [${attempt.resolved.join(', ')}]: ${attempt.code ?? 'picked'} — ${attempt.detail}`;
    if (attempt.code) logger.warn(line);
    else logger.info(line);
  }
  for (const protocol of ['udp', 'tcp'] as const) {
    const ports = report.ports.filter((p) => p.protocol === protocol);
    const name = protocol === 'udp' ? 'ports' : 'tcp ports';
    for (const group of foldByCode(ports)) logger.info(`${name} ${group.label}: ${group.code} (${group.count})`);
  }
  for (const sip of report.sip ?? []) logger.info(`sip ${sip.transport}: ${sip.code} ${sip.changed.join(', ')}`.trim());
  for (const warning of report.warnings) logger.warn(`${warning.code}: ${warning.text}`);
  const done = `check finished: ${report.code} — ${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.notTested} not tested in ${report.durationMs} ms`;
  if (report.code === 'ALL_PASSED' || report.code === 'SOME_FAILED' || report.code === 'ALL_FAILED') logger.info(done);
  else logger.error(done);
}
