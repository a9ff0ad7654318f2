import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ignoreOutputErrors, INTERRUPT_SIGNALS, onInterrupt } from '../../../main/cli/interrupts';

function fakeProcess() {
  const proc = Object.assign(new EventEmitter(), {
    exits: [] as number[],
    exit(code: number) {
      proc.exits.push(code);
    },
    stdout: new EventEmitter(),
    stderr: new EventEmitter(),
  });
  return proc;
}

describe('interrupts of the command line', () => {
  it.each(INTERRUPT_SIGNALS)('%s cancels the check (a lost SSH session too), a second one leaves', (signal) => {
    const proc = fakeProcess();
    const answers: ('wait' | 'exit')[] = ['wait', 'exit'];
    let heard = 0;
    const off = onInterrupt(proc, () => {
      heard++;
      return answers.shift()!;
    });
    proc.emit(signal);
    expect(heard).toBe(1);
    expect(proc.exits).toEqual([]);
    proc.emit(signal);
    expect(proc.exits).toEqual([130]);
    off();
    expect(proc.listenerCount(signal)).toBe(0);
  });

  it('survives a terminal that went away (EIO/EPIPE on stdout or stderr)', () => {
    const proc = fakeProcess();
    ignoreOutputErrors(proc);
    // Without a listener, EventEmitter throws on 'error': that would kill the process mid-check.
    expect(() => proc.stdout.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).not.toThrow();
    expect(() => proc.stderr.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).not.toThrow();
  });
});
