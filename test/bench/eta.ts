/**
 * `npm run bench:eta`: how good the time-left estimate is (issue 14). Runs the real engine on
 * loopback against the test responder (no root, no lab) in runs with failing ports of several
 * shapes, at the default pace, and prints for each: the run's length, and from a third of the run
 * on, the estimate against the real time left (median and worst error) and how often the range
 * shown holds the real end (a single figure: within 25 %). Arguments: scenario labels (or their
 * beginnings) to run only some; ETA_TRACE=1 prints every event, ETA_TRACE=bad the ones off by more.
 */
import { runCheck } from '../../main/engine/run-check';
import type { Progress } from '../../shared/report';
import { defaultSettings } from '../../shared/settings';
import { startResponder } from '../integration/responder';

interface Scenario {
  label: string;
  ports: string;
  fails: (port: number) => boolean;
}

// Below Linux's ephemeral ports (32768 and up).
const SCENARIOS: Scenario[] = [
  { label: 'every 10th of 400 fails', ports: '22000-22399', fails: (p) => p >= 22000 && p < 22400 && p % 10 === 0 },
  { label: 'last half of 600 fails', ports: '22000-22599', fails: (p) => p >= 22300 && p < 22600 },
  {
    label: '60 in a row + every 10th of 600',
    ports: '22000-22599',
    fails: (p) => (p >= 22100 && p < 22160) || (p < 22600 && p % 10 === 0),
  },
  { label: 'all 300 fail', ports: '22000-22299', fails: (p) => p >= 22000 && p < 22300 },
  { label: 'first 100 of 400 fail', ports: '22000-22399', fails: (p) => p >= 22000 && p < 22100 },
  { label: '1,000 of 2,002 fail (issue 14)', ports: '5060,5090,20000-21999', fails: (p) => p >= 21000 && p < 22000 },
];

interface Sample {
  at: number;
  progress: Progress;
}

async function measure(scenario: Scenario): Promise<string> {
  const responder = await startResponder({ dropInbound: scenario.fails });
  const samples: Sample[] = [];
  const started = performance.now();
  try {
    const report = await runCheck(
      { ...defaultSettings(), ports: scenario.ports, stun: [`127.0.0.1:${responder.primary.port}`] },
      { onProgress: (progress) => samples.push({ at: performance.now(), progress }) },
    );
    const end = performance.now();
    const total = end - started;
    const rows = samples
      .filter((s) => s.at - started >= total / 3 && s.progress.phase === 'testing' && s.progress.etaMs !== null)
      .map((s) => {
        const actual = end - s.at;
        const [low, high] = s.progress.etaRangeMs ?? [s.progress.etaMs!, s.progress.etaMs!];
        const error = s.progress.etaMs! / actual - 1;
        // A range must hold the real end; one figure must come within 25 %.
        const inside = low < high ? actual >= low && actual <= high : Math.abs(error) <= 0.25;
        return { error, inside, low, high, actual };
      });
    if (process.env.ETA_TRACE)
      for (const s of samples)
        if (
          process.env.ETA_TRACE !== 'bad' ||
          (s.at - started >= total / 3 &&
            s.progress.etaMs !== null &&
            Math.abs(s.progress.etaMs / (end - s.at) - 1) > 0.25)
        )
          console.log(
            `  ${Math.round(s.at - started)} ms ${s.progress.phase} ${s.progress.done}/${s.progress.total} failed ${s.progress.failed}: ` +
              `real ${Math.round(end - s.at)}, shown ${s.progress.etaRangeMs?.join('–') ?? s.progress.etaMs}`,
          );
    const errors = rows.map((r) => Math.abs(r.error)).sort((a, b) => a - b);
    const pct = (x: number) => `${Math.round(x * 100)} %`;
    const worst = rows.reduce((w, r) => (Math.abs(r.error) > Math.abs(w.error) ? r : w), rows[0]!);
    const within = rows.filter((r) => Math.abs(r.error) <= 0.25).length;
    return (
      `${scenario.label.padEnd(34)} ${(total / 1000).toFixed(1).padStart(5)} s  ${report.summary.failed} failed  ` +
      `samples ${String(rows.length).padStart(4)}  estimate within ±25 %: ${within}/${rows.length}  ` +
      `median error ${pct(errors[Math.floor(errors.length / 2)] ?? 0)}, worst ${pct(worst?.error ?? 0)} ` +
      `(real ${Math.round((worst?.actual ?? 0) / 1000)} s, shown ${Math.round((worst?.low ?? 0) / 1000)}–${Math.round((worst?.high ?? 0) / 1000)} s)  ` +
      `range holds the end: ${rows.filter((r) => r.inside).length}/${rows.length}`
    );
  } finally {
    await responder.close();
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const plan = SCENARIOS.filter((s) => wanted.length === 0 || wanted.some((w) => s.label.startsWith(w)));
  console.log('time left, from a third of each run on (default pace, loopback responder):');
  for (const scenario of plan) console.log(await measure(scenario));
}

void main();
