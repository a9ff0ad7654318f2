import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Runtime libraries are devDependencies on purpose: electron-vite externalizes only
// `dependencies`, so @msimerson/stun (and binary-data's nested src/node_modules, which
// electron-builder would drop) and electron-log are bundled into out/main.
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: { index: resolve('main/index.ts'), cli: resolve('main/cli-entry.ts') },
      },
    },
  },
  preload: { build: { rolldownOptions: { input: { index: resolve('main/preload.ts') } } } },
  renderer: {
    root: 'renderer',
    build: { rolldownOptions: { input: { index: resolve('renderer/index.html') } } },
    plugins: [svelte({ configFile: resolve('svelte.config.mjs') })],
  },
});
