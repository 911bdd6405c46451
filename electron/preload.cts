/**
 * Sandboxed preload. Compiled to CommonJS (preload.cjs) on purpose: Electron runs sandboxed
 * preloads as plain scripts with a restricted `require` (only 'electron', 'events', 'timers',
 * 'url'), so it cannot be an ES module and cannot import local files at runtime. Type-only imports
 * are erased, which is how the channel names stay checked against ipc-contract.ts.
 *
 * Exposes `window.milevault` and nothing else. Callbacks never receive the IpcRendererEvent:
 * it carries `sender` (the ipcRenderer), which would hand the page raw IPC access.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ImportStartedInfo, IpcChannel, MenuCommand, MilevaultBridge } from './ipc-contract.js';

const REVEAL_IN_FOLDER = 'milevault:reveal-in-folder' satisfies IpcChannel;
const IMPORT_STARTED = 'milevault:import-started' satisfies IpcChannel;
const MENU_COMMAND = 'milevault:menu-command' satisfies IpcChannel;

function subscribe<T>(channel: IpcChannel, cb: (payload: T) => void): () => void {
  if (typeof cb !== 'function') throw new TypeError('callback must be a function');
  const listener = (_event: unknown, payload: T): void => cb(payload);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

const bridge: MilevaultBridge = {
  isDesktop: true,
  revealInFolder: (path: string) => ipcRenderer.invoke(REVEAL_IN_FOLDER, String(path)) as Promise<boolean>,
  onImportStarted: (cb) => subscribe<ImportStartedInfo>(IMPORT_STARTED, cb),
  onMenuCommand: (cb) => subscribe<MenuCommand>(MENU_COMMAND, cb),
};

contextBridge.exposeInMainWorld('milevault', bridge);

export type { MilevaultBridge };
