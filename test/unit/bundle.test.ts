import { describe, expect, it } from 'vitest';
import { defaultBundleName } from '../../main/bundle/bundle';
import { Redactor } from '../../main/bundle/redact';
import { renderReportHtml } from '../../main/bundle/report-html';
import { BundleError, writeZip, type ZipFs } from '../../main/bundle/write-zip';
import type { Report } from '../../shared/report';
import { sampleReport } from '../support/report';

describe('bundle writing', () => {
  it('names the bundle after the host and the local time', () => {
    expect(defaultBundleName('PBX-01.corp', new Date(2026, 10, 24, 9, 5))).toBe(
      'voip-fwcheck-PBX-01.corp-20261124-0905.zip',
    );
    expect(defaultBundleName('we ird/name', new Date(2026, 0, 2, 3, 4))).toBe(
      'voip-fwcheck-we_ird_name-20260102-0304.zip',
    );
  });

  it.each([
    ['ENOSPC', 'BUNDLE_DISK_FULL', /disk .* is full/],
    ['EACCES', 'BUNDLE_NO_PERMISSION', /no permission/],
    ['ENOENT', 'BUNDLE_NO_FOLDER', /does not exist/],
    ['EIO', 'BUNDLE_WRITE_FAILED', /EIO/],
  ])('maps %s to %s and removes the partial file', async (errno, code, message) => {
    const removed: string[] = [];
    const fs: ZipFs = {
      writeFile: async () => {
        throw Object.assign(new Error(errno), { code: errno });
      },
      rename: async () => undefined,
      unlink: async (p) => {
        removed.push(p);
      },
    };
    const error = await writeZip('/x/y/b.zip', { 'a.txt': 'a' }, fs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).code).toBe(code);
    expect((error as BundleError).message).toMatch(message);
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatch(/^\/x\/y\/\.b\.zip\.[0-9a-f]{8}\.partial$/);
  });

  it('renames into place only after a complete write', async () => {
    const steps: string[] = [];
    const fs: ZipFs = {
      writeFile: async (p, data) => {
        steps.push(`write ${p.endsWith('.partial')} ${data.length > 20}`);
      },
      rename: async (from, to) => {
        steps.push(`rename ${from.endsWith('.partial')} ${to}`);
      },
      unlink: async () => undefined,
    };
    await writeZip('/x/b.zip', { 'a.txt': 'hello' }, fs);
    expect(steps).toEqual(['write true true', 'rename true /x/b.zip']);
  });
});

describe('redaction', () => {
  it('replaces the same value by the same placeholder, keeping the structure', () => {
    const r = new Redactor();
    r.addNames('stun-server', ['stun.example.org']);
    r.addNames('host', ['PBX01']);
    const a = r.apply('stun.example.org → 203.0.113.100:3478 from 192.168.1.10:9000 on PBX01 (203.0.113.100)');
    expect(a).toBe('stun-server-1.invalid → ip-public-1:3478 from ip-local-1:9000 on host-1 (ip-public-1)');
    expect(r.apply('again 192.168.1.10 and fe80::1c2d:8a3f:b2e4:91a7%12 and 2001:db8::1 and aa:bb:cc:dd:ee:ff')).toBe(
      'again ip-local-1 and ipv6-1 and ipv6-2 and mac-1',
    );
  });

  it('leaves version numbers, times and ports alone', () => {
    const r = new Redactor();
    expect(r.apply('Node v20.20.2, 12:30:45, port 5060, 1.2.3')).toBe('Node v20.20.2, 12:30:45, port 5060, 1.2.3');
  });
});

describe('report.html', () => {
  const base = sampleReport();

  it('lists the warnings in the language of the run, escaped, with their codes', () => {
    const report: Report = {
      ...base,
      warnings: [
        { code: 'PORTS_NOT_TESTED', ports: 7, addresses: [], text: 'English' },
        { code: 'SEVERAL_PUBLIC_ADDRESSES', ports: 1, addresses: ['<b>203.0.113.3</b>'], text: 'English' },
      ],
    };
    const fr = renderReportHtml(report, 'fr', null);
    expect(fr).toContain('<h2>Avertissements</h2>');
    expect(fr).toContain('7 port(s) n’ont pas pu être testés');
    expect(fr).toContain('[PORTS_NOT_TESTED]');
    expect(fr).toContain('(&lt;b&gt;203.0.113.3&lt;/b&gt;)');
    expect(fr).not.toContain('<b>203');
    expect(renderReportHtml(base, 'en', null)).not.toContain('Warnings');
  });
});
