/**
 * The readable terminal report: verdict first, failures folded into ranges, each failure's
 * explanation and numbered steps once. It lays out the shared report view (shared/view) and
 * decides no wording of its own beyond the terminal's labels.
 */
import type { Language } from '../../shared/codes';
import type { Report } from '../../shared/report';
import { buildReportView, type OursView, type PathView, type ReportView } from '../../shared/view';
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

/** Renders the whole report as text; `before` (the pre-flight's lines) goes under the facts. */
export function renderText(report: Report, lang: Language, style: Style, before: readonly string[] = []): string {
  return renderViewText(buildReportView(report, lang), style, before);
}

/** Lays out a report view as text. */
export function renderViewText(view: ReportView, style: Style, before: readonly string[] = []): string {
  const l = labels(view.language);
  const w = view.words;
  const out: string[] = [];
  const { verdict, server } = view;
  // The heading counts UDP ports; TCP forwards (issue 11) have their own section.
  out.push(style.bold(l.heading(view.groups.reduce((n, g) => n + g.count, 0))), '');
  if (server)
    out.push(`${w.server.padEnd(18)}${server.name} (${server.primary}, ${w.secondAddress} ${server.alternate})`);
  if (view.publicAddress) out.push(`${w.publicAddress.padEnd(18)}${view.publicAddress}`);
  out.push(`${w.duration.padEnd(18)}${view.duration}`);
  out.push(...before, '');
  const mark = verdict.tone === 'ok' ? style.ok(verdict.sign) : style.bad(verdict.sign);
  out.push(`${mark} ${style.bold(verdict.title)} ${style.dim(`[${verdict.code}]`)}`);
  out.push(indent(verdict.text, 2));

  if (view.couldNotRun) {
    out.push('', style.bold(w.serversTried));
    for (const attempt of view.servers) {
      const resolved = attempt.resolved.length ? ` → ${attempt.resolved.join(', ')}` : '';
      out.push(
        `  ${style.bad('✗')} ${attempt.name}${resolved}: ${attempt.detail} ${style.dim(`[${attempt.code ?? ''}]`)}`,
      );
    }
    if (verdict.steps.length) {
      out.push('');
      verdict.steps.forEach((step, i) => out.push(indent(`${i + 1}. ${step}`, 2, 5)));
    }
    if (view.path) out.push(...pathLines(view.path, style));
    return out.join('\n') + '\n';
  }

  out.push('', style.bold(w.results));
  for (const group of view.groups) {
    const sign =
      group.tone === 'pass'
        ? style.ok(group.sign)
        : group.tone === 'skip'
          ? style.dim(group.sign)
          : style.bad(group.sign);
    out.push(`  ${sign} ${group.label}: ${group.short} ${style.dim(`(${l.ports(group.count)}) [${group.code}]`)}`);
    for (const held of group.held) out.push(`      ${held.port} ${w.heldBy} ${held.owner}`);
  }
  if (view.warnings.length) {
    out.push('', style.bold(w.warnings));
    for (const warning of view.warnings) out.push(indent(`! ${warning.text} [${warning.code}]`, 2, 4));
  }

  const { whatToDo } = view;
  if (whatToDo.groups.length) {
    out.push('', style.bold(w.whatToDo));
    for (const group of whatToDo.groups) {
      out.push('', `  ${style.bold(group.title)} ${style.dim(`(${group.label})`)}`);
      out.push(indent(group.explanation, 4));
      group.steps.forEach((step, i) => out.push(indent(`${i + 1}. ${step}`, 4, 7)));
    }
    if (whatToDo.run) {
      out.push('', `  ${style.bold(whatToDo.run.title)}`);
      whatToDo.run.steps.forEach((step, i) => out.push(indent(`${i + 1}. ${step}`, 4, 7)));
    }
  }
  if (view.ours) out.push(...oursLines(view.ours, style));
  if (view.path) out.push(...pathLines(view.path, style));
  return out.join('\n') + '\n';
}

/** SIP ALG per transport (with what changed) and TCP forwards per port, then their steps (issue 11). */
function oursLines(ours: OursView, style: Style): string[] {
  const sign = (tone: string, s: string): string =>
    tone === 'pass' ? style.ok(s) : tone === 'skip' ? style.dim(s) : style.bad(s);
  const out = ['', style.bold(ours.heading), indent(ours.intro, 2)];
  for (const row of ours.sip) {
    out.push('', `  ${sign(row.tone, row.sign)} ${row.label}: ${row.title} ${style.dim(`[${row.code}]`)}`);
    if (row.tone !== 'pass') out.push(indent(row.text, 4));
    for (const change of row.changes) out.push(indent(change, 6, 8));
    if (row.note) out.push(style.dim(indent(row.note, 4)));
  }
  ours.sipSteps.forEach((step, i) => out.push(indent(`${i + 1}. ${step}`, 4, 7)));
  if (ours.tcp.length) {
    out.push('', `  ${style.bold(ours.tcpHeading)}`);
    for (const row of ours.tcp) {
      const detail = row.detail ? ` (${row.detail})` : '';
      out.push(`  ${sign(row.tone, row.sign)} ${row.label}: ${row.title}${detail} ${style.dim(`[${row.code}]`)}`);
    }
    if (ours.tcpText) out.push(indent(ours.tcpText, 4));
    ours.tcpSteps.forEach((step, i) => out.push(indent(`${i + 1}. ${step}`, 4, 7)));
  }
  return out;
}

/** The path to the internet: findings first (with their steps), then hops, router and mapping. */
function pathLines(path: PathView, style: Style): string[] {
  const out = ['', style.bold(path.heading)];
  for (const finding of path.findings) {
    const sign = finding.tone === 'bad' ? style.bad('!') : style.dim('i');
    out.push('', `  ${sign} ${style.bold(finding.title)} ${style.dim(`[${finding.code}]`)}`);
    out.push(indent(finding.text, 4));
    finding.steps.forEach((step, i) => out.push(indent(`${i + 1}. ${step}`, 4, 7)));
  }
  if (path.hops.length) {
    out.push('', `  ${path.hopsHeading}`);
    for (const hop of path.hops)
      out.push(`    ${String(hop.ttl).padStart(2)}  ${hop.answered ? hop.address : style.dim(hop.address)}`);
  }
  out.push('', `  ${path.routerHeading}`);
  if (path.router) {
    out.push(`    ${path.router.protocol}${path.router.externalAddress ? `: ${path.router.externalAddress}` : ''}`);
    for (const mapping of path.router.mappings) out.push(`    ${mapping}`);
  } else out.push(indent(path.noRouter, 4));
  if (path.mapping) out.push('', indent(path.mapping, 2));
  return out;
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
