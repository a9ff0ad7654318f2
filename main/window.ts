/**
 * The one BrowserWindow: isolated, sandboxed, no Node, no navigation, no new windows, no
 * permissions, and only our own bundled page.
 */
import { join } from 'node:path';
import { BrowserWindow, protocol, session } from 'electron';
import { APP_SCHEME, APP_START_URL, createAppHandler } from './protocol';

let served = false;

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
  // The page comes from app://bundle/ (only the built renderer folder), never from file://.
  if (!served) {
    protocol.handle(APP_SCHEME, createAppHandler(join(__dirname, '../renderer')));
    served = true;
  }
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_START_URL);
  return window;
}
