/**
 * Electron entry point (package.json "main": dist/electron/main.js). Wiring only: every decision
 * lives in app-controller.ts and the modules it uses, which are tested with fakes.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, safeStorage, screen, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppController, type StartServer } from './app-controller.js';
import { createUsbApi, createUsbSyncTrigger } from './usb-sync-trigger.js';
// Type-only, erased at runtime: it keeps preload.cts in the TypeScript program, so `tsc` checks it
// and emits dist/electron/preload.cjs even though the tsconfig include globs only match *.ts.
import type { MilevaultBridge as _PreloadBridge } from './preload.cjs';

const here = dirname(fileURLToPath(import.meta.url));

// Loaded lazily: a second instance quits without loading the server and its native modules, and a
// broken native build (better-sqlite3 compiled for the wrong ABI) becomes an error dialog instead
// of a crash before anything is on screen.
// The bundled server (dist/app, scripts/bundle-server.mjs) loads in about half the time of the
// compiled tree; typed by the source it is built from.
const startServer: StartServer = async (opts) => {
  const mod = (await import(new URL('../app/start.js', import.meta.url).href)) as typeof import('../server/start.js');
  return mod.startServer(opts);
};

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
  Notification: Notification.isSupported() ? Notification : undefined,
  safeStorage,
  // The watch over USB: the server reads GARMIN/Activity and the wellness folders (Monitor, Sleep,
  // Metrics, HRVStatus, …) as a usb-sync job; this only notices the watch and asks for the sync.
  startGarminSync:
    process.env.MILEVAULT_GARMIN_SYNC === '0'
      ? undefined
      : async ({ serverUrl, token, notify, onError }) => {
          const trigger = createUsbSyncTrigger({
            api: createUsbApi({ baseUrl: serverUrl, token }),
            onSyncStarted: (d) => notify('Syncing your watch', `${d.model ?? 'Garmin watch'}: ${d.pending.activity} activity and ${d.pending.wellness} wellness file(s)`),
            onMtpOnly: (message, product) => notify(`${product ?? 'Garmin watch'} is connected but not readable as a drive`, message),
            onError,
          });
          trigger.start();
          return trigger;
        },
});

controller.start().catch((err: unknown) => {
  console.error('[milevault] startup failed', err);
  app.exit(1);
});
