/**
 * `npx tsx test/bench/eta-sim.ts`: the time-left estimate (issue 14) where loopback cannot go:
 * routers with port-scan protection (xt_psd dropping, psd and rate-over block lists) and a real
 * partial forward, on the simulated network in fake time (test/fakes), at the default pace. Prints
 * per run its length and, from a third of the run on, how often the estimate is within 25 % of the
 * real time left, the median error and the worst (samples under 2 s from the end left out: a
 * relative error there says nothing). TRACE=<label> prints every event of one run.
 */
import { runCheck } from '../../main/engine/run-check';
import type { Progress } from '../../shared/report';
import { defaultSettings } from '../../shared/settings';
import { FakeClock } from '../fakes/fake-clock';
import type { Protection } from '../fakes/scan-protection';
import { ALTERNATE, PRIMARY, seeded, SimNetwork, type NatConfig } from '../fakes/sim-network';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const SECOND = {
  primary: { address: '198.51.100.20', port: 3478 },
  alternate: { address: '198.51.100.21', port: 3479 },
};
const PSD: Protection = { kind: 'psd', source: ALTERNATE.address };

async function measure(label: string, forwards: NatConfig['forwards'], protection: Protection[], ports: string) {
  const clock = new FakeClock();
  const net = new SimNetwork(clock, {
    servers: [{ primary: PRIMARY, alternate: ALTERNATE }, SECOND],
    nat: { mapping: 'independent-preserving', filtering: 'address-port', forwards },
    protection,
  });
  const samples: [number, Progress][] = [];
  const start = clock.now();
  const settings = { ...defaultSettings(), stun: [`${PRIMARY.address}:${PRIMARY.port}`], ports };
  const report = await clock.run(
    runCheck(settings, {
      transport: net,
      clock,
      resolve: net.resolve,
      random: seeded(3),
      onProgress: (p) => samples.push([clock.now(), p]),
    }),
    3_600_000,
  );
  const end = clock.now();
  const total = end - start;
  if (process.env.TRACE === label)
    for (const [at, p] of samples)
      console.log(
        `  ${Math.round(at - start)} ms ${p.done}/${p.total}: real ${Math.round(end - at)}, estimate ${p.etaMs}`,
      );
  const errors = samples
    .filter(([at, p]) => at - start >= total / 3 && end - at >= 2000 && p.phase === 'testing' && p.etaMs !== null)
    .map(([at, p]) => p.etaMs! / (end - at) - 1);
  const sorted = errors.map(Math.abs).sort((a, b) => a - b);
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  console.log(
    `${label.padEnd(36)} ${(total / 1000).toFixed(1).padStart(6)} s  ${String(report.summary.failed).padStart(4)} failed  ` +
      `within ±25 %: ${sorted.filter((e) => e <= 0.25).length}/${sorted.length}  median ${pct(sorted[Math.floor(sorted.length / 2)] ?? 0)}, worst ${pct(sorted.at(-1) ?? 0)}`,
  );
}

async function main(): Promise<void> {
  console.log('time left, from a third of each run on (simulated network, fake time, default pace):');
  await measure('2,000 forwarded', 'all', [], '9000-10999');
  await measure('1,000 of 2,000 forwarded', range(9000, 9999), [], '9000-10999');
  await measure('300 forwarded, psd dropping', 'all', [PSD], '9000-9299');
  await measure('300 forwarded, psd block list 30 s', 'all', [{ ...PSD, blockMs: 30_000 }], '9000-9299');
  await measure(
    '300 forwarded, rate block list 30 s',
    'all',
    [{ kind: 'rate', source: ALTERNATE.address, perSecond: 5, burst: 20, blockMs: 30_000 }],
    '9000-9299',
  );
  await measure(
    'gap 9050-9079, psd block list 30 s',
    range(9000, 9199).filter((p) => p < 9050 || p > 9079),
    [{ ...PSD, blockMs: 30_000 }],
    '9000-9199',
  );
}

void main();
