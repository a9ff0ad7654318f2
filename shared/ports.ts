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

/** Longest port list accepted, in characters (the CLI's flag, the window's field, stored preferences). */
export const MAX_PORT_SPEC_LENGTH = 2000;

/**
 * Most items (single ports or ranges) one port list may hold. A list of wide overlapping ranges
 * once cost the main process a second per parse; with this bound and ranges merged before they
 * are expanded, a parse stays under a few milliseconds whatever the input.
 */
export const MAX_PORT_ITEMS = 200;

/**
 * Parses a port list such as `5060, 5090, 9000-10999` (en dash accepted) into ascending,
 * merged ranges: overlapping and adjacent items become one range, so duplicates cost nothing.
 * Cheap (no port-by-port work): use it to validate. Throws PortSpecError naming the bad part:
 * empty items, non-numbers, 0 or > 65535, reversed ranges, more than MAX_PORT_SPEC_LENGTH
 * characters or MAX_PORT_ITEMS items.
 */
export function parsePortRanges(spec: string): PortRange[] {
  if (spec.length > MAX_PORT_SPEC_LENGTH) {
    throw new PortSpecError(
      `the port list is ${spec.length} characters long; at most ${MAX_PORT_SPEC_LENGTH} are accepted`,
      spec.slice(0, 40),
    );
  }
  const trimmed = spec.trim();
  if (trimmed === '') throw new PortSpecError('the port list is empty', spec);
  const items: PortRange[] = [];
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
    if (items.length === MAX_PORT_ITEMS) {
      throw new PortSpecError(
        `the port list has more than ${MAX_PORT_ITEMS} ports or ranges; write neighbouring ports as one range like 9000-10999`,
        part,
      );
    }
    items.push({ from, to });
  }
  if (items.length === 0) throw new PortSpecError('the port list is empty', spec);
  items.sort((a, b) => a.from - b.from);
  const merged: PortRange[] = [];
  for (const item of items) {
    const last = merged[merged.length - 1];
    if (last && item.from <= last.to + 1) last.to = Math.max(last.to, item.to);
    else merged.push({ ...item });
  }
  return merged;
}

/**
 * Parses a port list such as `5060, 5090, 9000-10999` into sorted unique ports (at most
 * MAX_PORTS). Same rules and errors as parsePortRanges.
 */
export function parsePortSpec(spec: string): number[] {
  return expandRanges(parsePortRanges(spec));
}

/** The ports of ascending, non-overlapping ranges (as parsePortRanges returns them), in order. */
export function expandRanges(ranges: readonly PortRange[]): number[] {
  const ports: number[] = [];
  for (const range of ranges) for (let p = range.from; p <= range.to; p++) ports.push(p);
  return ports;
}

/**
 * The canonical text of ranges: ASCII `-` and `,`, no spaces (`5060,9000-10999`), the notation
 * every consumer understands (the window, the CLI, the PowerShell port script). Equal port sets
 * give equal texts.
 */
export function formatPortSpec(ranges: readonly PortRange[]): string {
  return ranges.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(',');
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
