/**
 * Port results as every renderer shows them: grouped by code (worst first), each group folded into
 * ranges of consecutive ports, with its short label, its title, explanation and numbered steps in
 * one language. Used for a finished report and for the results that arrive during a run.
 */
import type { CodeText } from '../catalog-types';
import { isUntested, type Language, type PortCode } from '../codes';
import { foldByCode } from '../fold';
import { format, messages } from '../messages';
import { foldRanges, formatRanges } from '../ports';
import type { PortResult } from '../report';
import { VIEW_WORDS } from './words';

/** How a result reads at a glance: passed, failed, or not tested. */
export type Tone = 'pass' | 'fail' | 'skip';

/** The sign shown in front of a result of each tone. */
export const SIGNS: Record<Tone, string> = { pass: '✓', fail: '✗', skip: '–' };

/** The tone of a port code. */
export function toneOf(code: PortCode): Tone {
  return code === 'PASS' ? 'pass' : isUntested(code) ? 'skip' : 'fail';
}

/** One port in a range, as the window's port list shows it. */
export interface PortRowView {
  port: number;
  /** The public `ip:port` the server saw, or `—`. */
  mapped: string;
  /** The owner (`name (PID n)`) when known, else the detail for people, else empty. */
  note: string;
}

/** Consecutive ports with one code. */
export interface RangeView {
  from: number;
  to: number;
  /** `9000` or `9000–9999` */
  label: string;
  ports: PortRowView[];
}

/** A port held by another program, with who holds it. */
export interface HeldPortView {
  port: number;
  /** `3CXPhoneSystem.exe (PID 4312)` */
  owner: string;
}

/** Every port with one code, with what the code means and what to do. */
export interface GroupView {
  code: PortCode;
  tone: Tone;
  sign: string;
  /** Short wording for the range list: "no answer from the second address (no forward)". */
  short: string;
  /** `5060, 9000–9999` */
  label: string;
  count: number;
  ranges: RangeView[];
  title: string;
  explanation: string;
  /** Numbered steps, one action each (empty for PASS). */
  steps: string[];
  /** PORT_IN_USE: the ports whose owner is known. */
  held: HeldPortView[];
  /**
   * The rows to list, in port order: one per range, or, for a group scattered over many small
   * ranges, one row for the whole span (its port list says which ports), so 327 scattered
   * failures make one line and not 643.
   */
  rows: RowView[];
}

/** One line of the result list: a range, or a span of scattered ports with one code. */
export interface RowView {
  /** Stable key: the code and the first port. */
  key: string;
  /** `10000–10999`, or `327 ports between 10000 and 10999` for a scattered group. */
  label: string;
  from: number;
  to: number;
  count: number;
  ports: PortRowView[];
}

/** Past this many ranges, a group is listed as one span. */
export const SCATTERED_RANGES = 6;

/** The SIP port: held by the PBX, it gets its own wording naming the owner. */
export const SIP_PORT = 5060;

const ownerText = (owner: { name: string; pid: number }): string => `${owner.name} (PID ${owner.pid})`;

function sipText(language: Language, owner: string): CodeText {
  const sip = messages(language).sipPortInUse;
  return {
    title: format(sip.title, { owner }),
    explanation: format(sip.explanation, { owner }),
    remediation: sip.remediation.map((step) => format(step, { owner })),
  };
}

function rowsOf(code: PortCode, ranges: RangeView[], language: Language): RowView[] {
  if (ranges.length <= SCATTERED_RANGES)
    return ranges.map((r) => ({
      key: `${code}-${r.from}`,
      label: r.label,
      from: r.from,
      to: r.to,
      count: r.ports.length,
      ports: r.ports,
    }));
  const ports = ranges.flatMap((r) => r.ports);
  const from = ranges[0]!.from;
  const to = ranges[ranges.length - 1]!.to;
  const label = format(VIEW_WORDS[language].scattered, {
    n: ports.length.toLocaleString(language),
    from: String(from),
    to: String(to),
  });
  return [{ key: `${code}-${from}`, label, from, to, count: ports.length, ports }];
}

/**
 * The order the window, the terminal and report.html list groups in: the largest problem first
 * (failures by number of ports, then the lowest port), then untested ports, passes last.
 */
export function byLargestProblem(a: GroupView, b: GroupView): number {
  const rank = (g: GroupView) => (g.tone === 'fail' ? 0 : g.tone === 'skip' ? 1 : 2);
  return rank(a) - rank(b) || b.count - a.count || (a.ranges[0]?.from ?? 0) - (b.ranges[0]?.from ?? 0);
}

/** Groups `results` by code, the largest problem first, with every text in `language`. */
export function portGroups(results: readonly PortResult[], language: Language): GroupView[] {
  const catalog = messages(language);
  const byPort = new Map(results.map((r) => [r.port, r]));
  return foldByCode(results)
    .map((group): GroupView => {
      const held: HeldPortView[] = [];
      const ranges = group.ranges.map((range) => {
        const ports: PortRowView[] = [];
        for (let port = range.from; port <= range.to; port++) {
          const result = byPort.get(port);
          if (!result) continue;
          const owner = result.owner ? ownerText(result.owner) : null;
          if (owner && group.code === 'PORT_IN_USE') held.push({ port, owner });
          ports.push({ port, mapped: result.mapped ?? '—', note: owner ?? result.detail ?? '' });
        }
        return { from: range.from, to: range.to, label: formatRanges([range]), ports };
      });
      const sipOwner = held.find((h) => h.port === SIP_PORT)?.owner;
      const sipHeld = group.code === 'PORT_IN_USE' && byPort.get(SIP_PORT)?.code === 'PORT_IN_USE';
      const text = sipHeld ? sipText(language, sipOwner ?? '?') : catalog.ports[group.code];
      // Every holder known: the steps start from the program the row already names, not from netstat.
      const allKnown = group.code === 'PORT_IN_USE' && held.length === group.count;
      const steps = allKnown ? heldSteps(held, text.remediation, sipHeld, language) : text.remediation;
      const tone = toneOf(group.code);
      return {
        code: group.code,
        tone,
        sign: SIGNS[tone],
        short: catalog.portShort[group.code],
        label: group.label,
        count: group.count,
        ranges,
        title: text.title,
        explanation: text.explanation,
        steps,
        held,
        rows: rowsOf(group.code, ranges, language),
      };
    })
    .sort(byLargestProblem);
}

function heldSteps(held: HeldPortView[], steps: string[], sip: boolean, language: Language): string[] {
  const owners = new Map<string, number[]>();
  for (const h of held) owners.set(h.owner, [...(owners.get(h.owner) ?? []), h.port]);
  const named = [...owners].map(([owner, ports]) =>
    format(VIEW_WORDS[language].heldStep, { ports: formatRanges(foldRanges(ports)), owner }),
  );
  // The catalog's first step (stop the PBX's services) and its last (stop it, run again) stay;
  // the ones in between say how to find the owner, which is known already.
  const kept = sip ? steps.slice(0, 2) : [steps[0], steps[steps.length - 1]].filter((s) => s !== undefined);
  return [...named, ...kept];
}
