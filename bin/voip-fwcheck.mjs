#!/usr/bin/env node
// The installed command: runs the bundled CLI built by `npm run build` (out/main/cli.js).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('voip-fwcheck: the command line is not built yet; run "npm run build" first\n');
  process.exit(70);
}
createRequire(import.meta.url)(cli);
