/**
 * Prints the owners of the ports given as arguments, as JSON, using the real runner and /proc.
 * Run by os-owners.test.ts as another user.
 */
import { findPortOwners } from '../../../main/engine/host/owners';
import { createProcessRunner, nodeFiles } from '../../../main/engine/host/runner';

const ports = process.argv.slice(2).map(Number);
findPortOwners({
  platform: 'linux',
  runner: createProcessRunner(),
  files: nodeFiles,
  ports,
  commands: [],
})
  .then((result) => process.stdout.write(JSON.stringify(result)))
  .catch((error: unknown) => {
    process.stderr.write(String(error));
    process.exitCode = 1;
  });
