/**
 * `npx tsx test/bench/port-map.ts`: size and time of report.html's port map (SVG) for 10,000
 * ports, in three cases: every port passes, one port in ten fails (scattered), and every other
 * port fails (the worst case: one block per port). Prints a table; asserts nothing.
 */
import { renderPortMapSvg } from '../../main/bundle/port-map-svg';
import type { PortCode } from '../../shared/codes';

const PORTS = 10_000;
const FIRST = 20_000;

const CASES: Record<string, (port: number) => PortCode> = {
  'all pass': () => 'PASS',
  '1 in 10 fails': (port) => (port % 10 === 3 ? 'INBOUND_NO_RESPONSE' : 'PASS'),
  'every other fails': (port) => (port % 2 ? 'OUTBOUND_NO_RESPONSE' : 'PASS'),
};

for (const [name, codeOf] of Object.entries(CASES)) {
  const results = Array.from({ length: PORTS }, (_, i) => ({ port: FIRST + i, code: codeOf(FIRST + i) }));
  renderPortMapSvg(results, 'en'); // warm-up
  const times: number[] = [];
  let svg = '';
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    svg = renderPortMapSvg(results, 'en');
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const blocks = svg.match(/<g>/g)?.length ?? 0;
  console.log(
    `${name.padEnd(18)} ${String(blocks).padStart(6)} blocks  ${(Buffer.byteLength(svg) / 1024).toFixed(1).padStart(8)} KiB  median ${times[2]!.toFixed(1)} ms`,
  );
}
