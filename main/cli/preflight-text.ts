/**
 * The "before the check" section of the terminal report: ports in use and who holds them, the PBX
 * services and what was done with them, the host firewall with the commands that fix it. It lays
 * out the shared pre-flight view (shared/view).
 */
import type { Language } from '../../shared/codes';
import type { Preflight } from '../../shared/preflight';
import { buildPreflightView, type PreflightView } from '../../shared/view';
import type { Style } from './text-report';

/** Renders the pre-flight as lines of text. */
export function renderPreflight(preflight: Preflight, lang: Language, style: Style): string[] {
  return renderPreflightView(buildPreflightView(preflight, lang), style);
}

/** Lays out a pre-flight view as lines of text. */
function renderPreflightView(view: PreflightView, style: Style): string[] {
  const out: string[] = ['', style.bold(view.heading)];
  if (view.noOwner) out.push(`  ${view.noOwner}`);
  else {
    out.push(`  ${view.ownersHeading}:`);
    for (const group of view.owners) out.push(`    ${style.bad('!')} ${group.protocol} ${group.ports}: ${group.who}`);
  }
  if (view.ownersIncomplete) out.push(`  ${style.dim(view.ownersIncomplete)}`);
  for (const range of view.excludedRanges) out.push(`  ${range}`);

  const services = view.services;
  if (services) {
    out.push(`  ${services.heading}: ${services.text}`);
    for (const line of [services.stopOffer, services.needsElevation, services.stopped, services.restarted])
      if (line) out.push(`    ${line}`);
    for (const failure of services.failures) out.push(`    ${style.bad('✗')} ${failure}`);
    if (services.manualRestart)
      out.push(`    ${style.bad(style.bold(services.manualRestart.label))}: ${services.manualRestart.fix.command}`);
  }

  const firewall = view.firewall;
  out.push(`  ${firewall.heading} (${firewall.product}, ${firewall.state}):`);
  for (const finding of firewall.findings) {
    const sign = finding.severity === 'info' ? finding.sign : style.bad(finding.sign);
    out.push(`    ${sign} ${finding.text} ${style.dim(`(${finding.detail}) [${finding.kind}]`)}`);
  }
  if (firewall.fixes.length) {
    out.push(`    ${style.dim(firewall.fixesHeading)}:`);
    for (const fix of firewall.fixes) out.push(`      ${fix.shell}> ${fix.command}`);
  }
  return out;
}
