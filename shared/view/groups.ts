/**
 * Port results as every renderer shows them: grouped by code (worst first), each group folded into
 * ranges of consecutive ports, with its short label, its title, explanation and numbered steps in
 * one language. Used for a finished report and for the results that arrive during a run.
 */
import type { CodeText } from '../catalog-types';
import { isUntested, type Language, type PortCode } from '../codes';
import { foldByCode } from '../fold';
import { format, messages } from '../messages';
import { formatRanges } from '../ports';
import type { PortResult } from '../report';

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
}

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

/** Groups `results` by code, worst first, with every text in `language`. */
export function portGroups(results: readonly PortResult[], language: Language): GroupView[] {
  const catalog = messages(language);
  const byPort = new Map(results.map((r) => [r.port, r]));
  return foldByCode(results).map((group) => {
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
      steps: text.remediation,
      held,
    };
  });
}
