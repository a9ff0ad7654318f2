/**
 * `detail` strings are for people: shown as they are, never parsed. Verdicts and warnings come from
 * codes and typed reasons. This reads the sources of the app (main, shared, the window) and fails
 * on any comparison or string operation on a `detail`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const PARSED =
  /\bdetail\??\s*(?:[!=]==?|\.\s*(?:startsWith|endsWith|includes|match|matchAll|split|indexOf|lastIndexOf|search|replace|replaceAll|slice|substring|at|charAt|trim|toLowerCase|toUpperCase)\b)|\.test\(\s*[\w.?]*detail\b|[!=]==?\s*[\w.?]*\bdetail\b/;

/**
 * The one reader allowed: shared/view/firewall-detail.ts rewrites the words of a firewall detail
 * into the window's language for display (issue 14); no decision is ever read from it, and a
 * detail it does not know is shown as it is.
 */
const DISPLAY_ONLY = new Set(['shared/view/firewall-detail.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(entry.name) ? [path] : [];
  });
}

describe('detail strings', () => {
  it('the check catches a parsed detail', () => {
    for (const line of [
      "if (r.detail === 'answer-from-primary')",
      'tested.some((r) => r.detail?.startsWith(REFUSED))',
      "'cancelled' !== result.detail",
      '/timeout/.test(port.detail)',
      'f.detail.split(",")',
    ])
      expect(line).toMatch(PARSED);
    for (const line of ['note: owner ?? result.detail ?? ""', '{f.detail} [{f.kind}]', 'detail: `send: ${e}`'])
      expect(line).not.toMatch(PARSED);
  });

  it('are never compared or parsed in main/, shared/ or the window', () => {
    const found = ['main', 'shared', 'renderer/src']
      .flatMap((dir) => sources(resolve(root, dir)))
      .filter((file) => !DISPLAY_ONLY.has(relative(root, file)))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line: line.trim(), where: `${relative(root, file)}:${i + 1}` }))
          .filter(({ line }) => !line.startsWith('//') && !line.startsWith('*') && PARSED.test(line)),
      );
    expect(found).toEqual([]);
  });
});
