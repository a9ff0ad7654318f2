/**
 * Two processes recording into one history folder at the same time, under names that clash on
 * purpose (same start time, 64 possible tags): no run may be lost or cut short.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('two processes recording at once', () => {
  it('keep every run whole', async () => {
    root = mkdtempSync(join(tmpdir(), 'vfc-history-'));
    const dir = join(root, 'history');
    const child = join(__dirname, 'record-child.ts');
    const outputs = await Promise.all(
      [1, 2].map(() => run(process.execPath, ['--import', 'tsx', child, dir, '12'], { timeout: 20_000 })),
    );
    const ids = outputs.flatMap((o) => JSON.parse(o.stdout) as string[]);
    expect(new Set(ids).size).toBe(24);
    const files = readdirSync(dir);
    expect(files.sort()).toEqual(ids.map((id) => `${id}.json`).sort());
    for (const name of files)
      expect(JSON.parse(readFileSync(join(dir, name), 'utf8')).schema).toBe('voip-fwcheck/report@1');
  });
});
