/**
 * The whole surface between the renderer and the Electron main process.
 *
 * Deliberately tiny (design.md §1): all data goes over the HTTP API, so the bridge only carries
 * what a browser cannot do (reveal a file in the OS file manager) and a few native-menu signals.
 * The renderer should treat `window.milevault` as optional and feature-detect `isDesktop`.
 *
 * The sandboxed preload (preload.cts) cannot import runtime values from here (sandboxed preloads
 * may only `require('electron')`), so it repeats the channel strings and type-checks them against
 * `IpcChannel`.
 */

export const IPC_CHANNELS = {
  /** renderer → main (invoke): reveal a file inside the data folder. Resolves to true when shown. */
  revealInFolder: 'milevault:reveal-in-folder',
  /** main → renderer: files were handed to POST /api/v1/imports (menu or Garmin watch). */
  importStarted: 'milevault:import-started',
  /** main → renderer: a native menu item the renderer must act on (it knows the current view). */
  menuCommand: 'milevault:menu-command',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

export type ImportSource = 'menu' | 'garmin';

export interface ImportStartedInfo {
  /** Import job id from the API; the renderer polls GET /api/v1/imports/:id for progress. */
  jobId: string | null;
  fileCount: number;
  source: ImportSource;
}

/**
 * `reveal-original`: the renderer shows the current activity's original file with
 * `revealInFolder(path)` (the path comes from the API; relative paths are taken from the data folder).
 */
export type MenuCommand = 'reveal-original';

/** What `window.milevault` looks like in the desktop app (absent in a plain browser). */
export interface MilevaultBridge {
  readonly isDesktop: true;
  /** Absolute path inside the data folder, or a path relative to it. Anything else is refused. */
  revealInFolder(path: string): Promise<boolean>;
  /** Returns an unsubscribe function. */
  onImportStarted(cb: (info: ImportStartedInfo) => void): () => void;
  /** Returns an unsubscribe function. */
  onMenuCommand(cb: (command: MenuCommand) => void): () => void;
}
