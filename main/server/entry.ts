/**
 * Stand-alone entry of the test server, for the bundle that the Dockerfile and the systemd unit
 * run (`node serve.mjs --primary … --alternate …`, built by build/server/build.mjs): no Electron
 * and no dependency outside node:. SIGINT and SIGTERM stop it cleanly (serveMain).
 */
import { serveMain } from './cli';

void serveMain(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
);
