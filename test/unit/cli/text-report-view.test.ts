import { describe, expect, it } from 'vitest';
import { renderViewHtml } from '../../../main/bundle/report-html';
import { renderPreflight } from '../../../main/cli/preflight-text';
import { makeStyle, renderViewText } from '../../../main/cli/text-report';
import type { Language } from '../../../shared/codes';
import type { Report } from '../../../shared/report';
import { buildReportView, type ReportView } from '../../../shared/view';
import { samplePreflight } from '../../support/preflight';
import { sampleReport } from '../../support/report';

const plain = makeStyle(false);
const report = (): Report =>
  sampleReport({
    ports: [
      { port: 5060, protocol: 'udp', code: 'PORT_IN_USE', mapped: null, owner: { pid: 4312, name: '3CX' } },
      { port: 9000, protocol: 'udp', code: 'PASS', mapped: '203.0.113.2:9000', owner: null },
      { port: 9001, protocol: 'udp', code: 'PORT_TRANSLATED', mapped: '203.0.113.2:40001', owner: null },
      { port: 9002, protocol: 'udp', code: 'NOT_TESTED', mapped: null, owner: null },
    ],
    warnings: [{ code: 'MAPPED_ADDRESS_REWRITTEN', ports: 1, addresses: [], text: 'English' }],
    preflight: samplePreflight(),
  });

/** Every sentence of the view a person must see, whatever lays it out. */
function sentences(view: ReportView): string[] {
  const pre = view.preflight!;
  return [
    view.verdict.title,
    view.verdict.text,
    ...view.groups.flatMap((g) => [g.label, g.short, g.code]),
    ...view.groups.flatMap((g) => g.held.map((h) => h.owner)),
    ...view.whatToDo.groups.flatMap((g) => [g.title, g.explanation, ...g.steps]),
    ...(view.whatToDo.run?.steps ?? []),
    ...view.warnings.flatMap((w) => [w.text, w.code]),
    ...pre.owners.flatMap((o) => [o.ports, o.who]),
    ...pre.excludedRanges,
    pre.services!.text,
    ...pre.firewall.findings.flatMap((f) => [f.text, f.detail, f.kind]),
    ...pre.firewall.fixes.map((f) => f.command),
  ];
}

const unwrap = (text: string) => text.replace(/\s+/g, ' ');
const unescape = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('the terminal report and report.html read one view', () => {
  it.each<Language>(['en', 'fr'])('show every sentence of the view (%s)', (language) => {
    const view = buildReportView(report(), language);
    const text = unwrap(renderViewText(view, plain, renderPreflight(report().preflight!, language, plain)));
    const html = unwrap(unescape(renderViewHtml(view, null)));
    for (const sentence of sentences(view)) {
      expect(text).toContain(unwrap(sentence));
      expect(html).toContain(unwrap(sentence));
    }
  });
});

describe('the pre-flight in the terminal', () => {
  it('folds the ports a program holds, then the services, then the firewall with its fixes', () => {
    const pre = samplePreflight();
    pre.owners.owners.push({ ...pre.owners.owners[0]!, port: 5061 });
    const lines = renderPreflight(pre, 'en', plain);
    expect(lines).toEqual([
      '',
      'Before the check',
      '  Ports in use on this computer:',
      '    ! UDP 5060–5061: 3CXPhoneSystem.exe (PID 4312, service 3CXPhoneSystem)',
      '  Windows reserves these ports (binding fails with no owner): UDP 50000–50059',
      '  PBX services: 3CXPhoneSystem',
      expect.stringMatching(/^ {4}They hold the ports under test: run with --stop-services/) as string,
      '    Stopping services needs an elevated prompt (Run as administrator) or root.',
      '  Firewall of this computer (windows-firewall, on):',
      '    ✗ No firewall rule on this computer lets inbound UDP reach some of the checked ports. (UDP 9000-9001 not allowed) [PORTS_NOT_ALLOWED]',
      '    run in an elevated prompt (as administrator) or with sudo:',
      "      powershell> New-NetFirewallRule -DisplayName 'VoIP' -Direction Inbound -Protocol UDP -LocalPort '9000-9001'",
    ]);
  });

  it('says so when no port is in use, and shouts the command to run when a restart failed', () => {
    const pre = samplePreflight();
    pre.owners.owners = [];
    pre.services.manualRestart = { shell: 'sh', command: 'sudo systemctl start 3cxpbx', needsElevation: true };
    pre.services.failures = [{ service: '3cxpbx', action: 'start', message: 'failed' }];
    const lines = renderPreflight(pre, 'en', makeStyle(true));
    expect(lines).toContain('  None of the checked ports is in use on this computer.');
    expect(lines).toContain('    \x1b[31m✗\x1b[39m start 3cxpbx: failed');
    expect(lines).toContain(
      '    \x1b[31m\x1b[1mCOULD NOT START AGAIN — run this now\x1b[22m\x1b[39m: sudo systemctl start 3cxpbx',
    );
  });
});
