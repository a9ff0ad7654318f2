/**
 * Preload: exposes exactly one object to the page. The typed API contract arrives with the
 * desktop window; for now it carries the platform only.
 */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('api', Object.freeze({ platform: process.platform }));
