/**
 * Electron entry: lifecycle only. One instance, one window, logs in the shared format.
 */
import { join } from 'node:path';
import { app, BrowserWindow, protocol } from 'electron';
import { EVENTS } from '../shared/api';
import { createFileLogger, defaultLogDir } from './logging';
import { setupIpc } from './app-ipc';
import { createShutdownGuard } from './lifecycle';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppHandler } from './protocol';
import { createMainWindow } from './window';

// Before ready: app:// is a standard, secure scheme (its own origin, relative URLs resolve).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// electron-log's Node transport, as in the CLI: one format, one file. (Its Electron flavour also
// bundles shell.openExternal, which the app has no use for.)
const logger = createFileLogger(join(defaultLogDir(process.platform, process.env), 'voip-fwcheck.log'));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  void app.whenReady().then(async () => {
    const log = await logger;
    log.info(`VoIP Firewall Checker ${app.getVersion()} started on ${process.platform}`);
    const manager = setupIpc(log);
    // Every way out cancels the run first, so stopped PBX services are started again.
    const guard = createShutdownGuard({
      manager,
      notify: (state) =>
        BrowserWindow.getAllWindows().forEach((w) => w.webContents.send(EVENTS.pbxState.channel, { state })),
      quit: () => app.quit(),
      exit: (code) => app.exit(code),
      logger: log,
    });
    app.on('before-quit', guard.beforeQuit);
    process.on('uncaughtException', guard.fatal);
    process.on('unhandledRejection', guard.fatal);
    const open = (): void => {
      const window = createMainWindow();
      window.on('close', guard.windowClose);
      window.webContents.on('render-process-gone', (_event, details) => guard.rendererGone(details.reason));
    };
    // The page comes from app://bundle/: only the built renderer folder, read-only.
    protocol.handle(APP_SCHEME, createAppHandler(join(__dirname, '../renderer')));
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
