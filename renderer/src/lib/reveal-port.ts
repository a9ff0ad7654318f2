/**
 * From the port map to the results: the folded range holding a port, opened and brought into
 * view with the keyboard on it, as if the user had clicked it in the list.
 */
import { tick } from 'svelte';

/** A row of the results list: a range of ports with one code (`key`: how the list keys it). */
export interface RangeRow {
  group: { code: string };
  range: { from: number; to: number; label: string; key?: string };
}

/**
 * Finds the row of `rows` holding `port`, lets `openRow` open it (by the row's own key, else
 * `${code}-${from}` as the results list first keyed its rows), then focuses its button and
 * scrolls to it. Returns the key, or null when no row holds the port.
 */
export async function revealPort(
  port: number,
  rows: readonly RangeRow[],
  openRow: (key: string) => void,
  root: ParentNode = document,
): Promise<string | null> {
  const row = rows.find((r) => port >= r.range.from && port <= r.range.to);
  if (!row) return null;
  const key = row.range.key ?? `${row.group.code}-${row.range.from}`;
  openRow(key);
  await tick();
  const button = [...root.querySelectorAll<HTMLButtonElement>('.ranges button.range')].find(
    (b) => b.querySelector('.ports')?.textContent === row.range.label,
  );
  button?.focus();
  button?.scrollIntoView({ block: 'center' });
  return key;
}
