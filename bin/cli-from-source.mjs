#!/usr/bin/env node
// `npm run cli`: the command line from this checkout's sources, through an esbuild bundle that is
// rebuilt whenever a source changed (tools/cli-bundle.mjs). The installed `voip-fwcheck` command
// (bin/voip-fwcheck.mjs) runs what `npm run build` made instead.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureBundle } from '../tools/cli-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
let bundle;
try {
  bundle = await ensureBundle(root);
} catch (error) {
  // esbuild has already printed what it could not compile, with file and line.
  const why = Array.isArray(error?.errors)
    ? 'see above'
    : error?.code === 'ERR_MODULE_NOT_FOUND'
      ? 'esbuild is not installed: run "npm ci" first'
      : String(error?.message ?? error);
  process.stderr.write(`voip-fwcheck: the command line could not be built from the sources (${why})\n`);
  process.exit(70);
}
// Stack traces of internal errors then name the .ts files and lines, as under tsx.
process.setSourceMapsEnabled(true);
createRequire(import.meta.url)(bundle);
