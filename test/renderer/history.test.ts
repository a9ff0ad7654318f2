import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import History from '../../renderer/src/components/History.svelte';
import PortMap from '../../renderer/src/components/PortMap.svelte';
import Results from '../../renderer/src/components/Results.svelte';
import { AppState } from '../../renderer/src/lib/app.svelte';
import type { RunHistoryEntry, VfcApi } from '../../shared/api';
import type { Report } from '../../shared/report';
import { sampleReport } from '../support/report';

const api = () => window.api as unknown as { [K in keyof VfcApi]: ReturnType<typeof vi.fn> };
const ok = (value: unknown) => Promise.resolve({ ok: true, value });

const port = (p: number, code: Report['ports'][number]['code']) => ({
  port: p,
  protocol: 'udp' as const,
  code,
  mapped: null,
  owner: null,
});
/** Earlier: 9002–9003 fail. Later: they pass, 9000 fails. */
const earlier = sampleReport({
  startedAt: '2026-12-01T10:00:00.000Z',
  ports: [port(9000, 'PASS'), port(9001, 'PASS'), port(9002, 'INBOUND_NO_RESPONSE'), port(9003, 'INBOUND_NO_RESPONSE')],
});
const later = sampleReport({
  startedAt: '2026-12-01T11:00:00.000Z',
  ports: [port(9000, 'INBOUND_NO_RESPONSE'), port(9001, 'PASS'), port(9002, 'PASS'), port(9003, 'PASS')],
});
const entry = (id: string, report: Report): RunHistoryEntry => ({
  ok: true,
  id,
  startedAt: report.startedAt,
  code: report.code,
  summary: report.summary,
  publicAddress: report.publicAddress,
  ports: '9000-9003',
  bytes: 1000,
});
const EARLIER = '20261201T100000000Z-0000000a';
const LATER = '20261201T110000000Z-0000000b';

function withHistory(entries: RunHistoryEntry[]) {
  api().historyList.mockImplementation(() => ok(entries));
  api().historyOpen.mockClear();
  const byId = ({ id }: { id: string | null }) => (id === EARLIER ? ok(earlier) : id === LATER ? ok(later) : ok(null));
  api().historyLoad.mockImplementation(byId);
  api().historyOpen.mockImplementation(byId);
}

const appIn = (language: 'en' | 'fr', report: Report | null = null) => {
  const app = new AppState();
  app.preferences.language = language;
  app.report = report;
  return app;
};

describe('the run history in the window', () => {
  it('says there is no earlier check yet', async () => {
    withHistory([]);
    render(History, { app: appIn('en') });
    await screen.findByText(/No earlier check yet/);
  });

  it('lists earlier runs newest first with when, verdict and counts, and a damaged one as such', async () => {
    withHistory([
      entry(LATER, later),
      entry(EARLIER, earlier),
      { ok: false, id: '20261201T090000000Z-0000000c', bytes: 10, problem: 'DAMAGED' },
    ]);
    render(History, { app: appIn('en') });
    const table = await screen.findByRole('table', { name: 'Earlier checks' });
    const rows = within(table).getAllByRole('row').slice(1);
    const cells = rows.map((r) =>
      within(r)
        .getAllByRole('cell')
        .slice(0, 3)
        .map((c) => c.textContent!.replace(/\s+/g, ' ').trim()),
    );
    expect(cells).toEqual([
      [
        expect.stringMatching(/^1 Dec 2026, \d\d:00:00$/),
        '✗ Some ports are not forwarded correctly',
        '✓ 3 passed · ✗ 1 failed · 9000-9003',
      ],
      [
        expect.stringMatching(/^1 Dec 2026, \d\d:00:00$/),
        '✗ Some ports are not forwarded correctly',
        '✓ 2 passed · ✗ 2 failed · 9000-9003',
      ],
      [expect.stringMatching(/^1 Dec 2026, \d\d:00:00$/), '⚠ damaged file, cannot be read'],
    ]);
  });

  it('reads the list again when the window gets the focus back (the command line may have run)', async () => {
    withHistory([]);
    render(History, { app: appIn('en') });
    await screen.findByText(/No earlier check yet/);
    withHistory([entry(EARLIER, earlier)]);
    window.dispatchEvent(new Event('focus'));
    await screen.findByRole('table', { name: 'Earlier checks' });
  });

  it('opens an earlier run in place of the latest and goes back', async () => {
    withHistory([entry(LATER, later), entry(EARLIER, earlier)]);
    const app = appIn('en', later);
    render(History, { app });
    const table = await screen.findByRole('table', { name: 'Earlier checks' });
    const [, newest, older] = within(table).getAllByRole('row');
    expect(newest!.getAttribute('aria-current')).toBe('true');
    await fireEvent.click(within(older!).getByRole('button', { name: /^Open/ }));
    await waitFor(() => expect(app.report?.startedAt).toBe(earlier.startedAt));
    const banner = screen.getByRole('status');
    expect(banner.textContent).toMatch(/You are looking at an earlier check, from 1 Dec 2026/);
    await fireEvent.click(within(banner).getByRole('button', { name: 'Back to the latest check' }));
    expect(app.report?.startedAt).toBe(later.startedAt);
    expect(api().historyOpen.mock.calls).toEqual([[{ id: EARLIER }], [{ id: null }]]);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('compares the shown run with the one before it: regression, broken, fixed, in English and French', async () => {
    withHistory([entry(LATER, later), entry(EARLIER, earlier)]);
    const app = appIn('en', later);
    render(History, { app });
    const compare = await screen.findByRole('region', { name: 'Before and after' });
    await within(compare).findByText(/Regression: 1 port\(s\) that passed before fail now/);
    const text = compare.textContent!.replace(/\s+/g, ' ');
    expect(text).toMatch(/Broken \(passed before, fail now\) ✗ 9000: no forward \(packets from outside/);
    expect(text).toMatch(
      /Fixed \(failed before, pass now\) ✓ 9002–9003: forwarded one-to-one \[PASS\] \(was INBOUND_NO_RESPONSE\)/,
    );
    expect(
      within(compare)
        .getAllByRole('application')
        .map((m) => m.getAttribute('aria-label')),
    ).toEqual(['Port map — Before', 'Port map — Now']);
    app.preferences.language = 'fr';
    await within(compare).findByText(/Régression : 1 port\(s\) qui passaient échouent maintenant/);
    expect(compare.textContent).toMatch(/Corrigés \(échouaient, passent maintenant\)/);
  });

  it('says when there is nothing to compare with', async () => {
    withHistory([entry(LATER, later)]);
    render(History, { app: appIn('fr', later) });
    await screen.findByText(/Aucune vérification précédente à comparer/);
  });
});

describe('the port map component', () => {
  const ports = [port(9000, 'PASS'), port(9001, 'PASS'), port(9002, 'INBOUND_NO_RESPONSE')];

  it('has a legend, the map in words and a keyboard that says each cell', async () => {
    const onselect = vi.fn();
    render(PortMap, { ports, language: 'en', onselect });
    const legend = screen.getByRole('list', { name: 'Legend' });
    expect(legend.textContent).toMatch(/no forward \(packets from outside do not get in\) \(1\)/);
    expect(screen.getByText('Port map of 3 UDP ports, in rows of 100.')).toBeTruthy();
    const map = screen.getByRole('application', { name: 'Port map' });
    expect(map.getAttribute('aria-describedby')).toBeTruthy();
    await fireEvent.focus(map);
    const live = document.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).toBe('Port 9000: forwarded one-to-one [PASS]');
    await fireEvent.keyDown(map, { key: 'End' });
    expect(live.textContent).toBe('Port 9002: no forward (packets from outside do not get in) [INBOUND_NO_RESPONSE]');
    await fireEvent.keyDown(map, { key: 'Enter' });
    expect(onselect).toHaveBeenCalledWith({ row: 0, col: 2, port: 9002, code: 'INBOUND_NO_RESPONSE' });
  });

  it('speaks French', () => {
    render(PortMap, { ports, language: 'fr' });
    expect(screen.getByRole('application', { name: 'Carte des ports' })).toBeTruthy();
    expect(screen.getByText('La carte en mots')).toBeTruthy();
  });
});

describe('the port map in the results', () => {
  it('opens the result group of the cell chosen with Enter', async () => {
    const app = appIn('en', earlier);
    render(Results, { app });
    const range = screen.getByRole('button', { name: /9002–9003/ });
    expect(range.getAttribute('aria-expanded')).toBe('false');
    const map = screen.getByRole('application', { name: 'Port map' });
    await fireEvent.focus(map);
    await fireEvent.keyDown(map, { key: 'End' });
    await fireEvent.keyDown(map, { key: 'Enter' });
    await waitFor(() => expect(range.getAttribute('aria-expanded')).toBe('true'));
    expect(document.activeElement).toBe(range);
  });
});
