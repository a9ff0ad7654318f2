/**
 * Runs the path step as the app will, inside the lab's PBX namespace: startPathProbe with the
 * real runner, sockets and HTTP, then the RFC 5780 §4.3 mapping test from port 5060, then the
 * findings; prints JSON. Usage: tsx test/lab/path-run.ts PRIMARY:PORT ALTERNATE:PORT
 *
 * The lab's documentation ranges get the roles they play there (RFC 5737 addresses are never
 * public in real life): 192.0.2.0/24 is the LAN and 198.51.100.0/24 the private link behind an ISP
 * box, both 'private'; 203.0.113.0/24 is the internet, 'public'; 100.64.0.0/10 stays 'shared'.
 */
import { ipScope, type IpScope } from '../../shared/address';
import { createProcessRunner } from '../../main/engine/host/runner';
import { testMappingBehaviour } from '../../main/engine/path/mapping-test';
import { pathReport, startPathProbe } from '../../main/engine/path/probe-path';
import { systemClock } from '../../main/engine/clock';
import { createNodeTransport } from '../../main/engine/transport';

const endpoint = (text: string | undefined) => {
  const [address, port] = (text ?? '').split(':');
  if (!address || !port) throw new Error('usage: path-run.ts PRIMARY:PORT ALTERNATE:PORT');
  return { address, port: Number(port) };
};

const labScope = (address: string): IpScope => {
  if (address.startsWith('192.0.2.') || address.startsWith('198.51.100.')) return 'private';
  if (address.startsWith('203.0.113.')) return 'public';
  return ipScope(address);
};

async function main(): Promise<void> {
  const server = { primary: endpoint(process.argv[2]), alternate: endpoint(process.argv[3]) };
  const transport = createNodeTransport();
  const probe = await startPathProbe({
    platform: 'linux',
    runner: createProcessRunner('linux'),
    transport,
    server,
  });
  const started = systemClock.now();
  const mapping = await testMappingBehaviour({ transport, clock: systemClock, server, port: 5060 });
  const mappingMs = Math.round(systemClock.now() - started);
  const publicAddress = mapping.mapped[0]?.address ?? null;
  const path = pathReport(probe, { publicAddress, ports: [{ port: 5060 }] }, mapping, { scopeOf: labScope });
  process.stdout.write(
    `${JSON.stringify({ path, gateway: probe.gateway, answers: probe.answers, publicAddress, mappingPort: mapping.port, probeMs: probe.durationMs, mappingMs })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
