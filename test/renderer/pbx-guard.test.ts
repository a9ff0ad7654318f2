import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import PbxGuard from '../../renderer/src/components/PbxGuard.svelte';
import type { VfcApi } from '../../shared/api';

const api = (window as unknown as { api: VfcApi }).api;
const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
const pending = { services: ['3CXPhoneSystem01', '3CXMediaServer'], pid: 4312, stoppedAt: '2026-12-01T10:00:00.000Z' };
afterEach(() => vi.mocked(api.pbxPending).mockImplementation(() => ok(null)));

describe('PBX services left stopped by a dead check', () => {
  it('names them and asks; Start restores them and the question goes away', async () => {
    vi.mocked(api.pbxPending).mockImplementation(() => ok(pending));
    vi.mocked(api.pbxRestore).mockImplementation(() =>
      ok({ state: 'restored' as const, started: ['3CXMediaServer', '3CXPhoneSystem01'], failures: [], manual: null }),
    );
    render(PbxGuard, { language: 'en' });
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toMatch(
      /3CXPhoneSystem01, 3CXMediaServer were stopped by an earlier check \(process 4312/,
    );
    expect(dialog.textContent).toMatch(/Start them again now\?/);
    await fireEvent.click(screen.getByRole('button', { name: 'Start the PBX services' }));
    expect(api.pbxRestore).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('keeps the question and shows the command when they could not be started (in French)', async () => {
    vi.mocked(api.pbxPending).mockImplementation(() => ok(pending));
    vi.mocked(api.pbxRestore).mockImplementation(() =>
      ok({
        state: 'failed' as const,
        started: [],
        failures: [{ service: '3CXPhoneSystem01', message: 'access denied' }],
        manual: 'sudo systemctl start -- 3CXPhoneSystem01',
      }),
    );
    render(PbxGuard, { language: 'fr' });
    await screen.findByRole('alertdialog');
    await fireEvent.click(screen.getByRole('button', { name: 'Démarrer les services du PBX' }));
    await screen.findByText('sudo systemctl start -- 3CXPhoneSystem01');
    expect(screen.getByRole('alertdialog').textContent).toMatch(/Impossible de démarrer 3CXPhoneSystem01/);
  });

  it('asks nothing when no service was left stopped, and says when the app restarts them on its way out', async () => {
    let push: ((state: { state: 'restarting' | 'idle' }) => void) | null = null;
    vi.mocked(api.onPbxState).mockImplementation((listener) => {
      push = listener;
      return () => undefined;
    });
    render(PbxGuard, { language: 'en' });
    await waitFor(() => expect(api.pbxPending).toHaveBeenCalled());
    expect(screen.queryByRole('alertdialog')).toBeNull();
    push!({ state: 'restarting' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/Starting the PBX services again before closing/);
    push!({ state: 'idle' });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
