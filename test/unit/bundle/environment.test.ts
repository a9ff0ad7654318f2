/**
 * environment.json's domain and DNS search domains: what redaction is told to hide besides the
 * host name.
 */
import { describe, expect, it } from 'vitest';
import { collectEnvironment, parseResolvSearch } from '../../../main/bundle/environment';
import type { Platform } from '../../../main/engine/host/runner';
import { sampleReport } from '../../support/report';
import { fakeRunner } from '../host/fake-runner';

function collect(platform: Platform, hostName: string, env: Record<string, string> = {}) {
  const { runner } = fakeRunner(() => ({ stdout: 'default via 192.0.2.1 dev eth0' }));
  return collectEnvironment({
    platform,
    runner,
    report: sampleReport(),
    appVersion: '1.0.0',
    commands: [],
    env,
    hostName,
    readText: async () =>
      '# generated\nnameserver 192.0.2.53\nsearch Corp.Example.com lab.example.com\ndomain corp.example.com\n',
  });
}

describe('the environment for redaction', () => {
  it('takes the domain from a fully qualified host name and the search domains from resolv.conf', async () => {
    const env = await collect('linux', 'pbx01.corp.example.com');
    expect(env.domain).toBe('corp.example.com');
    expect(env.dns.search).toEqual(['corp.example.com', 'lab.example.com']);
  });

  it('has no domain for a short Linux host name', async () => {
    expect((await collect('linux', 'pbx01')).domain).toBeNull();
  });

  it('takes the Windows logon DNS domain and reads no resolv.conf there', async () => {
    const env = await collect('win32', 'PBX01', { USERDNSDOMAIN: 'CORP.EXAMPLE.COM' });
    expect(env.domain).toBe('corp.example.com');
    expect(env.dns.search).toEqual([]);
  });

  it('reads search and domain lines only', () => {
    expect(parseResolvSearch('options ndots:2\nsearch a.example\n  domain b.example\nsearchx c.example')).toEqual([
      'a.example',
      'b.example',
    ]);
  });
});
