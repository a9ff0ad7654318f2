/**
 * The stop marker's liveness check with this machine's real `ps` against real processes: the
 * process that wrote the marker is still running; another one that took its PID is not.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../main/engine/host/runner';
import { processLiveness } from '../../main/engine/process-identity';

describe('is the marker’s process still running? (real ps)', () => {
  it('with the real ps: the same process yes; a process that started later under that PID no', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const startedAt = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 50));
      const alive = processLiveness({ platform: 'linux', runner: createProcessRunner('linux') });
      expect(await alive(child.pid!, startedAt)).toBe(true);
      // The marker was written by a process that started an hour before this one took the PID.
      expect(await alive(child.pid!, new Date(Date.now() - 3_600_000).toISOString())).toBe(false);
      // A marker of an earlier version (no start time): the PID alone, as before.
      expect(await alive(child.pid!, undefined)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((r) => child.on('exit', r));
    const alive = processLiveness({ platform: 'linux', runner: createProcessRunner('linux') });
    expect(await alive(child.pid!, new Date().toISOString())).toBe(false);
  });
});
