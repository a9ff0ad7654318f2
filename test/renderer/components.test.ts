import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import RunPanel from '../../renderer/src/components/RunPanel.svelte';
import Preflight from '../../renderer/src/components/Preflight.svelte';
import Results from '../../renderer/src/components/Results.svelte';
import Settings from '../../renderer/src/components/Settings.svelte';
import { AppState } from '../../renderer/src/lib/app.svelte';
import { warningText } from '../../shared/messages';
import type { Report } from '../../shared/report';
import { buildPreflightView, buildReportView } from '../../shared/view';
import { samplePreflight } from '../support/preflight';
import { sampleReport } from '../support/report';

const report = (): Report =>
  sampleReport({
    ports: [
      { port: 9000, protocol: 'udp', code: 'PASS', mapped: '203.0.113.2:9000', owner: null },
      { port: 9001, protocol: 'udp', code: 'PASS', mapped: '203.0.113.2:9001', owner: null },
      { port: 9002, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.2:9002', owner: null },
      { port: 9003, protocol: 'udp', code: 'INBOUND_NO_RESPONSE', mapped: '203.0.113.2:9003', owner: null },
    ],
  });

describe('the run panel', () => {
  it('shows progress with its counts and disables Run while a check runs', () => {
    const app = new AppState();
    app.preferences.language = 'en';
    app.phase = 'running';
    app.progress = { phase: 'testing', done: 1240, total: 2002, passed: 1238, failed: 2, etaMs: 8000, elapsedMs: 1 };
    render(RunPanel, { app });
    const bar = screen.getByRole('progressbar', { name: 'Progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('1240');
    expect(bar.getAttribute('aria-valuemax')).toBe('2002');
    expect(screen.getByText(/1240 \/ 2002 · ✓ 1238 passed · ✗ 2 failed ·/).textContent).toContain('about 8 s left');
    expect((screen.getByRole('button', { name: 'Run the check' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Cancel' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('the results', () => {
  it('puts the verdict first and opens a failed range to its remediation', async () => {
    const app = new AppState();
    app.preferences.language = 'en';
    app.report = report();
    render(Results, { app });
    expect(screen.getByRole('status').textContent).toContain('Some ports are not forwarded correctly');
    const range = screen.getByRole('button', { name: /9002–9003/ });
    expect(range.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.click(range);
    expect(range.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByText('What to do')).toBeTruthy();
    expect(screen.getByRole('region', { name: '9002–9003' })).toBeTruthy();
  });

  it('puts a tripped port-scan protection right by the verdict, in French too', () => {
    for (const language of ['en', 'fr'] as const) {
      const app = new AppState();
      app.preferences.language = language;
      const values = { onsetPort: '9020', onsetSeconds: '4', newPorts: '20', how: 'burst', burst: '15' };
      const warning = { code: 'SCAN_PROTECTION_TRIPPED' as const, ports: 40, addresses: ['203.0.113.101'], values };
      app.report = { ...report(), warnings: [{ ...warning, text: warningText(warning, 'en') }] };
      const { unmount } = render(Results, { app });
      const verdict = screen.getByRole('status');
      expect(verdict.textContent).toContain(warningText(warning, language));
      expect(verdict.textContent).toContain('203.0.113.101');
      unmount();
    }
  });

  it('filters by result', async () => {
    const app = new AppState();
    app.preferences.language = 'en';
    app.report = report();
    render(Results, { app });
    expect(screen.getAllByRole('button', { name: /9000–9001|9002–9003/ })).toHaveLength(2);
    await fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'PASS' } });
    expect(screen.queryByRole('button', { name: /9002–9003/ })).toBeNull();
    expect(screen.getByRole('button', { name: /9000–9001/ })).toBeTruthy();
  });

  it('shows the run’s warnings in the chosen language, with their codes', () => {
    const app = new AppState();
    app.preferences.language = 'fr';
    app.report = {
      ...report(),
      warnings: [{ code: 'MAPPED_ADDRESS_REWRITTEN', ports: 2, addresses: [], text: 'English text for logs' }],
    };
    render(Results, { app });
    expect(screen.getByText('Avertissements')).toBeTruthy();
    // in the list of warnings (the provider summary repeats it, in plain text)
    const item = screen.getAllByText(/2 port\(s\) : les deux copies/).find((e) => e.tagName === 'LI')!;
    expect(item.textContent).toContain('SIP ALG');
    expect(item.textContent).toContain('[MAPPED_ADDRESS_REWRITTEN]');
    expect(screen.queryByText(/English text for logs/)).toBeNull();
  });

  it('speaks French', () => {
    const app = new AppState();
    app.preferences.language = 'fr';
    app.report = report();
    render(Results, { app });
    expect(screen.getByRole('status').textContent).toContain('Certains ports ne sont pas correctement redirigés');
    expect(screen.getByRole('button', { name: /Enregistrer le paquet de diagnostic/ })).toBeTruthy();
  });
});

describe('the window reads the report view', () => {
  it('shows the view’s verdict, every range with its label and code, and a failed range’s texts', async () => {
    const app = new AppState();
    app.preferences.language = 'fr';
    app.report = report();
    const view = buildReportView(app.report, 'fr');
    render(Results, { app });
    expect(screen.getByRole('heading', { name: view.verdict.title })).toBeTruthy();
    for (const group of view.groups) {
      const button = screen.getByRole('button', { name: new RegExp(group.ranges[0]!.label) });
      expect(button.textContent).toContain(group.short);
      expect(button.textContent).toContain(group.code);
    }
    const failed = view.groups.find((g) => g.tone === 'fail')!;
    await fireEvent.click(screen.getByRole('button', { name: new RegExp(failed.label) }));
    expect(screen.getByText(failed.explanation)).toBeTruthy();
    for (const step of failed.steps) expect(screen.getByText(step)).toBeTruthy();
  });

  it('shows the pre-flight view: who holds the ports, the firewall findings and their fixes', () => {
    const app = new AppState();
    app.preferences.language = 'en';
    app.preflight = samplePreflight();
    const view = buildPreflightView(app.preflight, 'en');
    render(Preflight, { app });
    const owner = screen.getByText(view.owners[0]!.who);
    expect(owner.closest('li')!.textContent.replace(/\s+/g, ' ')).toContain('UDP 5060 in use by');
    // Without administrator rights the window says how to get them instead of offering to stop.
    expect(screen.getByText(view.services!.howToElevate!)).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: /Stop the PBX services/ })).toBeNull();
    const finding = view.firewall.findings[0]!;
    expect(screen.getByText(new RegExp(finding.text)).textContent).toContain(finding.kind);
    expect(screen.getByText(view.firewall.fixes[0]!.command)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy powershell' })).toBeTruthy();
  });
});

describe('the settings', () => {
  it('explains a wrong port list inline and marks the field invalid', async () => {
    const app = new AppState();
    app.preferences.language = 'en';
    render(Settings, { app });
    await fireEvent.click(screen.getByRole('button', { name: 'Change the ports' }));
    const ports = screen.getByLabelText('Ports');
    await fireEvent.input(ports, { target: { value: '70000' } });
    expect(screen.getByRole('alert').textContent).toContain('outside 1–65535');
    expect(ports.getAttribute('aria-invalid')).toBe('true');
  });

  it('refuses to add a server name that is not one', async () => {
    const app = new AppState();
    app.preferences.language = 'en';
    render(Settings, { app });
    await fireEvent.click(screen.getByRole('button', { name: 'Change the STUN servers' }));
    await fireEvent.input(screen.getByLabelText('Add server'), { target: { value: 'bad host!' } });
    expect(screen.getByRole('alert').textContent).toContain('not a host name');
    expect((screen.getByRole('button', { name: 'Add server' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('after saving the bundle', () => {
  it('offers to open its folder', async () => {
    const app = new AppState();
    app.preferences.language = 'en';
    app.report = report();
    render(Results, { app });
    await fireEvent.click(screen.getByRole('button', { name: 'Save diagnostics bundle…' }));
    const open = await screen.findByRole('button', { name: 'Open its folder' });
    await fireEvent.click(open);
    expect((window as unknown as { api: { openBundleFolder: () => unknown } }).api.openBundleFolder).toHaveBeenCalled();
  });
});
