/**
 * The readable terminal report: verdict first, failures folded into ranges, each failure's
 * explanation and numbered steps once.
 */
import type { Language, PortCode } from '../../shared/codes';
import { foldByCode } from '../../shared/fold';
import { format, messages, runText, warningText } from '../../shared/messages';
import type { CodeText } from '../../shared/catalog-types';
import type { Report } from '../../shared/report';
import { labels } from './labels';

/** Terminal styling; identity functions when colour is off. */
export interface Style {
  ok: (s: string) => string;
  bad: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
}

/** ANSI styling, or none. */
export function makeStyle(colour: boolean): Style {
  const wrap = (open: number, close: number) => (s: string) => (colour ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { ok: wrap(32, 39), bad: wrap(31, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

const SIP_PORT = 5060;

/** The text for a port code, with the SIP wording when the SIP port is held by a known owner. */
export function textForPort(code: PortCode, lang: Language, owner: string | null, port: number | null): CodeText {
  const catalog = messages(lang);
  if (code === 'PORT_IN_USE' && port === SIP_PORT) {
    const sip = catalog.sipPortInUse;
    const who = owner ?? '?';
    return {
      title: format(sip.title, { owner: who }),
      explanation: format(sip.explanation, { owner: who }),
      remediation: sip.remediation.map((step) => format(step, { owner: who })),
    };
  }
  return catalog.ports[code];
}

/** Renders the whole report as text. */
export function renderText(report: Report, lang: Language, style: Style, before: readonly string[] = []): string {
  const catalog = messages(lang);
  const l = labels(lang);
  const out: string[] = [];
  const passed = report.code === 'ALL_PASSED';
  const mark = passed ? style.ok('✓') : style.bad('✗');
  const run = runText(report, lang);
  out.push(style.bold(l.heading(report.summary.total)), '');
  if (report.server) {
    out.push(
      `${l.server.padEnd(18)}${report.server.name} (${report.server.primary}, ${l.secondAddress} ${report.server.alternate})`,
    );
  }
  if (report.publicAddress) out.push(`${l.publicAddress.padEnd(18)}${report.publicAddress}`);
  out.push(`${l.duration.padEnd(18)}${(report.durationMs / 1000).toFixed(1)} s`);
  out.push(...before, '');
  out.push(`${mark} ${style.bold(run.title)} ${style.dim(`[${report.code}]`)}`);
  out.push(indent(run.explanation, 2));

  if (!report.server) {
    out.push('', style.bold(l.servers));
    for (const attempt of report.servers) {
      const host = attempt.name.split(':')[0];
      const resolved = attempt.resolved.some((ip) => ip !== host) ? ` → ${attempt.resolved.join(', ')}` : '';
      out.push(
        `  ${style.bad('✗')} ${attempt.name}${resolved}: ${attempt.detail} ${style.dim(`[${attempt.code ?? ''}]`)}`,
      );
    }
    pushSteps(out, run.remediation);
    return out.join('\n') + '\n';
  }

  const groups = foldByCode(report.ports);
  const owners = new Map(report.ports.filter((p) => p.owner).map((p) => [p.port, p.owner!]));
  out.push('', style.bold(l.results));
  for (const group of groups) {
    const sign = group.code === 'PASS' ? style.ok('✓') : group.code === 'NOT_TESTED' ? style.dim('–') : style.bad('✗');
    out.push(
      `  ${sign} ${group.label}: ${catalog.portShort[group.code]} ${style.dim(`(${l.ports(group.count)}) [${group.code}]`)}`,
    );
    if (group.code === 'PORT_IN_USE') {
      for (const range of group.ranges) {
        for (let port = range.from; port <= range.to; port++) {
          const owner = owners.get(port);
          if (owner) out.push(`      ${port} ${l.heldBy} ${owner.name} (PID ${owner.pid})`);
        }
      }
    }
  }
  if (report.warnings.length) {
    out.push('', style.bold(l.warnings));
    for (const warning of report.warnings) out.push(indent(`! ${warningText(warning, lang)} [${warning.code}]`, 2, 4));
  }

  const failing = groups.filter((g) => g.code !== 'PASS');
  if (failing.length) {
    out.push('', style.bold(l.whatToDo));
    for (const group of failing) {
      const sipOwner = owners.get(SIP_PORT);
      const sipHeld = group.code === 'PORT_IN_USE' && group.ranges.some((r) => r.from <= SIP_PORT && SIP_PORT <= r.to);
      const text = textForPort(
        group.code,
        lang,
        sipOwner ? `${sipOwner.name} (PID ${sipOwner.pid})` : null,
        sipHeld ? SIP_PORT : null,
      );
      out.push('', `  ${style.bold(text.title)} ${style.dim(`(${group.label})`)}`);
      out.push(indent(text.explanation, 4));
      text.remediation.forEach((step, i) => out.push(indent(`${i + 1}. ${step}`, 4, 7)));
    }
    if (report.code === 'SOME_FAILED' || report.code === 'ALL_FAILED') {
      out.push('', `  ${style.bold(run.title)}`);
      run.remediation.forEach((step, i) => out.push(indent(`${i + 1}. ${step}`, 4, 7)));
    }
  }
  return out.join('\n') + '\n';
}

function pushSteps(out: string[], steps: readonly string[]): void {
  if (steps.length === 0) return;
  out.push('');
  steps.forEach((step, i) => out.push(indent(`${i + 1}. ${step}`, 2, 5)));
}

/** Wraps `text` at 100 columns with a first-line and a continuation indent. */
function indent(text: string, first: number, rest = first): string {
  const width = 100;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = ' '.repeat(lines.length === 0 ? first : rest);
    let empty = true;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (!empty && line.length + 1 + word.length > width) {
        lines.push(line);
        line = ' '.repeat(rest);
        empty = true;
      }
      line += (empty ? '' : ' ') + word;
      empty = false;
    }
    lines.push(line);
  }
  return lines.join('\n');
}
