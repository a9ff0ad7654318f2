/**
 * Process entry of the command line: wires the real stdout, stderr, environment and Ctrl-C to
 * `cliMain`, then exits with its code once every socket is closed.
 */
import { cliMain } from './cli';
import { ignoreOutputErrors, onInterrupt } from './cli/interrupts';
import { defaultHistoryDir } from './history';
import { defaultLogDir } from './logging';
import { version } from '../package.json';

ignoreOutputErrors(process);
cliMain(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  version,
  logDir: defaultLogDir(process.platform, process.env),
  historyDir: defaultHistoryDir(process.platform, process.env),
  // VOIP_FWCHECK_PATH=off: no path step (the test suites set it: it talks to the real gateway).
  pathProbe: process.env.VOIP_FWCHECK_PATH !== 'off',
  onInterrupt: (handler) => onInterrupt(process, handler),
})
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`voip-fwcheck: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 70;
  });
