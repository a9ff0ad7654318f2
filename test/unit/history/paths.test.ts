import { describe, expect, it } from 'vitest';
import { defaultDataDir, defaultHistoryDir } from '../../../main/history/paths';

describe('the history folder', () => {
  it('is in the folder Electron uses for the app’s data on each platform', () => {
    expect(defaultDataDir('win32', { APPDATA: 'C:/Users/a/AppData/Roaming' }, 'C:/Users/a')).toBe(
      'C:/Users/a/AppData/Roaming/VoIP Firewall Checker',
    );
    expect(defaultDataDir('darwin', {}, '/Users/a')).toBe('/Users/a/Library/Application Support/VoIP Firewall Checker');
    expect(defaultDataDir('linux', {}, '/home/a')).toBe('/home/a/.config/VoIP Firewall Checker');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/a')).toBe('/x/VoIP Firewall Checker');
    expect(defaultHistoryDir('linux', {}, '/home/a')).toBe('/home/a/.config/VoIP Firewall Checker/history');
  });

  it('is the folder VOIP_FWCHECK_DATA_DIR names, when set', () => {
    expect(defaultHistoryDir('win32', { VOIP_FWCHECK_DATA_DIR: '/tmp/vfc' }, '/home/a')).toBe('/tmp/vfc/history');
  });
});
