/**
 * Electron entry: lifecycle only. One instance, one window, logs in the shared format.
 */
import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import log from 'electron-log/main';
import { defaultLogDir, LOG_FORMAT, LOG_MAX_BYTES } from './logging';
import { setupIpc } from './app-ipc';
import { createMainWindow } from './window';

log.initialize();
log.transports.file.resolvePathFn = () => join(defaultLogDir(process.platform, process.env), 'voip-fwcheck.log');
log.transports.file.format = LOG_FORMAT;
log.transports.file.maxSize = LOG_MAX_BYTES;

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
  void app.whenReady().then(() => {
    log.info(`VoIP Firewall Checker ${app.getVersion()} started on ${process.platform}`);
    setupIpc();
    createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
