/**
 * Preload: exposes exactly one frozen object, `window.api`, built from the contract's table in
 * shared/api.ts (shared/api-client.ts checks every pushed event before the page sees it).
 * Nothing else of Electron or Node reaches the page. Sandboxed: it may require only `electron`;
 * electron-vite bundles the rest (valibot and the schemas) into it.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from '../shared/api-client';

contextBridge.exposeInMainWorld('api', createApi(ipcRenderer));
