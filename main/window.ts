/**
 * The one BrowserWindow: isolated, sandboxed, no Node, no navigation, no new windows, no
 * permissions, and only our own bundled page.
 */
import { join } from 'node:path';
import { BrowserWindow, session } from 'electron';
import { APP_START_URL } from './protocol';

/** Creates the main window and loads the bundled renderer. */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 780,
    minWidth: 720,
    minHeight: 560,
    show: false,
    title: 'VoIP Firewall Checker',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // A middle click must not open anything either (new windows are refused below).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.once('ready-to-show', () => window.show());
  // app://bundle/ (served by main/index.ts from the built renderer folder), never file://.
  void window.loadURL(APP_START_URL);
  return window;
}
