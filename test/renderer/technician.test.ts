/**
 * Issue 14 in the components: settings as one line each and frozen during a run, the STUN list
 * explained and folded, the time left as a range, the safe button first in the stop dialog, the
 * last report kept during a new run, the rule to copy, the stop offer only with administrator
 * rights and in place in the port-in-use group.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import Preflight from '../../renderer/src/components/Preflight.svelte';
import Results from '../../renderer/src/components/Results.svelte';
import RunPanel from '../../renderer/src/components/RunPanel.svelte';
import Settings from '../../renderer/src/components/Settings.svelte';
import { AppState } from '../../renderer/src/lib/app.svelte';
import type { VfcApi } from '../../shared/api';
import type { Report } from '../../shared/report';
import { DEFAULT_STUN_SERVERS } from '../../shared/settings';
import { samplePreflight } from '../support/preflight';
import { sampleReport } from '../support/report';

const app = (language: 'en' | 'fr' = 'en') => {
  const state = new AppState();
  state.preferences.language = language;
  return state;
};

const failing = (): Report =>
  sampleReport({
    code: 'SOME_FAILED',
    publicAddress: '203.0.113.44',
    preflight: { ...samplePreflight(), lanAddresses: ['192.168.1.20'] },
    ports: [
      {
        port: 5060,
        protocol: 'udp',
        code: 'PORT_IN_USE',
        mapped: null,
        owner: { pid: 4312, name: '3CXPhoneSystem.exe' },
      },
      { port: 9000, protocol: 'udp', code: 'PASS', mapped: '203.0.113.44:9000', owner: null },
      { port: 9001, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.44:9001', owner: null },
      { port: 9002, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.44:9002', owner: null },
    ],
  });

describe('the settings, one line each', () => {
  it('folds the STUN list to “default servers (7)” and explains a STUN server where the list opens', async () => {
    const state = app();
    render(Settings, { app: state });
    expect(screen.getByText(`default servers (${DEFAULT_STUN_SERVERS.length})`)).toBeTruthy();
    expect(screen.queryByText(DEFAULT_STUN_SERVERS[0]!)).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Change the STUN servers' }));
    expect(screen.getByText(/^A STUN server is a public server on the internet/)).toBeTruthy();
    expect(screen.getByText(DEFAULT_STUN_SERVERS[0]!)).toBeTruthy();
  });

  it('cannot be changed while a check runs', async () => {
    const state = app();
    render(Settings, { app: state });
    await fireEvent.click(screen.getByRole('button', { name: 'Change the ports' }));
    expect(screen.getByLabelText('Ports')).toBeTruthy();
    state.phase = 'running';
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByLabelText('Ports')).toBeNull();
    for (const name of ['Change the STUN servers', 'Change the ports', 'Change the pace'])
      expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('the run panel', () => {
  it('gives the time left as a range when failures make it uncertain', () => {
    const state = app();
    state.phase = 'running';
    state.progressAt = performance.now();
    state.progress = {
      phase: 'testing',
      done: 700,
      total: 2002,
      passed: 650,
      failed: 50,
      etaMs: 50_000,
      etaRangeMs: [20_000, 80_000],
      elapsedMs: 1,
    };
    render(RunPanel, { app: state });
    expect(screen.getByText('20 s to 80 s left')).toBeTruthy();
  });

  it('opens the stop dialog on the safe choice: Enter keeps the PBX running', async () => {
    const state = app();
    state.stopServices = true;
    render(RunPanel, { app: state });
    const dialog = document.querySelector('dialog')!;
    dialog.showModal = function () {
      this.setAttribute('open', '');
      this.querySelector<HTMLElement>('[autofocus]')?.focus();
    };
    dialog.close = function () {
      this.removeAttribute('open');
    };
    await fireEvent.click(screen.getByRole('button', { name: 'Run the check' }));
    const buttons = [...dialog.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toEqual(['Keep them running', 'Stop them and run']);
    expect(document.activeElement?.textContent).toBe('Keep them running');
    await fireEvent.click(document.activeElement!);
    expect(dialog.hasAttribute('open')).toBe(false);
    expect(state.phase).toBe('idle');
  });
});

describe('the results name this PBX', () => {
  it('puts the verdict’s extent, then the rule to create with a copy button, under the verdict', () => {
    const state = app();
    state.report = failing();
    render(Results, { app: state });
    expect(screen.getByText(/^2 of 4 ports, all of 9001–9002: no forward \(packets from outside/)).toBeTruthy();
    const rule = screen.getByRole('heading', { name: /Rule to create on the router/ }).parentElement!;
    expect(rule.textContent).toContain('192.168.1.20');
    expect(rule.textContent).toContain('9001-9002');
    expect(rule.textContent).toContain('203.0.113.44');
    expect(screen.getByRole('button', { name: 'Copy the rule' })).toBeTruthy();
  });

  it('keeps the last report on screen during a new run, marked as the previous one', () => {
    const state = app();
    state.report = failing();
    state.phase = 'running';
    render(Results, { app: state });
    expect(screen.getByText('Previous check, shown until the new one ends')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Some ports are not forwarded correctly' })).toBeTruthy();
  });

  it('offers to stop the services in the port-in-use group only with administrator rights', async () => {
    const state = app();
    state.report = failing();
    const pre = samplePreflight();
    pre.services.pbx = [{ name: '3CXPhoneSystem', displayName: '3CX', running: true }];
    pre.services.elevated = true;
    state.preflight = pre;
    const { unmount } = render(Results, { app: state });
    await fireEvent.click(screen.getByRole('button', { name: /^5060/ }));
    const box = screen.getByRole('checkbox', { name: /Stop the PBX services during the next check/ });
    await fireEvent.click(box);
    expect(state.stopServices).toBe(true);
    unmount();
    state.preflight = { ...pre, platform: 'win32', services: { ...pre.services, elevated: false } };
    render(Results, { app: state });
    await fireEvent.click(screen.getByRole('button', { name: /^5060/ }));
    expect(screen.queryByRole('checkbox', { name: /Stop the PBX services/ })).toBeNull();
    expect(screen.getByText(/Run as administrator/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Restart as administrator' })).toBeTruthy();
  });
});

describe('restart as administrator (issue 14)', () => {
  const api = (window as unknown as { api: VfcApi }).api;
  const notElevated = (platform: string) => {
    const pre = samplePreflight();
    pre.services.pbx = [{ name: '3CXPhoneSystem', displayName: '3CX', running: true }];
    pre.services.elevated = false;
    return { ...pre, platform };
  };

  it('on Windows: a button that asks main to restart through the prompt, and says what came of it', async () => {
    const state = app();
    state.preflight = notElevated('win32');
    vi.mocked(api.relaunchElevated).mockImplementationOnce(() =>
      Promise.resolve({ ok: true as const, value: { outcome: 'declined' as const } }),
    );
    render(Preflight, { app: state });
    await fireEvent.click(screen.getByRole('button', { name: 'Restart as administrator' }));
    expect(api.relaunchElevated).toHaveBeenCalledTimes(1);
    expect((await screen.findByText(/the administrator prompt was answered “No”/)).getAttribute('role')).toBe('status');
    vi.mocked(api.relaunchElevated).mockImplementationOnce(() =>
      Promise.resolve({ ok: true as const, value: { outcome: 'started' as const } }),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Restart as administrator' }));
    await screen.findByText(/Starting again as administrator; this window closes/);
    expect((screen.getByRole('button', { name: 'Restart as administrator' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('on Windows during a check: the button waits, and says why', () => {
    const state = app('fr');
    state.preflight = notElevated('win32');
    state.phase = 'running';
    render(Preflight, { app: state });
    expect(
      (screen.getByRole('button', { name: 'Redémarrer en tant qu’administrateur' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    expect(screen.getByText(/Une vérification est en cours/)).toBeTruthy();
  });

  it('on Linux: no button, the exact command for these ports to copy', () => {
    const state = app();
    state.preflight = notElevated('linux');
    state.preferences.settings.ports = '5060, 9000-9099';
    render(Preflight, { app: state });
    expect(screen.queryByRole('button', { name: 'Restart as administrator' })).toBeNull();
    expect(screen.getByText('sudo voip-fwcheck check --ports 5060,9000-9099 --stop-services')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy the command' })).toBeTruthy();
  });
});

describe('the pre-flight, compact', () => {
  it('names the firewall in words, in French too, and folds the commands under “run one of these”', async () => {
    const state = app('fr');
    const pre = samplePreflight();
    pre.firewall.product = 'windows-firewall';
    pre.firewall.state = 'on';
    state.preflight = pre;
    render(Preflight, { app: state });
    const heading = screen.getByText('Pare-feu Windows Defender').closest('h3')!;
    expect(heading.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'Pare-feu de cet ordinateur · Pare-feu Windows Defender, activé',
    );
    const fixes = screen.getByText(/^Commandes qui corrigent/);
    expect(fixes.closest('details')!.open).toBe(false);
    expect(screen.getByText(/Lancez l’une de ces commandes \(pas les deux\)/)).toBeTruthy();
  });
});
