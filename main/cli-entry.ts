/**
 * Process entry of the command line: wires the real stdout, stderr, environment and Ctrl-C to
 * `cliMain`, then exits with its code once every socket is closed.
 */
import { cliMain } from './cli';
import { version } from '../package.json';

let interrupts = 0;
cliMain(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  version,
  onInterrupt(handler) {
    const listener = (): void => {
      interrupts++;
      if (interrupts > 1) process.exit(130); // a second Ctrl-C: stop waiting
      handler();
    };
    process.on('SIGINT', listener);
    process.on('SIGTERM', listener);
    return () => {
      process.off('SIGINT', listener);
      process.off('SIGTERM', listener);
    };
  },
})
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`voip-fwcheck: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 70;
  });
