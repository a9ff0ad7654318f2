/**
 * The IPC handlers (main/ipc.ts) wired to fakes: a window that is ours and one that is not, a
 * pre-flight that finds nothing, and a run manager over the simulated network with the real
 * contract events (runEvents), whose pushed payloads are recorded.
 */
import { CHANNELS, type Envelope } from '../../shared/api';
import type { Report } from '../../shared/report';
import { defaultSettings } from '../../shared/settings';
import { nullLogger } from '../../main/logging';
import { registerIpc, runEvents, type IpcDeps } from '../../main/ipc';
import type { PlanPreflight } from '../../main/engine/plan';
import { RunManager } from '../../main/run-manager';
import { ManualClock } from './manual-clock';
import { SimNetwork } from './sim-network';

/** The sender of our own window. */
export const own = { id: 'our window' };
/** Any other sender. */
export const foreign = { id: 'somebody else' };

/** A pre-flight that found nothing: no owners, no PBX services, no firewall. */
export const nothingFound = {
  platform: 'linux',
  owners: { owners: [], excludedRanges: [], method: 'none' as const, complete: true, errors: [] },
  services: {
    pbx: [],
    elevated: null,
    stopRequested: false,
    stopped: [],
    restarted: [],
    failures: [],
    manualRestart: null,
  },
  firewall: {
    product: 'none' as const,
    state: 'unknown' as const,
    profiles: [],
    activeProfiles: [],
    findings: [],
    fixes: [],
  },
  durationMs: 0,
};
/** nothingFound as the run plan takes it. */
export const emptyPreflight: PlanPreflight = {
  ...nothingFound,
  withPbxStopped: (work) => work(),
  complete: Promise.resolve(nothingFound),
};

/** Registers the handlers with `overrides`; `call` invokes one as our window (or `sender`). */
export function setupIpc(overrides: Partial<IpcDeps> = {}) {
  const handlers = new Map<string, (event: { sender: unknown }, ...args: unknown[]) => unknown>();
  const sent: { channel: string; payload: unknown }[] = [];
  const send = (channel: string, payload: unknown) => sent.push({ channel, payload });
  const clock = new ManualClock();
  const net = new SimNetwork(clock, {
    nat: { mapping: 'independent-preserving', filtering: 'address-port', forwards: new Set() },
  });
  const manager = new RunManager(runEvents(send, overrides.logger ?? nullLogger, undefined), {
    transport: net,
    clock,
    resolve: async () => ['203.0.113.100'],
  });
  registerIpc({
    ipcMain: { handle: (channel, listener) => handlers.set(channel, listener) },
    isOwnSender: (sender) => sender === own,
    send,
    appInfo: () => ({ version: '1.2.3', platform: 'linux', electron: '45' }),
    loadPreferences: async () => null,
    savePreferences: async () => undefined,
    preflight: async () => emptyPreflight,
    saveBundle: async () => ({ path: '/tmp/x.zip' }),
    openLogFolder: async () => undefined,
    manager,
    ...overrides,
  });
  const call = async <T>(channel: string, arg?: unknown, sender: unknown = own) =>
    (await handlers.get(channel)!({ sender }, arg)) as Envelope<T>;
  /** The reports of the runs that finished, from the pushed events. */
  const finished = (): Report[] =>
    sent.flatMap(({ channel, payload }) =>
      channel === CHANNELS.runFinished && 'report' in (payload as object)
        ? [(payload as { report: Report }).report]
        : [],
    );
  return { call, clock, net, manager, finished, handlers, sent };
}

/** A run request over 50 ports against a simulated server; `settings` replaces fields. */
export const runRequest = (settings: Record<string, unknown> = {}) => ({
  settings: { ...defaultSettings(), stun: ['203.0.113.100:3478'], ports: '9000-9049', timeoutMs: 1000, ...settings },
  stopServices: false,
  language: 'en',
});
