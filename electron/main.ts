/**
 * Electron entry point (package.json "main": dist/electron/main.js). Wiring only: every decision
 * lives in app-controller.ts and the modules it uses, which are tested with fakes.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, shell } from 'electron';
import { readdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppController, type StartServer } from './app-controller.js';
import { scanGarminVolumes, type VolumeEnv } from './garmin-volume.js';
import { startGarminWatcher } from './garmin-sync.js';
import { ImportRequestError } from './import-client.js';
// Type-only, erased at runtime: it keeps preload.cts in the TypeScript program, so `tsc` checks it
// and emits dist/electron/preload.cjs even though the tsconfig include globs only match *.ts.
import type { MilevaultBridge as _PreloadBridge } from './preload.cjs';

const here = dirname(fileURLToPath(import.meta.url));

// Loaded lazily: a second instance quits without loading the server and its native modules, and a
// broken native build (better-sqlite3 compiled for the wrong ABI) becomes an error dialog instead
// of a crash before anything is on screen.
const startServer: StartServer = async (opts) => {
  const mod = await import('../server/start.js');
  return mod.startServer(opts);
};

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? '';
  }
}

const volumeEnv: VolumeEnv = { platform: process.platform, user: currentUser() };

const controller = createAppController({
  app,
  BrowserWindow,
  dialog,
  shell,
  Menu,
  ipcMain,
  startServer,
  preloadPath: join(here, 'preload.cjs'),
  rendererDir: join(here, '..', 'renderer'),
  platform: process.platform,
  isDev: !app.isPackaged,
  getWorkAreas: () => screen.getAllDisplays().map((d) => d.workArea),
  startGarminSync:
    process.env.MILEVAULT_GARMIN_SYNC === '0'
      ? undefined
      : ({ userDataDir, importFiles, onError }) =>
          startGarminWatcher({
            scan: () => scanGarminVolumes(volumeEnv, (path) => readdir(path, { withFileTypes: true })),
            seenFile: join(userDataDir, 'garmin-seen.json'),
            upload: importFiles,
            isPermanentError: (err) => err instanceof ImportRequestError && err.permanent,
            onError,
          }),
});

controller.start().catch((err: unknown) => {
  console.error('[milevault] startup failed', err);
  app.exit(1);
});
