// Bundles the test server (main/server/entry.ts) into one file with no dependency outside node:,
// for the Dockerfile and the systemd unit: `node build/server/build.mjs [outfile]`
// (default out/server/serve.mjs). Uses esbuild, already a dev dependency.
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outfile = resolve(process.argv[2] ?? resolve(root, 'out/server/serve.mjs'));

await build({
  entryPoints: [resolve(root, 'main/server/entry.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  format: 'esm',
  // Anything but node: built-ins in the bundle would be a mistake: fail the build instead.
  external: [],
  logLevel: 'warning',
  legalComments: 'none',
  banner: { js: '// voip-fwcheck serve: the test server (bundled; sources in main/server/)' },
});
console.log(outfile);
