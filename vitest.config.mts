import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

// No test writes the run history, the PBX stop marker or logs where the machine's own are: the
// CLI processes tests start inherit these (a test that needs its own folder sets its own).
const scratch = mkdtempSync(join(tmpdir(), 'vfc-tests-'));
process.env.VOIP_FWCHECK_DATA_DIR ??= join(scratch, 'data');
process.env.VOIP_FWCHECK_STATE_DIR ??= join(scratch, 'state');
process.env.VOIP_FWCHECK_LOG_DIR ??= join(scratch, 'logs');
// The CLI children never ask the machine's real router (the path step): labs run it in namespaces.
process.env.VOIP_FWCHECK_PATH ??= 'off';

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Pure code on fakes: one shared module graph instead of a fresh one per file (about half
          // the wall time on 2 cores).
          isolate: false,
        },
      },
      {
        plugins: [svelte({ configFile: resolve('svelte.config.mjs') }), svelteTesting()],
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'lab',
          include: ['test/lab/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
