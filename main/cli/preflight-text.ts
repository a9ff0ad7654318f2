/**
 * The "before the check" section of the terminal report: ports in use and who holds them, the PBX
 * services and what was done with them, the host firewall with the commands that fix it.
 */
import type { Language } from '../../shared/codes';
import { messages } from '../../shared/messages';
import { foldRanges, formatRanges } from '../../shared/ports';
import type { PortOwnerInfo, Preflight } from '../../shared/preflight';
import type { Style } from './text-report';

function describeOwner(owner: PortOwnerInfo): string {
  const parts = [owner.name ?? '?'];
  if (owner.pid !== null) parts.push(`PID ${owner.pid}`);
  if (owner.services.length) parts.push(`service ${owner.services.join(', ')}`);
  if (owner.user) parts.push(`user ${owner.user}`);
  return `${parts[0]} (${parts.slice(1).join(', ')})`;
}

/** Renders the pre-flight as lines of text. */
export function renderPreflight(preflight: Preflight, lang: Language, style: Style): string[] {
  const t = messages(lang).preflight;
  const fw = messages(lang).firewall;
  const out: string[] = ['', style.bold(t.heading)];
  const { owners } = preflight.owners;
  if (owners.length === 0) out.push(`  ${t.noPortInUse}`);
  else {
    out.push(`  ${t.portsInUse}:`);
    const groups = new Map<string, number[]>();
    for (const owner of owners) {
      const key = `${owner.protocol.toUpperCase()}|${describeOwner(owner)}`;
      groups.set(key, [...(groups.get(key) ?? []), owner.port]);
    }
    for (const [key, ports] of groups) {
      const [protocol, who] = key.split('|');
      out.push(`    ${style.bad('!')} ${protocol} ${formatRanges(foldRanges(ports))}: ${who}`);
    }
  }
  if (!preflight.owners.complete) out.push(`  ${style.dim(t.ownersIncomplete)}`);
  for (const range of preflight.owners.excludedRanges)
    out.push(`  ${t.excludedRange}: ${range.protocol.toUpperCase()} ${range.from}–${range.to}`);

  const services = preflight.services;
  if (services.pbx.length) {
    out.push(`  ${t.pbxServices}: ${services.pbx.map((s) => `${s.name}${s.running ? '' : ' (stopped)'}`).join(', ')}`);
    if (!services.stopRequested && services.pbx.some((s) => s.running)) out.push(`    ${t.stopOffer}`);
    if (services.elevated === false) out.push(`    ${t.needsElevation}`);
    if (services.stopped.length) out.push(`    ${t.stopped}: ${services.stopped.join(', ')}`);
    if (services.restarted.length) out.push(`    ${t.restarted}: ${services.restarted.join(', ')}`);
    for (const failure of services.failures)
      out.push(`    ${style.bad('✗')} ${failure.action} ${failure.service}: ${failure.message}`);
    if (services.manualRestart)
      out.push(`    ${style.bad(style.bold(t.restartFailed))}: ${services.manualRestart.command}`);
  }

  const firewall = preflight.firewall;
  out.push(`  ${t.firewall} (${firewall.product}, ${firewall.state}):`);
  for (const finding of firewall.findings) {
    const sign = finding.severity === 'error' ? style.bad('✗') : finding.severity === 'warning' ? style.bad('!') : '·';
    out.push(`    ${sign} ${fw[finding.kind]} ${style.dim(`(${finding.detail}) [${finding.kind}]`)}`);
  }
  if (firewall.fixes.length) {
    out.push(`    ${style.dim(t.fixNeedsElevation)}:`);
    for (const fix of firewall.fixes) out.push(`      ${fix.shell}> ${fix.command}`);
  }
  return out;
}
