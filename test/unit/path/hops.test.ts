/**
 * Route tracers read from captured outputs: Windows tracert in five languages (CRLF, one in raw
 * cp850 bytes), iputils tracepath and traceroute captured in the lab's namespaces, macOS
 * traceroute; timeouts (`*`, "no reply"), hops that never answer, and the tool order per platform.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHops } from '../../../main/engine/path/hops-parse';
import { traceCommands, traceHops } from '../../../main/engine/path/hops';
import { windowsToolPath } from '../../../main/engine/host/runner';
import { fakeRunner } from '../host/fake-runner';

const fixture = (name: string, encoding: BufferEncoding = 'utf8') =>
  readFileSync(resolve(__dirname, '../../fixtures/os', name), encoding);

describe('tracert (Windows)', () => {
  it('reads an English trace with a timed-out hop', () => {
    expect(parseHops('tracert', fixture('tracert-en.txt'))).toEqual([
      { ttl: 1, address: '192.168.1.1' },
      { ttl: 2, address: '100.64.12.1' },
      { ttl: 3, address: null },
      { ttl: 4, address: '203.0.113.100' },
    ]);
  });

  it('reads German, French, Spanish and Chinese traces alike', () => {
    expect(parseHops('tracert', fixture('tracert-de.txt')).map((h) => h.address)).toEqual([
      '192.168.178.1',
      null,
      '192.168.1.1',
      '203.0.113.100',
    ]);
    expect(parseHops('tracert', fixture('tracert-fr.txt')).map((h) => h.address)).toEqual([
      '192.168.1.254',
      '80.10.236.1',
      null,
      null,
    ]);
    expect(parseHops('tracert', fixture('tracert-es.txt')).map((h) => h.address)).toEqual([
      '192.168.0.1',
      '100.72.0.1',
      '198.51.100.17',
      '203.0.113.100',
    ]);
    expect(parseHops('tracert', fixture('tracert-zh.txt')).map((h) => h.address)).toEqual([
      '192.168.1.1',
      '192.168.0.1',
      null,
      '203.0.113.100',
    ]);
  });

  it('is not misled by OEM code-page bytes read as UTF-8', () => {
    expect(parseHops('tracert', fixture('tracert-de-cp850.txt'))).toEqual(
      parseHops('tracert', fixture('tracert-de.txt')),
    );
  });

  it('takes the address of a hop that reports the destination unreachable', () => {
    expect(parseHops('tracert', fixture('tracert-unreachable-en.txt'))).toEqual([
      { ttl: 1, address: '10.1.1.1' },
      { ttl: 2, address: '10.1.1.1' },
    ]);
  });

  it('never takes the header’s target for a hop', () => {
    expect(parseHops('tracert', 'Tracing route to 203.0.113.100 over a maximum of 4 hops\r\n')).toEqual([]);
    expect(parseHops('tracert', '通过最多 4 个跃点跟踪到 203.0.113.100 的路由\r\n')).toEqual([]);
  });
});

describe('tracepath and traceroute (Linux, captured in lab namespaces)', () => {
  it('reads tracepath once per TTL, without the [LOCALHOST] line', () => {
    expect(parseHops('tracepath', fixture('tracepath-double-nat.txt'))).toEqual([
      { ttl: 1, address: '192.0.2.1' },
      { ttl: 2, address: '198.51.100.1' },
      { ttl: 3, address: '203.0.113.100' },
    ]);
  });

  it('reads "no reply" as a hop that did not answer', () => {
    expect(parseHops('tracepath', fixture('tracepath-no-reply.txt'))).toEqual([
      { ttl: 1, address: '192.0.2.1' },
      { ttl: 2, address: null },
      { ttl: 3, address: '203.0.113.100' },
    ]);
    expect(parseHops('tracepath', fixture('tracepath-too-many-hops.txt')).map((h) => h.address)).toEqual([
      '192.168.1.1',
      '100.71.0.1',
      null,
      null,
    ]);
  });

  it('keeps a hop that answered unreachable (!N)', () => {
    expect(parseHops('tracepath', fixture('tracepath-unreachable.txt')).at(-1)).toEqual({
      ttl: 2,
      address: '198.51.100.1',
    });
  });

  it('reads traceroute with answered, silent and all-silent hops', () => {
    expect(parseHops('traceroute', fixture('traceroute-linux-double-nat.txt')).map((h) => h.address)).toEqual([
      '192.0.2.1',
      '198.51.100.1',
      '203.0.113.100',
    ]);
    expect(parseHops('traceroute', fixture('traceroute-linux-no-reply.txt'))[1]).toEqual({ ttl: 2, address: null });
    expect(parseHops('traceroute', fixture('traceroute-linux-silent.txt'))).toEqual(
      [1, 2, 3, 4].map((ttl) => ({ ttl, address: null })),
    );
  });
});

describe('traceroute (macOS)', () => {
  it('reads hops, a silent one, and a hop where one probe of three was lost', () => {
    expect(parseHops('traceroute', fixture('traceroute-macos.txt'))).toEqual([
      { ttl: 1, address: '192.168.1.1' },
      { ttl: 2, address: '100.64.0.1' },
      { ttl: 3, address: null },
      { ttl: 4, address: '203.0.113.9' },
    ]);
  });

  it('takes the first router that answered when probes of one TTL got different ones', () => {
    expect(parseHops('traceroute', fixture('traceroute-macos-mixed.txt')).map((h) => h.address)).toEqual([
      '192.168.0.1',
      '10.0.0.1',
      '203.0.113.1',
    ]);
  });

  it('finds no hop in the header alone (macOS prints it on stderr)', () => {
    expect(parseHops('traceroute', fixture('traceroute-macos-stderr.txt'))).toEqual([]);
  });
});

describe('which tracer runs', () => {
  it('uses tracert by its System32 path with at most 4 hops and 500 ms waits', () => {
    const [step] = traceCommands('win32', '203.0.113.100');
    expect(step).toMatchObject({ tool: 'tracert', args: ['-d', '-h', '4', '-w', '500', '203.0.113.100'] });
    expect(windowsToolPath(step!.command, { SystemRoot: 'D:\\Windows' })).toBe('D:\\Windows\\System32\\TRACERT.EXE');
  });

  it('uses /usr/sbin/traceroute on macOS, waiting 1 s per probe', () => {
    expect(traceCommands('darwin', '203.0.113.100')).toEqual([
      { tool: 'traceroute', command: '/usr/sbin/traceroute', args: ['-n', '-m', '4', '-w', '1', '203.0.113.100'] },
    ]);
  });

  it('falls back from traceroute to tracepath on Linux when traceroute is missing', async () => {
    const { runner, calls } = fakeRunner((line) =>
      line.startsWith('tracepath') ? { stdout: fixture('tracepath-double-nat.txt') } : undefined,
    );
    const result = await traceHops('linux', runner, '203.0.113.100');
    expect(calls.map((c) => c.line)).toEqual([
      'traceroute -n -m 4 -w 1 203.0.113.100',
      'tracepath -n -m 4 203.0.113.100',
    ]);
    expect(result.tool).toBe('tracepath');
    expect(result.hops).toHaveLength(3);
  });

  it('stops at the first tracer that printed hops, and reads one killed by its time limit', async () => {
    const { runner, calls } = fakeRunner(() => ({
      stdout: fixture('traceroute-linux-no-reply.txt').split('\n').slice(0, 3).join('\n'),
      timedOut: true,
      exitCode: null,
      error: 'ETIMEDOUT',
    }));
    const result = await traceHops('linux', runner, '203.0.113.100');
    expect(calls).toHaveLength(1);
    expect(result.hops).toEqual([
      { ttl: 1, address: '192.0.2.1' },
      { ttl: 2, address: null },
    ]);
  });

  it('gives the next tracer only the time the first one left', async () => {
    const asked: (number | undefined)[] = [];
    const runner = {
      run: async (command: string, args: readonly string[], options?: { timeoutMs?: number }) => {
        asked.push(options?.timeoutMs);
        return { command, args: [...args], exitCode: 0, stdout: '', stderr: '', durationMs: 6500, timedOut: false };
      },
    };
    expect(await traceHops('linux', runner, '203.0.113.100')).toMatchObject({ hops: [], tool: null });
    expect(asked).toEqual([7000]); // 500 ms left: tracepath is not started
  });

  it('answers no hops, without throwing, when no tracer can run', async () => {
    const { runner } = fakeRunner(() => undefined);
    expect(await traceHops('darwin', runner, '203.0.113.100')).toMatchObject({ hops: [], tool: null });
  });
});
