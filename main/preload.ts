/**
 * Preload: exposes exactly one frozen object, `window.api`, implementing the typed contract in
 * shared/api.ts over IPC. Nothing else of Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, type VfcApi } from '../shared/api';

const subscribe =
  <T>(channel: string) =>
  (listener: (payload: T) => void): (() => void) => {
    const wrapped = (_event: IpcRendererEvent, payload: T) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.removeListener(channel, wrapped);
  };

const api: VfcApi = {
  appInfo: () => ipcRenderer.invoke(CHANNELS.appInfo),
  loadPreferences: () => ipcRenderer.invoke(CHANNELS.loadPreferences),
  savePreferences: (preferences) => ipcRenderer.invoke(CHANNELS.savePreferences, preferences),
  preflight: (ports) => ipcRenderer.invoke(CHANNELS.preflight, { ports }),
  startRun: (request) => ipcRenderer.invoke(CHANNELS.startRun, request),
  cancelRun: (runId) => ipcRenderer.invoke(CHANNELS.cancelRun, { runId }),
  onProgress: subscribe(CHANNELS.runProgress),
  onResults: subscribe(CHANNELS.runResults),
  onRunFinished: subscribe(CHANNELS.runFinished),
  saveBundle: (options) => ipcRenderer.invoke(CHANNELS.saveBundle, options),
  openLogFolder: () => ipcRenderer.invoke(CHANNELS.openLogFolder),
  log: (level, message) => ipcRenderer.invoke(CHANNELS.log, { level, message }),
};

contextBridge.exposeInMainWorld('api', Object.freeze(api));
