/**
 * Port lists: parsing the `5060,5090,9000-10999` notation, the 3CX profile, and folding a sorted
 * list back into ranges for display.
 */

/** The 3CX profile: SIP 5060, the tunnel port 5090 and the media range 9000–10999 (all UDP). */
export const DEFAULT_PORT_SPEC = '5060,5090,9000-10999';

/** Largest number of ports one run accepts (the whole 1–65535 space). */
export const MAX_PORTS = 65535;

/** A port list that could not be parsed, with the offending piece. */
export class PortSpecError extends Error {
  readonly code = 'BAD_PORT_SPEC';
  constructor(
    message: string,
    /** The part of the input at fault, e.g. "10999-9000". */
    readonly part: string,
  ) {
    super(message);
    this.name = 'PortSpecError';
  }
}

/**
 * Parses a port list such as `5060, 5090, 9000-10999` (en dash accepted) into sorted unique
 * ports. Throws PortSpecError naming the bad part: empty items, non-numbers, 0 or > 65535,
 * reversed ranges.
 */
export function parsePortSpec(spec: string): number[] {
  const trimmed = spec.trim();
  if (trimmed === '') throw new PortSpecError('the port list is empty', spec);
  const ports = new Set<number>();
  // Items are separated by commas, semicolons or spaces; a range may have spaces around its dash,
  // as vendor documents write it ("9000 – 10999"). Each part keeps its text as typed, for messages.
  const parts = trimmed.split(/[,;]+/).flatMap((chunk) => chunk.match(/[^\s-–]*\s*[-–]\s*[^\s-–]*|\S+/g) ?? []);
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') continue;
    const match = /^(\d{1,5})(?:\s*[-–]\s*(\d{1,5}))?$/.exec(part);
    if (!match) throw new PortSpecError(`"${part}" is not a port or a range like 9000-10999`, part);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    for (const port of [from, to]) {
      if (port < 1 || port > 65535) {
        throw new PortSpecError(`port ${port} in "${part}" is outside 1–65535`, part);
      }
    }
    if (to < from) throw new PortSpecError(`the range "${part}" runs backwards`, part);
    for (let p = from; p <= to; p++) ports.add(p);
  }
  if (ports.size === 0) throw new PortSpecError('the port list is empty', spec);
  return [...ports].sort((a, b) => a - b);
}

/** A run of consecutive ports, inclusive. */
export interface PortRange {
  from: number;
  to: number;
}

/** Folds ports into consecutive ranges, in ascending order: [5060, 9000, 9001] → 5060, 9000–9001. */
export function foldRanges(ports: Iterable<number>): PortRange[] {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const ranges: PortRange[] = [];
  for (const port of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && port === last.to + 1) last.to = port;
    else ranges.push({ from: port, to: port });
  }
  return ranges;
}

/** Formats ranges as `5060, 9000–10999` (en dash). */
export function formatRanges(ranges: readonly PortRange[]): string {
  return ranges.map((r) => (r.from === r.to ? String(r.from) : `${r.from}–${r.to}`)).join(', ');
}
