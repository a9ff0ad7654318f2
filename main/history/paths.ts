/**
 * Where the run history lives: the app's data folder, the one Electron calls `userData` for an
 * app named "VoIP Firewall Checker", so the window and the command line share one history.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folder name of the app, as Electron derives it from package.json's productName. */
const APP_FOLDER = 'VoIP Firewall Checker';

/**
 * The app's data folder on `platform`: `%APPDATA%\VoIP Firewall Checker` on Windows,
 * `~/Library/Application Support/VoIP Firewall Checker` on macOS, `$XDG_CONFIG_HOME/VoIP Firewall
 * Checker` (default `~/.config`) elsewhere, as Electron's `app.getPath('userData')`.
 * VOIP_FWCHECK_DATA_DIR replaces it (tests, portable installs).
 */
export function defaultDataDir(platform: string, env: Record<string, string | undefined>, home = homedir()): string {
  if (env.VOIP_FWCHECK_DATA_DIR) return env.VOIP_FWCHECK_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER);
}

/** The history folder inside the data folder: one JSON report per finished run. */
export function defaultHistoryDir(platform: string, env: Record<string, string | undefined>, home = homedir()): string {
  return join(defaultDataDir(platform, env, home), 'history');
}
