/**
 * "Summary for your provider": a short plain text the admin pastes into a ticket or an email.
 */
import type { Language } from './codes';
import { foldByCode } from './fold';
import { messages, runText, warningText } from './messages';
import type { Report } from './report';

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
  const catalog = messages(lang);
  const lines = [
    `${w.head} (${report.code})`,
    `${w.date}: ${report.startedAt.replace('T', ' ').slice(0, 16)} UTC`,
    `${w.pub}: ${report.publicAddress ?? '?'}`,
    `${w.server}: ${report.server ? `${report.server.name} (${report.server.primary} / ${report.server.alternate})` : '—'}`,
    `${w.verdict}: ${runText(report, lang).title}`,
    `${w.ports}: ${report.summary.total} · ${report.summary.passed} ✓ · ${report.summary.failed} ✗ · ${report.summary.notTested} –`,
  ];
  for (const group of foldByCode(report.ports))
    lines.push(`  ${group.label}: ${catalog.portShort[group.code]} [${group.code}]`);
  // A SIP ALG or a second internet line matters to the provider as much as the ports.
  if (report.warnings.length) {
    lines.push(`${w.notes}:`);
    for (const warning of report.warnings) lines.push(`  ${warningText(warning, lang)} [${warning.code}]`);
  }
  return lines.join('\n');
}
