/**
 * Many ports at once: a pool of at most `concurrency` workers (one socket each), in the chosen
 * order, cancellable. When the OS runs out of file descriptors (a low `ulimit -n`), the port goes
 * back to the queue and the pool shrinks instead of failing the port.
 */
import { sleep, type Clock } from './clock';
import type { ProbeOutcome } from './probe';

/** What the scheduler needs. */
export interface ScheduleOptions {
  ports: readonly number[];
  concurrency: number;
  order: 'sequential' | 'shuffled';
  probe: (port: number) => Promise<ProbeOutcome>;
  clock: Clock;
  signal?: AbortSignal;
  /** Source of randomness for `shuffled` (tests pass a seeded one). */
  random?: () => number;
  /** Called once per port, as soon as its verdict is known. */
  onResult: (port: number, outcome: Extract<ProbeOutcome, { kind: 'verdict' }>) => void;
}

/** Fisher–Yates shuffle into a new array. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** How long a worker that is alone and out of descriptors waits before trying again. */
const RESOURCE_BACKOFF_MS = 100;
/** How long the last worker keeps retrying without any socket before giving up on every port left. */
const RESOURCE_GIVE_UP_MS = 10_000;

/** Runs every port through `probe`; resolves when all workers have stopped (sockets closed). */
export async function schedulePorts(options: ScheduleOptions): Promise<void> {
  const queue =
    options.order === 'shuffled' ? shuffle(options.ports, options.random ?? Math.random) : [...options.ports];
  let next = 0;
  const requeued: number[] = [];
  let active = 0;
  let starvedSince: number | null = null;
  let gaveUp: string | null = null;
  const notTested = (port: number, reason: 'cancelled' | 'out-of-sockets', detail: string) =>
    options.onResult(port, { kind: 'verdict', verdict: { code: 'NOT_TESTED', mapped: null, reason, detail }, sent: 0 });
  const take = (): number | undefined => requeued.pop() ?? (next < queue.length ? queue[next++] : undefined);

  const worker = async (): Promise<void> => {
    active++;
    try {
      for (let port = take(); port !== undefined; port = take()) {
        if (options.signal?.aborted) {
          notTested(port, 'cancelled', 'cancelled');
          continue;
        }
        if (gaveUp !== null) {
          notTested(port, 'out-of-sockets', gaveUp);
          continue;
        }
        const outcome = await options.probe(port);
        if (outcome.kind === 'verdict') {
          starvedSince = null;
          options.onResult(port, outcome);
          continue;
        }
        if (active > 1) {
          requeued.push(port);
          return; // shrink the pool: the descriptors are needed elsewhere
        }
        // The last worker: wait for descriptors to come back, but not forever.
        starvedSince ??= options.clock.now();
        if (options.clock.now() - starvedSince >= RESOURCE_GIVE_UP_MS) {
          gaveUp = outcome.reason;
          notTested(port, 'out-of-sockets', gaveUp);
          continue;
        }
        requeued.push(port);
        await sleep(options.clock, RESOURCE_BACKOFF_MS, options.signal).catch(() => undefined);
      }
    } finally {
      active--;
    }
  };

  const workers = Math.max(1, Math.min(options.concurrency, options.ports.length));
  await Promise.all(Array.from({ length: workers }, worker));
}
