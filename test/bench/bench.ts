/**
 * `npm run bench`: the full media range 9000–10999 in the NAT lab (coturn behind a Linux NAT),
 * all passing and all failing, at the default settings and at the fastest safe settings. Prints
 * wall time (process start included), datagrams sent and peak memory, next to the vendor's
 * published figures. Needs root and the lab's Debian packages; builds the CLI if needed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Report } from '../../shared/report';
import { ADDR, assertLabPossible, createLab } from '../lab/nat-lab';

const root = resolve(__dirname, '../..');
const cli = resolve(root, 'out/main/cli.js');
// Runs the CLI and reports the child's peak resident memory (getrusage of the waited child).
const WRAP = `import resource, subprocess, sys, time
t = time.monotonic(); r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write("%d %.3f\\n" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.monotonic() - t))
sys.stdout.write(r.stdout); sys.exit(r.returncode)`;

interface Row {
  scenario: string;
  settings: string;
  wallS: number;
  code: string;
  passed: number;
  failed: number;
  sent: number;
  routerOut: number;
  peakMiB: number;
}

async function measure(forward: 'all' | 'none', label: string, args: string[]): Promise<Row> {
  const lab = await createLab({ server: 'coturn', forward });
  try {
    const out = await lab.exec(
      'python3',
      ['-c', WRAP, process.execPath, cli, 'check', '--stun', ADDR.primary, '--ports', '9000-10999', '--json', ...args],
      900_000,
    );
    const [rss = '0', wall = '0'] = out.stderr.trim().split('\n').pop()!.split(' ');
    const report = JSON.parse(out.stdout) as Report;
    const counters = await lab.counters();
    return {
      scenario: forward === 'all' ? 'all pass' : 'all fail',
      settings: label,
      wallS: Number(wall),
      code: report.code,
      passed: report.summary.passed,
      failed: report.summary.failed,
      sent: report.stats.packetsSent,
      routerOut: counters.outbound,
      peakMiB: Number(rss) / 1024,
    };
  } finally {
    await lab.destroy();
  }
}

async function main(): Promise<void> {
  await assertLabPossible();
  if (!existsSync(cli)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const only = process.argv.slice(2);
  const plan: [forward: 'all' | 'none', label: string, args: string[]][] = [
    ['all', 'fast (--rate 5000 --concurrency 1000)', ['--rate', '5000', '--concurrency', '1000']],
    ['none', 'fast (--rate 5000 --concurrency 1000)', ['--rate', '5000', '--concurrency', '1000']],
    ['all', 'defaults', []],
    ['none', 'defaults', []],
  ];
  const rows: Row[] = [];
  for (const [forward, label, args] of plan) {
    if (only.length && !only.some((o) => label.startsWith(o))) continue;
    process.stderr.write(`bench: ${forward === 'all' ? 'all pass' : 'all fail'}, ${label}…\n`);
    rows.push(await measure(forward, label, args));
  }
  const header = '| scenario | settings | wall time | result | datagrams sent (router saw) | peak memory |';
  console.log(`\nFull range 9000–10999 (2,000 ports), coturn behind a Linux NAT, ${new Date().toISOString()}\n`);
  console.log(header);
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.scenario} | ${r.settings} | ${r.wallS.toFixed(1)} s | ${r.code} (${r.passed} passed, ${r.failed} failed) | ${r.sent} (${r.routerOut}) | ${r.peakMiB.toFixed(0)} MiB |`,
    );
  }
  console.log(
    '\nVendor figures for the same range (3CX Firewall Checker, sequential): under 1 minute when all pass, 4 to 9 minutes when all fail.',
  );
  console.log(
    'Targets: fast all pass <= 5 s, fast all fail <= 10 s (process start included); defaults at least as fast as the vendor.',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
