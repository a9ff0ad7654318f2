/**
 * "Summary for your provider": a short plain text the admin pastes into a ticket or an email.
 */
import type { Language } from './codes';
import type { Report } from './report';
import { buildReportView } from './view';

const WORDS = {
  en: {
    head: 'VoIP firewall check',
    date: 'Date',
    pub: 'Public IP',
    server: 'STUN server',
    verdict: 'Router verdict',
    ports: 'Ports',
    notes: 'Notes',
  },
  fr: {
    head: 'Vérification du pare-feu VoIP',
    date: 'Date',
    pub: 'IP publique',
    server: 'Serveur STUN',
    verdict: 'Verdict du routeur',
    ports: 'Ports',
    notes: 'Remarques',
  },
} as const;

/** Plain text, one fact per line, in `lang`. */
export function providerSummary(report: Report, lang: Language): string {
  const w = WORDS[lang];
  const view = buildReportView(report, lang);
  const { server, summary } = view;
  const lines = [
    `${w.head} (${view.verdict.code})`,
    `${w.date}: ${view.startedAt} UTC`,
    `${w.pub}: ${view.publicAddress ?? '?'}`,
    `${w.server}: ${server ? `${server.name} (${server.primary} / ${server.alternate})` : '—'}`,
    `${w.verdict}: ${view.verdict.title}`,
    `${w.ports}: ${summary.total} · ${summary.passed} ✓ · ${summary.failed} ✗ · ${summary.notTested} –`,
  ];
  for (const group of view.groups) lines.push(`  ${group.label}: ${group.short} [${group.code}]`);
  // Against our own test server (issue 11): the TCP forwards and whether a SIP ALG rewrites SIP.
  for (const row of view.ours?.tcp ?? []) lines.push(`  ${row.label}: ${row.title} [${row.code}]`);
  for (const row of view.ours?.sip ?? []) {
    const fields = report.sip?.find((s) => s.transport === row.transport)?.changed ?? [];
    lines.push(`  ${row.label}: ${row.title}${fields.length ? ` (${fields.join(', ')})` : ''} [${row.code}]`);
  }
  // A SIP ALG or a second internet line matters to the provider as much as the ports.
  // So do a second router in the way, a carrier-grade NAT or a NAT that changes the port.
  const findings = view.path?.findings ?? [];
  if (view.warnings.length || findings.length) {
    lines.push(`${w.notes}:`);
    for (const warning of view.warnings) lines.push(`  ${warning.text} [${warning.code}]`);
    for (const finding of findings) lines.push(`  ${finding.text} [${finding.code}]`);
  }
  return lines.join('\n');
}
