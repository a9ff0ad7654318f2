/**
 * A stop marker's PID may belong to another process by the time it is read (after a crash, a
 * reboot; Windows reuses PIDs within minutes): the start time tells them apart. Windows' answer
 * from a stand-in runner; the machine's real `ps`: test/integration/process-identity.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ELAPSED_SCRIPT, parseElapsed, processLiveness } from '../../../main/engine/process-identity';
import { fakeRunner } from '../host/fake-runner';

describe('ps’s elapsed time', () => {
  it.each([
    ['05:03', 303],
    ['  1:02:03\n', 3723],
    ['2-01:02:03', 2 * 86400 + 3723],
    ['00:00', 0],
  ])('reads %j as %i s', (text, seconds) => expect(parseElapsed(text)).toBe(seconds));

  it.each(['', 'ELAPSED', '1:2:3:4', '-01:02', '12', '1:02:03 extra'])('refuses %j', (text) =>
    expect(parseElapsed(text)).toBeNull(),
  );
});

describe('is the marker’s process still running?', () => {
  it('on Windows: asks PowerShell for the seconds since the PID’s process started, the PID in the environment', async () => {
    const { runner, calls } = fakeRunner(() => ({ stdout: '{"seconds":7200}\r\n' }));
    const now = Date.parse('2026-12-01T12:00:00Z');
    const alive = processLiveness({ platform: 'win32', runner, exists: () => true, now: () => now });
    expect(await alive(4312, '2026-12-01T10:00:02Z')).toBe(true); // started 2 h ago: the writer
    expect(await alive(4312, '2026-12-01T08:00:00Z')).toBe(false); // the writer started 4 h ago
    expect(calls[0]!.script).toContain(ELAPSED_SCRIPT);
    expect(calls[0]!.env).toEqual({ VFC_PID: '4312' });
  });

  it('when the OS cannot say (access denied, no ps, garbage), keeps the safe answer: still running', async () => {
    for (const canned of [
      { stdout: '{"error":"Access is denied","id":"x"}', exitCode: 1 },
      undefined,
      { stdout: 'garbage' },
      { stdout: '{"seconds":-5}' },
    ]) {
      for (const platform of ['win32', 'linux'] as const) {
        const { runner } = fakeRunner(() => canned);
        const alive = processLiveness({ platform, runner, exists: () => true });
        expect(await alive(4312, '2026-12-01T08:00:00Z')).toBe(true);
      }
    }
    // A PID that does not exist is not asked about.
    const { runner, calls } = fakeRunner(() => ({ stdout: '00:05' }));
    expect(
      await processLiveness({ platform: 'linux', runner, exists: () => false })(4312, '2026-12-01T08:00:00Z'),
    ).toBe(false);
    expect(calls).toEqual([]);
  });
});
