/**
 * `npm run demo` (tools/demo.mjs) as a newcomer runs it: our server on loopback and the real CLI
 * against it, as a normal process with no internet. A short port list keeps it quick; `--json`
 * makes the result checkable.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report';

const demo = join(__dirname, '..', '..', 'tools', 'demo.mjs');

function runDemo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [demo, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo', () => {
  it('shows every part of a result against our own server on loopback, and stops the server', async () => {
    const { code, stdout, stderr } = await runDemo(['--ports', '9005,23200-23209', '--json']);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.server?.alternate).toMatch(/^127\.0\.0\.2:/);
    expect(report.sip?.map((s) => `${s.transport} ${s.code}`)).toEqual(['udp SIP_UNCHANGED', 'tcp SIP_UNCHANGED']);
    const tcp = report.ports.filter((p) => p.protocol === 'tcp').map((p) => p.code);
    expect(tcp.sort()).toEqual(['PASS', 'PASS', 'PASS', 'PORT_IN_USE']);
    expect(report.ports.find((p) => p.protocol === 'udp' && p.port === 9005)?.code).toBe('PORT_IN_USE');
    expect(stderr).toContain('test server stopped');
  }, 60_000);
});
