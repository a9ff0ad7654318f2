// Proves what can be proven about the release on a machine without Electron or installer tools:
// 1. electron-builder.yml validates against electron-builder's schema (a misspelt key fails);
// 2. a `--linux dir` build with a stand-in Electron produces an app.asar holding out/** and
//    package.json only: no sources, tests or development dependencies.
// Exits non-zero with the reason on any failure. Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const fail = (message) => {
  console.error(`release check: ${message}`);
  process.exit(1);
};

// 1. Schema.
const { getConfig, validateConfiguration } = require(
  join(root, 'node_modules/app-builder-lib/out/util/config/config.js'),
);
const { DebugLogger } = require(
  join(root, 'node_modules/builder-util/out/util.js').replace('util.js', 'DebugLogger.js'),
);
const config = await getConfig(root, null, null);
try {
  await validateConfiguration(config, new DebugLogger(false));
} catch (error) {
  fail(`electron-builder.yml does not validate: ${error.message}`);
}
console.log('release check: electron-builder.yml validates against the schema');

// A misspelt key must fail, or the check above proves nothing.
try {
  await validateConfiguration({ ...config, nsis: { ...config.nsis, oneClik: false } }, new DebugLogger(false));
  fail('a misspelt key (nsis.oneClik) was accepted: the schema check is not working');
} catch (error) {
  if (!/oneClik|Invalid configuration/i.test(String(error.message)))
    fail(`unexpected error for a misspelt key: ${error.message}`);
}
console.log('release check: a misspelt key is refused');

// 2. A --dir build with a stand-in Electron, then the asar listing.
if (!existsSync(join(root, 'out/main/index.js'))) fail('out/ is missing: run "npm run build" first');
const work = mkdtempSync(join(tmpdir(), 'vfc-release-'));
try {
  const stub = join(work, 'electron-stub');
  mkdirSync(stub);
  writeFileSync(join(stub, 'electron'), '#!/bin/sh\necho "stand-in Electron"\n');
  chmodSync(join(stub, 'electron'), 0o755);
  writeFileSync(join(stub, 'version'), '45.4.1');
  const output = join(work, 'dist');
  // Fuses are flipped inside the real Electron binary; a stand-in has none, so this build leaves
  // them out (the schema check above covers their configuration).
  const yaml = require(join(root, 'node_modules/js-yaml'));
  const dirConfig = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
  delete dirConfig.electronFuses;
  const configFile = join(work, 'electron-builder.dir.yml');
  writeFileSync(configFile, yaml.dump(dirConfig));
  execFileSync(
    join(root, 'node_modules/.bin/electron-builder'),
    [
      '--linux',
      'dir',
      '--publish',
      'never',
      '--config',
      configFile,
      `-c.electronDist=${stub}`,
      `-c.electronVersion=45.4.1`,
      `-c.directories.output=${output}`,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ELECTRON_BUILDER_OFFLINE: 'true' } },
  );
  const asarFile = join(output, 'linux-unpacked/resources/app.asar');
  if (!existsSync(asarFile)) fail('no app.asar was produced');
  const { listPackage } = require(join(root, 'node_modules/@electron/asar'));
  const entries = listPackage(asarFile).map((p) => p.replace(/\\/g, '/'));
  const bad = entries.filter((p) => !(p === '/package.json' || p === '/out' || p.startsWith('/out/')));
  if (bad.length) fail(`app.asar holds files outside out/**: ${bad.slice(0, 10).join(', ')}`);
  for (const needed of ['/out/main/index.js', '/out/preload/index.js', '/out/renderer/index.html']) {
    if (!entries.includes(needed)) fail(`app.asar lacks ${needed}`);
  }
  if (entries.some((p) => /\.map$|node_modules|\/test\/|\/main\/.*\.ts$/.test(p)))
    fail('app.asar holds sources, maps, tests or node_modules');
  const pkg = JSON.parse(
    require(join(root, 'node_modules/@electron/asar')).extractFile(asarFile, 'package.json').toString(),
  );
  if (pkg.devDependencies || pkg.scripts) fail('the packaged package.json still has scripts or devDependencies');
  console.log(`release check: app.asar holds ${entries.length} entries, all under out/ (plus a trimmed package.json)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
