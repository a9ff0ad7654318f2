/**
 * Wires the IPC handlers to Electron: sender check against our windows, preferences in the user
 * data folder, the save dialog for the bundle, the log folder in the file manager.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron';
import type { Preferences } from '../shared/api';
import { defaultBundleName, writeBundle } from './bundle/bundle';
import { collectEnvironment } from './bundle/environment';
import { createProcessRunner } from './engine/host/runner';
import { currentPlatform, startPreflight, type PreflightRun } from './engine/preflight';
import { defaultStateDir, readMarker, restoreServices } from './engine/pbx-guard';
import { processLiveness } from './engine/process-identity';
import { defaultHistoryDir, listRuns, loadRun, recordRun } from './history';
import { relaunchElevated } from './elevate';
import { registerIpc } from './ipc';
import type { RunManager } from './run-manager';
import type { Logger } from './logging';
import { defaultLogDir } from './logging';

/** Registers the app's IPC handlers; runs, failures and the window's lines go to `logger`. */
export function setupIpc(logger: Logger): RunManager {
  const preferencesFile = join(app.getPath('userData'), 'preferences.json');
  const logDir = defaultLogDir(process.platform, process.env);
  let preflight: PreflightRun | null = null;
  const platform = currentPlatform();
  const stateDir = defaultStateDir(platform, process.env);
  // The same folder the command line records into: one history for both.
  const historyDir = defaultHistoryDir(process.platform, process.env);
  return registerIpc({
    ipcMain,
    logger,
    preflightCommands: () => preflight?.commands ?? [],
    isOwnSender: (sender) => BrowserWindow.getAllWindows().some((w) => w.webContents === sender),
    send: (channel, payload) => BrowserWindow.getAllWindows().forEach((w) => w.webContents.send(channel, payload)),
    appInfo: () => ({
      version: app.getVersion(),
      platform: process.platform,
      electron: process.versions.electron ?? '',
    }),
    loadPreferences: async () => {
      const text = await readFile(preferencesFile, 'utf8').catch(() => null);
      try {
        return text === null ? null : (JSON.parse(text) as Preferences);
      } catch {
        return null;
      }
    },
    savePreferences: async (preferences) => {
      await mkdir(dirname(preferencesFile), { recursive: true });
      await writeFile(preferencesFile, JSON.stringify(preferences, null, 2));
    },
    preflight: async (ports) => {
      preflight = await startPreflight(ports, { by: 'app' });
      return preflight;
    },
    saveBundle: async (report, { redact, language }) => {
      const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const name = defaultBundleName(redact ? 'redacted' : hostname(), new Date());
      const options = {
        defaultPath: join(app.getPath('documents'), name),
        filters: [{ name: 'Zip', extensions: ['zip'] }],
      };
      const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return null;
      const commands = [...(preflight?.commands ?? [])];
      const environment = await collectEnvironment({
        platform: currentPlatform(),
        runner: createProcessRunner(),
        report,
        appVersion: app.getVersion(),
        commands,
      });
      // The save dialog already asked before replacing a file: force, yet never through a link or a device.
      await writeBundle(
        choice.filePath,
        { report, language, environment, commands, logFile: join(logDir, 'voip-fwcheck.log'), redact },
        { force: true },
      );
      return { path: choice.filePath };
    },
    // VOIP_FWCHECK_PATH=off skips the path step (it asks the real router), as in the CLI.
    pathOptions: () => (process.env.VOIP_FWCHECK_PATH === 'off' ? null : { platform, runner: createProcessRunner() }),
    // PBX services a killed or crashed check left stopped: the window names them and asks.
    pbxPending: async () => {
      const state = await readMarker(stateDir, processLiveness({ platform, runner: createProcessRunner() }));
      if (state.kind !== 'marker' || state.alive) return null;
      const { services, pid, stoppedAt } = state.marker;
      return { services, pid, stoppedAt };
    },
    pbxRestore: async () => {
      const uid = process.getuid?.() ?? null;
      const runner = createProcessRunner();
      const outcome = await restoreServices(
        { platform, runner, uid, commands: [] },
        stateDir,
        processLiveness({ platform, runner }),
      );
      logger[outcome.state === 'failed' || outcome.state === 'invalid' ? 'error' : 'info'](
        `restore of PBX services left stopped: ${outcome.state}${outcome.started.length ? ` (started ${outcome.started.join(', ')})` : ''}${outcome.failures.map((f) => `; ${f.service}: ${f.message}`).join('')}`,
      );
      return { state: outcome.state, started: outcome.started, failures: outcome.failures, manual: outcome.manual };
    },
    recordRun: (report) => recordRun(report, historyDir),
    historyList: () => listRuns(historyDir),
    historyLoad: (id) => loadRun(id, historyDir),
    showInFolder: async (path) => shell.showItemInFolder(path),
    relaunchElevated: () =>
      relaunchElevated({
        platform: process.platform,
        runner: createProcessRunner(),
        execPath: process.execPath,
        args: process.argv.slice(1),
        releaseLock: () => app.releaseSingleInstanceLock(),
        reacquireLock: () => void app.requestSingleInstanceLock(),
        quit: () => app.quit(),
      }),
    openLogFolder: async () => {
      await mkdir(logDir, { recursive: true });
      const error = await shell.openPath(logDir);
      if (error) throw new Error(error);
    },
  });
}
