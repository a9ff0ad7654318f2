/**
 * `npm run bench`: the full media range 9000–10999 in the NAT lab (coturn behind a Linux NAT),
 * all passing and all failing, at the default settings and at the fastest safe settings; then 300
 * forwarded ports behind a router with scan protection (issue 10: psd, a rate-over block list, a
 * 10-minute block with a second server). Prints wall time (process start included), datagrams
 * sent, false failures (forwarded ports reported as failing) and peak memory, next to the vendor's
 * published figures. Needs root and the lab's Debian packages; builds the CLI if needed.
 * `BENCH_CLI=path/to/cli.js` measures another build (e.g. the one before a change).
 * Arguments: labels (or their beginnings) to run only some rows.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Report } from '../../shared/report';
import { ADDR, assertLabPossible, createLab, type LabOptions } from '../lab/nat-lab';
import type { LabProtection } from '../lab/scan-protection-rules';

const root = resolve(__dirname, '../..');
const cli = resolve(process.env.BENCH_CLI ?? resolve(root, 'out/main/cli.js'));
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
  falseFailures: number;
  sent: number;
  routerOut: number;
  peakMiB: number;
}

/** One row of the plan. */
interface Scenario {
  forward: 'all' | 'none';
  label: string;
  args: string[];
  protection?: LabProtection;
  ports?: string;
  secondServer?: boolean;
}

async function measure(scenario: Scenario): Promise<Row> {
  const { forward, args } = scenario;
  const options: LabOptions = {
    server: 'coturn',
    forward,
    protection: scenario.protection,
    secondServer: scenario.secondServer,
  };
  const lab = await createLab(options);
  try {
    const stun = scenario.secondServer ? ['--stun', ADDR.primary, '--stun', ADDR.primary2] : ['--stun', ADDR.primary];
    const ports = scenario.ports ?? '9000-10999';
    const out = await lab.exec(
      'python3',
      ['-c', WRAP, process.execPath, cli, 'check', ...stun, '--ports', ports, '--json', ...args],
      1_800_000,
    );
    const [rss = '0', wall = '0'] = out.stderr.trim().split('\n').pop()!.split(' ');
    const report = JSON.parse(out.stdout) as Report;
    const counters = await lab.counters();
    const forwarded = forward === 'all';
    return {
      scenario: `${forwarded ? 'all forwarded' : 'none forwarded'}, ${scenario.protection ? `protection: ${scenario.protection}` : 'no protection'}`,
      settings: scenario.label,
      wallS: Number(wall),
      code: report.code,
      passed: report.summary.passed,
      failed: report.summary.failed,
      falseFailures: forwarded ? report.summary.failed : 0,
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
  const fast = ['--rate', '5000', '--concurrency', '1000'];
  const plan: Scenario[] = [
    { forward: 'all', label: 'fast (--rate 5000 --concurrency 1000)', args: fast },
    { forward: 'none', label: 'fast (--rate 5000 --concurrency 1000)', args: fast },
    { forward: 'all', label: 'defaults', args: [] },
    { forward: 'none', label: 'defaults', args: [] },
    { forward: 'all', label: 'defaults, 300 ports, psd', args: [], ports: '9000-9299', protection: 'psd' },
    { forward: 'all', label: 'defaults, 300 ports, rate block 30 s', args: [], ports: '9000-9299', protection: 'rate' },
    {
      forward: 'all',
      label: 'defaults, 300 ports, 10-min block, two servers',
      args: [],
      ports: '9000-9299',
      protection: 'block-forever',
      secondServer: true,
    },
  ];
  const rows: Row[] = [];
  for (const scenario of plan) {
    if (only.length && !only.some((o) => scenario.label.startsWith(o))) continue;
    process.stderr.write(`bench: ${scenario.forward}, ${scenario.label}…\n`);
    rows.push(await measure(scenario));
  }
  console.log(`\n${cli}, coturn behind a Linux NAT, ${new Date().toISOString()}\n`);
  console.log(
    '| scenario | settings | wall time | result | false failures | datagrams sent (router saw) | peak memory |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.scenario} | ${r.settings} | ${r.wallS.toFixed(1)} s | ${r.code} (${r.passed} passed, ${r.failed} failed) | ${r.falseFailures} | ${r.sent} (${r.routerOut}) | ${r.peakMiB.toFixed(0)} MiB |`,
    );
  }
  console.log(
    '\nVendor figures for the full range 9000–10999 (3CX Firewall Checker, sequential): under 1 minute when all pass, 4 to 9 minutes when all fail.',
  );
  console.log(
    'Targets: fast all pass <= 5 s, fast all fail <= 10 s; defaults all pass <= 30 s, all fail <= 120 s; behind scan protection zero false failures, 300 ports <= 3 min (psd, 30 s block).',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
