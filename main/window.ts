/**
 * The one BrowserWindow: isolated, sandboxed, no Node, no navigation, no new windows, no
 * permissions, and only our own bundled page.
 */
import { join } from 'node:path';
import { BrowserWindow, screen, session } from 'electron';
import { APP_START_URL } from './protocol';

/** The size the window asks for when the screen has room. */
const PREFERRED = { width: 1100, height: 780 };
/**
 * The smallest size the layout is made for: a 1024×768 remote desktop with a taskbar leaves about
 * 1024×728, and at 800×560 the verdict and Run still show without scrolling.
 */
export const MIN_SIZE = { width: 800, height: 560 };

/** The window's size for a screen whose work area (screen minus taskbar) is `area`: never larger. */
export function windowSize(area: { width: number; height: number }): {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
} {
  return {
    width: Math.min(PREFERRED.width, area.width),
    height: Math.min(PREFERRED.height, area.height),
    minWidth: Math.min(MIN_SIZE.width, area.width),
    minHeight: Math.min(MIN_SIZE.height, area.height),
  };
}

/** Creates the main window, no larger than the primary screen's work area, and loads the renderer. */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    ...windowSize(screen.getPrimaryDisplay().workAreaSize),
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
