/**
 * What makes the report's answer specific to this PBX: a verdict sentence that scales with how
 * many ports fail and where, and the forward rule to create, naming the failing ranges, this
 * machine's LAN address, the public address and the protocol, in the fields every router's
 * port-forward form has.
 */
import type { Language } from '../codes';
import { format } from '../messages';
import { foldRanges, formatRanges } from '../ports';
import type { GroupView } from './groups';
import { VIEW_WORDS } from './words';

/** Codes whose fix is a one-to-one forward on the router. */
const NEEDS_FORWARD = new Set(['INBOUND_NO_RESPONSE', 'PORT_TRANSLATED']);

/** The forward to create, field by field, and as a block to copy. */
export interface ForwardRuleView {
  heading: string;
  /** [label, value] in the order of a router's form. */
  fields: [string, string][];
  /** The fields as `label: value` lines, to paste into a ticket or keep at hand at the router. */
  text: string;
  /** The step that says it in one sentence. */
  step: string;
}

const n = (value: number, language: Language) => value.toLocaleString(language);

/**
 * One sentence that scales with the extent of the largest problem: "1,000 of 2,002 ports, all of
 * 10000–10999: no answer…", "327 of 2,002 ports, scattered between 10000 and 10999: …".
 */
export function extentText(groups: readonly GroupView[], total: number, language: Language): string {
  const w = VIEW_WORDS[language];
  const failing = groups.filter((g) => g.tone === 'fail');
  if (failing.length === 0) {
    const passed = groups.find((g) => g.code === 'PASS');
    return passed?.count === total ? format(w.extentPassed, { total: n(total, language) }) : '';
  }
  const [top, ...rest] = failing as [GroupView, ...GroupView[]];
  const values = { n: n(top.count, language), total: n(total, language), what: top.short };
  const ranges = top.ranges;
  let text: string;
  if (top.count === total) text = format(w.extentAll, values);
  else if (ranges.length === 1) text = format(w.extentOne, { ...values, range: top.label });
  else if (ranges.length <= 3) text = format(w.extentFew, { ...values, ranges: top.label });
  else
    text = format(w.extentScattered, {
      ...values,
      from: String(ranges[0]!.from),
      to: String(ranges[ranges.length - 1]!.to),
    });
  const more = rest.reduce((sum, g) => sum + g.count, 0);
  if (!more) return text;
  const tail = more === 1 ? w.extentMoreOne : format(w.extentMore, { n: n(more, language) });
  return `${text.replace(/[.]$/, '')}; ${tail}.`;
}

/** Ranges for a router form: ASCII hyphens, as the fields accept them. */
const routerRanges = (ports: number[]) => formatRanges(foldRanges(ports)).replaceAll('–', '-');

/**
 * The forward rule for the groups that need one (no inbound forward, port changed), or null when
 * none does. `lan` is this machine's addresses, private IPv4 first.
 */
export function forwardRule(
  groups: readonly GroupView[],
  lan: readonly string[],
  publicAddress: string | null,
  language: Language,
): ForwardRuleView | null {
  const w = VIEW_WORDS[language];
  const ports = groups
    .filter((g) => NEEDS_FORWARD.has(g.code))
    .flatMap((g) => g.ranges.flatMap((r) => r.ports.map((p) => p.port)))
    .sort((a, b) => a - b);
  if (ports.length === 0) return null;
  const external = routerRanges(ports);
  const address = lan[0] ?? w.unknownLan;
  const fields: [string, string][] = [
    [w.ruleProtocol, 'UDP'],
    [w.ruleExternal, external],
    [w.ruleAddress, address],
    [w.ruleInternal, external],
    [w.rulePublic, publicAddress ?? w.ruleAny],
  ];
  return {
    heading: w.ruleHeading,
    fields,
    text: [w.ruleHeading, ...fields.map(([label, value]) => `  ${label}: ${value}`)].join('\n'),
    step: forwardStep(ports, lan, publicAddress, language),
  };
}

function forwardStep(
  ports: readonly number[],
  lan: readonly string[],
  publicAddress: string | null,
  language: Language,
): string {
  const w = VIEW_WORDS[language];
  const others = lan.slice(1);
  const step = format(w.forwardStep, {
    public: publicAddress ?? w.yourPublic,
    ports: formatRanges(foldRanges([...ports])),
    lan: lan[0] ?? w.unknownLan,
  });
  return others.length ? `${step} ${format(w.alsoLan, { others: others.join(', ') })}` : step;
}

/**
 * A failing group's steps with its generic "forward this port to the PBX's address" step replaced
 * by the one that names the ranges and the addresses.
 */
export function namedSteps(
  group: GroupView,
  lan: readonly string[],
  publicAddress: string | null,
  language: Language,
): string[] {
  if (!NEEDS_FORWARD.has(group.code)) return group.steps;
  const ports = group.ranges.flatMap((r) => r.ports.map((p) => p.port));
  return [forwardStep(ports, lan, publicAddress, language), ...group.steps.slice(1)];
}
