/**
 * The step only our own server makes possible (issue 11), for the run plan: when the chosen
 * server's answers carried VFC-CAPABILITIES, after the port tests (and while the PBX is still
 * stopped if it was), the TCP forward test, then the SIP ALG test over UDP and TCP. Its results
 * go into the report: `sip`, and `ports` entries with `protocol: 'tcp'` (summary and run code
 * updated so a failing TCP forward is never hidden behind ALL_PASSED).
 */
import { isPortFailure, isUntested } from '../../../shared/codes';
import type { Report, SipResult } from '../../../shared/report';
import type { Clock } from '../clock';
import type { Endpoint } from '../stun/codec';
import type { Capabilities } from '../../server/vfc-protocol';
import { nodeNet, type OursNet } from './net';
import { runSipTest } from './sip-test';
import { runTcpForward } from './tcp-forward';

export { runSipTest } from './sip-test';
export { runTcpForward } from './tcp-forward';
export { compareSip, changedFields } from './sip-compare';

/** TCP ports tested by default: SIP over TCP, SIP over TLS, the 3CX tunnel. */
export const DEFAULT_TCP_PORTS: readonly number[] = [5060, 5061, 5090];

/** What the user chose (`--no-sip`, `--tcp-ports SPEC|none`). */
export interface OursOptions {
  sip: boolean;
  /** Ports for the TCP forward test; null: the default ones the server offers; empty: none. */
  tcpPorts: readonly number[] | null;
  /** Sockets; the real ones when absent (tests pass fakes). */
  net?: OursNet;
  /** Local port of the SIP test (5060 when absent). */
  sipLocalPort?: number;
}

/** The chosen server as the run learns it. */
export interface ChosenServer {
  primary: Endpoint;
  capabilities?: Capabilities | null;
}

/** Runs the SIP and TCP tests against `server` when it is ours; adds their results to `report`. */
export async function runOursStep(
  report: Report,
  server: ChosenServer | null,
  options: OursOptions,
  deps: { clock: Clock; signal?: AbortSignal },
): Promise<void> {
  const offer = server?.capabilities;
  if (!server || !offer || report.code === 'CANCELLED' || report.server === null) return;
  const net = options.net ?? nodeNet;
  const common = { net, clock: deps.clock, signal: deps.signal };
  const address = server.primary.address;
  // TCP forwards first: the SIP test over TCP leaves a closing connection on local port 5060
  // behind, which on some systems keeps a listener off that port for a while.
  const wanted = options.tcpPorts ?? DEFAULT_TCP_PORTS.filter((p) => offer.allowedPorts.includes(p));
  if (wanted.length > 0 && offer.connectBack && offer.controlPort > 0 && !deps.signal?.aborted) {
    const tcp = await runTcpForward(
      wanted,
      { control: { address, port: offer.controlPort }, allowed: offer.allowedPorts },
      common,
    );
    addPorts(report, tcp);
  }
  if (options.sip && offer.sipPort > 0 && (offer.sipUdp || offer.sipTcp) && !deps.signal?.aborted) {
    const sip: SipResult[] = [];
    const echo = { address, port: offer.sipPort };
    const test = { ...common, localPort: options.sipLocalPort };
    if (offer.sipUdp) sip.push(await runSipTest('udp', echo, test));
    if (offer.sipTcp) sip.push(await runSipTest('tcp', echo, test));
    report.sip = sip;
  }
}

/** Appends TCP results; recounts the summary; a run that passed everything passes only if they do too. */
function addPorts(report: Report, tcp: Report['ports']): void {
  report.ports.push(...tcp);
  const list = report.ports;
  report.summary = {
    total: list.length,
    passed: list.filter((r) => r.code === 'PASS').length,
    failed: list.filter((r) => isPortFailure(r.code)).length,
    notTested: list.filter((r) => isUntested(r.code)).length,
  };
  const tcpFailed = tcp.some((r) => isPortFailure(r.code) || isUntested(r.code));
  const tcpPassed = tcp.some((r) => r.code === 'PASS');
  if (report.code === 'ALL_PASSED' && tcpFailed) report.code = 'SOME_FAILED';
  if (report.code === 'ALL_FAILED' && (tcpPassed || tcp.some((r) => isUntested(r.code)))) report.code = 'SOME_FAILED';
}
