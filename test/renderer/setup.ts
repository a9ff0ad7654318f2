/**
 * A fake `window.api` for component tests: every call answers an empty success envelope unless a
 * test replaces it.
 */
import { vi } from 'vitest';

const ok = (value: unknown = null) => Promise.resolve({ ok: true, value });
(window as unknown as { api: unknown }).api = {
  appInfo: vi.fn(() => ok({ version: '0.1.0', platform: 'linux', electron: '45' })),
  loadPreferences: vi.fn(() => ok(null)),
  savePreferences: vi.fn(() => ok()),
  preflight: vi.fn(() => ok(null)),
  startRun: vi.fn(() => ok({ runId: 'r1' })),
  cancelRun: vi.fn(() => ok()),
  onProgress: vi.fn(() => () => undefined),
  onResults: vi.fn(() => () => undefined),
  onRunFinished: vi.fn(() => () => undefined),
  saveBundle: vi.fn(() => ok({ path: '/tmp/b.zip' })),
  openLogFolder: vi.fn(() => ok()),
  openBundleFolder: vi.fn(() => ok()),
  log: vi.fn(() => ok()),
  pbxPending: vi.fn(() => ok(null)),
  pbxRestore: vi.fn(() => ok({ state: 'nothing', started: [], failures: [], manual: null })),
  onPbxState: vi.fn(() => () => undefined),
  relaunchElevated: vi.fn(() => ok({ outcome: 'unsupported' })),
  historyList: vi.fn(() => ok([])),
  historyOpen: vi.fn(() => ok(null)),
  historyLoad: vi.fn(() => Promise.resolve({ ok: false, error: { code: 'HISTORY_UNREADABLE', message: 'no run' } })),
};
