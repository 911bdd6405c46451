/**
 * Desktop lifecycle: single-instance lock, in-process server on 127.0.0.1:0 with a per-launch
 * token, one hardened window, native menu, quit = close the server. Everything Electron is passed
 * in, so tests drive it with fakes; main.ts only wires the real modules.
 *
 * No business rules here (design.md §1): files go to the server's import API like any client's.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Dialog,
  IpcMain,
  IpcMainInvokeEvent,
  Menu,
  Shell,
  WebPreferences,
} from 'electron';
import { buildMenuTemplate, IMPORT_FILTERS } from './app-menu.js';
import { resolveInsideDir } from './data-path.js';
import { createImportClient, type ImportClient } from './import-client.js';
import { type DesktopNotifier, type NotificationCtor, startDesktopNotifications } from './desktop-notifications.js';
import { type SafeStorageLike, safeStorageEncryptor, type TokenEncryptor } from './safe-storage-encryptor.js';
import { IPC_CHANNELS, type ImportSource, type ImportStartedInfo, type MenuCommand } from './ipc-contract.js';
import { DEFAULT_WINDOW_STATE, loadWindowState, MIN_SIZE, saveWindowState, type Bounds } from './window-state.js';
import { hardenWebContents, isSameOrigin, restrictPermissions, type NavigationPolicy } from './window-security.js';

/** Mirrors server/start.ts; kept structural so this module type-checks and tests without the server. */
export interface StartServerOptions {
  host?: string;
  port?: number;
  dataDir: string;
  databaseUrl?: string;
  authToken?: string;
  rendererDir?: string;
  logger?: boolean;
  /** Seals Garmin Connect tokens (safeStorage on the desktop); absent → the server's AES-256-GCM. */
  tokenEncryptor?: TokenEncryptor;
}
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}
export type StartServer = (opts: StartServerOptions) => Promise<RunningServer>;

export interface GarminSyncContext {
  userDataDir: string;
  /** The in-process server and its launch token (the USB sync asks the server's /api/v1/usb). */
  serverUrl: string;
  token: string;
  importFiles(paths: string[]): Promise<void>;
  /** A system notification (e.g. "this watch is MTP-only: …"). */
  notify(title: string, body: string): void;
  onError(err: unknown): void;
}

export interface AppControllerDeps {
  app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'whenReady' | 'getPath' | 'quit' | 'exit'>;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  dialog: Pick<Dialog, 'showOpenDialog' | 'showErrorBox'>;
  shell: Pick<Shell, 'openExternal' | 'openPath' | 'showItemInFolder'>;
  Menu: Pick<typeof Menu, 'buildFromTemplate' | 'setApplicationMenu'>;
  ipcMain: Pick<IpcMain, 'handle'>;
  startServer: StartServer;
  preloadPath: string;
  rendererDir?: string;
  platform?: NodeJS.Platform;
  isDev?: boolean;
  randomToken?: () => string;
  /** Work areas of connected displays (electron `screen`, only usable after ready). */
  getWorkAreas?: () => Bounds[];
  fetch?: typeof fetch;
  /** System notifications for the server's `notification` events (electron Notification). */
  Notification?: NotificationCtor;
  /** Electron safeStorage: seals Garmin Connect tokens with the OS keychain when one is available. */
  safeStorage?: SafeStorageLike;
  /** Starts the Garmin watcher after the server is up; stopped on quit. */
  startGarminSync?: (ctx: GarminSyncContext) => Promise<{ stop(): void }>;
  log?: (message: string, err?: unknown) => void;
  /** Longest wait for the server to close on quit before quitting anyway. */
  closeTimeoutMs?: number;
}

export const LOOPBACK_HOST = '127.0.0.1';
export const PRODUCT_NAME = 'MileVault';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: true,
  };
}

export function launchUrl(serverUrl: string, token: string): string {
  const url = new URL('/auth/launch', serverUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not close within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createAppController(deps: AppControllerDeps) {
  const { app, dialog, shell, ipcMain } = deps;
  const platform = deps.platform ?? process.platform;
  const isDev = deps.isDev ?? false;
  const log = deps.log ?? ((message: string, err?: unknown) => console.error(`[milevault] ${message}`, err ?? ''));
  const token = (deps.randomToken ?? (() => randomBytes(32).toString('hex')))();

  let server: RunningServer | null = null;
  let win: BrowserWindow | null = null;
  let importer: ImportClient | null = null;
  let garmin: { stop(): void } | null = null;
  let notifier: DesktopNotifier | null = null;
  let serverClosed = false;
  let closing: Promise<void> | null = null;
  let dataDir = '';
  let opening: Promise<unknown> | null = null;

  const policy: NavigationPolicy = {
    origin: () => (server ? new URL(server.url).origin : null),
    openExternal: (url) => shell.openExternal(url),
  };

  function focusWindow(): void {
    if (!win) {
      // macOS keeps running with no window; a relaunch from the Dock or a file manager reopens it.
      if (server && !opening) {
        opening = createWindow()
          .catch((err) => log('could not open window', err))
          .finally(() => (opening = null));
      }
      return;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  function send(channel: string, payload: ImportStartedInfo | MenuCommand): void {
    if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
  }

  async function importFiles(paths: string[], source: ImportSource): Promise<void> {
    if (!importer) throw new Error('server is not running');
    const job = await importer.importFiles(paths);
    send(IPC_CHANNELS.importStarted, { jobId: job?.id ?? null, fileCount: paths.length, source });
  }

  async function importFromDialog(): Promise<void> {
    const options = { title: 'Import activity files', properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[], filters: IMPORT_FILTERS };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (result.canceled || result.filePaths.length === 0) return;
    try {
      await importFiles(result.filePaths, 'menu');
    } catch (err) {
      dialog.showErrorBox('Import failed', messageOf(err));
    }
  }

  async function openDataFolder(): Promise<void> {
    const error = await shell.openPath(dataDir);
    if (error) dialog.showErrorBox('Could not open the data folder', error);
  }

  function isTrustedSender(event: IpcMainInvokeEvent): boolean {
    const origin = policy.origin();
    const frameUrl = event.senderFrame?.url;
    return origin !== null && typeof frameUrl === 'string' && isSameOrigin(frameUrl, origin);
  }

  async function revealInFolder(event: IpcMainInvokeEvent, candidate: unknown): Promise<boolean> {
    if (!isTrustedSender(event)) return false;
    const target = resolveInsideDir(dataDir, candidate);
    if (!target) return false;
    try {
      await access(target);
    } catch {
      return false;
    }
    shell.showItemInFolder(target);
    return true;
  }

  async function createWindow(): Promise<BrowserWindow> {
    if (!server) throw new Error('server is not running');
    const stateFile = join(app.getPath('userData'), 'window-state.json');
    const state = deps.getWorkAreas ? await loadWindowState(stateFile, deps.getWorkAreas()) : { ...DEFAULT_WINDOW_STATE };
    const w = new deps.BrowserWindow({
      title: PRODUCT_NAME,
      width: state.width,
      height: state.height,
      ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
      minWidth: MIN_SIZE.width,
      minHeight: MIN_SIZE.height,
      show: false,
      backgroundColor: '#0f172a',
      webPreferences: secureWebPreferences(deps.preloadPath),
    });
    win = w;
    hardenWebContents(w.webContents, policy);
    restrictPermissions(w.webContents.session, policy);
    if (state.maximized) w.maximize();
    w.once('ready-to-show', () => w.show());
    w.on('close', () => {
      saveWindowState(stateFile, w.getNormalBounds(), w.isMaximized()).catch((err) => log('could not save window state', err));
    });
    w.on('closed', () => {
      if (win === w) win = null;
    });
    // The server answers /auth/launch with an HttpOnly session cookie and a redirect to `/`,
    // so the token lives only in this process and in that cookie, never in page script.
    try {
      await w.loadURL(launchUrl(server.url, token));
    } catch (err) {
      log('window failed to load', err);
    }
    return w;
  }

  function onWillQuit(event: { preventDefault(): void }): void {
    garmin?.stop();
    garmin = null;
    notifier?.stop();
    notifier = null;
    if (serverClosed || !server) return;
    // Hold the quit until the server has flushed and closed its database, then quit for real.
    event.preventDefault();
    if (closing) return;
    const running = server;
    closing = withTimeout(running.close(), deps.closeTimeoutMs ?? 5000)
      .catch((err) => log('server close failed', err))
      .finally(() => {
        serverClosed = true;
        app.quit();
      });
  }

  async function start(): Promise<boolean> {
    if (!app.requestSingleInstanceLock()) {
      // Another MileVault owns the data folder (SQLite allows one writer): hand over and leave.
      app.quit();
      return false;
    }
    app.on('second-instance', () => focusWindow());
    app.on('window-all-closed', () => {
      if (platform !== 'darwin') app.quit();
    });
    app.on('activate', () => focusWindow());
    app.on('will-quit', onWillQuit);

    await app.whenReady();
    dataDir = join(app.getPath('userData'), 'data');
    ipcMain.handle(IPC_CHANNELS.revealInFolder, revealInFolder);

    try {
      await mkdir(dataDir, { recursive: true });
      // After ready: safeStorage needs the app (and on Linux the secret service) to be up.
      const tokenEncryptor = deps.safeStorage ? safeStorageEncryptor(deps.safeStorage, platform) : null;
      server = await deps.startServer({
        host: LOOPBACK_HOST,
        port: 0,
        dataDir,
        authToken: token,
        rendererDir: deps.rendererDir,
        logger: isDev,
        ...(tokenEncryptor ? { tokenEncryptor } : {}),
      });
    } catch (err) {
      log('server failed to start', err);
      dialog.showErrorBox(`${PRODUCT_NAME} could not start`, messageOf(err));
      app.exit(1);
      return false;
    }
    importer = createImportClient({ baseUrl: server.url, token, fetch: deps.fetch });

    const menu = buildMenuTemplate(
      {
        importFiles: () => void importFromDialog(),
        openDataFolder: () => void openDataFolder(),
        revealOriginal: () => send(IPC_CHANNELS.menuCommand, 'reveal-original'),
      },
      { platform, isDev, productName: PRODUCT_NAME },
    );
    deps.Menu.setApplicationMenu(deps.Menu.buildFromTemplate(menu));

    await createWindow();

    const Note = deps.Notification;
    if (Note) notifier = startDesktopNotifications({ baseUrl: server.url, token, Notification: Note, onClick: () => focusWindow(), fetch: deps.fetch, log });

    if (deps.startGarminSync) {
      garmin = await deps
        .startGarminSync({
          userDataDir: app.getPath('userData'),
          serverUrl: server.url,
          token,
          notify: (title, body) => {
            if (Note) new Note({ title, body }).show();
          },
          importFiles: (paths) => importFiles(paths, 'garmin'),
          onError: (err) => log('Garmin sync', err),
        })
        .catch((err) => {
          log('Garmin sync did not start', err);
          return null;
        });
    }
    return true;
  }

  return {
    start,
    /** For tests and main.ts diagnostics. */
    get window() {
      return win;
    },
    get server() {
      return server;
    },
    get token() {
      return token;
    },
    get dataDir() {
      return dataDir;
    },
    /** Resolves once a quit-triggered server close has finished. */
    whenClosed: () => closing ?? Promise.resolve(),
    importFiles,
    importFromDialog,
  };
}

export type AppController = ReturnType<typeof createAppController>;
