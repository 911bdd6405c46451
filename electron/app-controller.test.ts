/**
 * The desktop lifecycle driven by a fake Electron (no binary is launched): every Electron module
 * the controller uses is injected, and the fakes record what the controller asked for.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppController, type AppControllerDeps, type RunningServer, type StartServerOptions } from './app-controller.js';

type Handler = (...args: any[]) => unknown;

class FakeEmitter {
  readonly handlers = new Map<string, Handler[]>();
  on(name: string, fn: Handler): this {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Handler): this {
    return this.on(name, fn);
  }
  emit(name: string, ...args: unknown[]): void {
    for (const fn of this.handlers.get(name) ?? []) fn(...args);
  }
}

class FakeWebContents extends FakeEmitter {
  readonly sent: [string, unknown][] = [];
  openHandler?: Handler;
  readonly session = { setPermissionRequestHandler: vi.fn() };
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(fn: Handler): void {
    this.openHandler = fn;
  }
}

class FakeWindow extends FakeEmitter {
  static instances: FakeWindow[] = [];
  readonly webContents = new FakeWebContents();
  minimized = false;
  readonly loadURL = vi.fn(async (_url: string) => undefined);
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly maximize = vi.fn();
  constructor(readonly options: Record<string, any>) {
    super();
    FakeWindow.instances.push(this);
  }
  isMinimized = () => this.minimized;
  isMaximized = () => false;
  isDestroyed = () => false;
  getNormalBounds = () => ({ x: 40, y: 30, width: 1111, height: 777 });
}

function fakeApp(userData: string, hasLock = true) {
  const app = new FakeEmitter() as FakeEmitter & Record<string, any>;
  app.requestSingleInstanceLock = vi.fn(() => hasLock);
  app.whenReady = vi.fn(async () => undefined);
  app.getPath = vi.fn((name: string) => (name === 'userData' ? userData : `/nonexistent/${name}`));
  app.quit = vi.fn();
  app.exit = vi.fn();
  return app;
}

const SERVER_URL = 'http://127.0.0.1:43117';

function setup(userData: string, overrides: Partial<AppControllerDeps> & { hasLock?: boolean } = {}) {
  const app = fakeApp(userData, overrides.hasLock ?? true);
  const server: RunningServer & { close: ReturnType<typeof vi.fn> } = { url: SERVER_URL, port: 43117, close: vi.fn(async () => undefined) };
  const startServer = vi.fn(async (_opts: StartServerOptions) => server);
  const ipcHandlers = new Map<string, Handler>();
  let menuTemplate: MenuItemConstructorOptions[] = [];
  const deps = {
    app,
    BrowserWindow: FakeWindow,
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })), showErrorBox: vi.fn() },
    shell: { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => ''), showItemInFolder: vi.fn() },
    Menu: {
      buildFromTemplate: vi.fn((t: MenuItemConstructorOptions[]) => ((menuTemplate = t), { template: t })),
      setApplicationMenu: vi.fn(),
    },
    ipcMain: { handle: vi.fn((ch: string, fn: Handler) => ipcHandlers.set(ch, fn)) },
    startServer,
    preloadPath: '/app/dist/electron/preload.cjs',
    rendererDir: '/app/dist/renderer',
    platform: 'linux' as NodeJS.Platform,
    log: vi.fn(),
    ...overrides,
  } as unknown as AppControllerDeps;
  const controller = createAppController(deps);
  const menuItem = (id: string) => {
    const all = menuTemplate.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    return all.find((i) => i.id === id)!;
  };
  return { controller, app, server, startServer, deps: deps as any, ipcHandlers, menuItem };
}

describe('app controller', () => {
  let userData: string;
  beforeEach(async () => {
    FakeWindow.instances = [];
    userData = await mkdtemp(join(tmpdir(), 'mv-userdata-'));
  });
  afterEach(async () => {
    await rm(userData, { recursive: true, force: true });
  });

  it('a second instance quits without starting a server or opening a window', async () => {
    const { controller, app, startServer } = setup(userData, { hasLock: false } as never);
    expect(await controller.start()).toBe(false);
    expect(app.quit).toHaveBeenCalled();
    expect(startServer).not.toHaveBeenCalled();
    expect(FakeWindow.instances).toHaveLength(0);
  });

  it('the first instance focuses (and restores) its window when a second one is launched', async () => {
    const { controller, app } = setup(userData);
    await controller.start();
    const win = FakeWindow.instances[0]!;
    win.minimized = true;
    app.emit('second-instance', {}, ['milevault'], '/');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('starts the server on 127.0.0.1, port 0, with a 64-hex-char token and the userData data dir', async () => {
    const { controller, startServer } = setup(userData);
    expect(await controller.start()).toBe(true);
    expect(startServer).toHaveBeenCalledTimes(1);
    const opts = startServer.mock.calls[0]![0];
    expect(opts.host).toBe('127.0.0.1');
    expect(opts.port).toBe(0);
    expect(opts.authToken).toMatch(/^[0-9a-f]{64}$/);
    expect(opts.dataDir).toBe(join(userData, 'data'));
    expect(opts.rendererDir).toBe('/app/dist/renderer');
    expect(opts.databaseUrl).toBeUndefined();
    expect(existsSync(opts.dataDir)).toBe(true);
  });

  it('uses a fresh token per launch', async () => {
    const a = setup(userData);
    const b = setup(userData);
    expect(a.controller.token).not.toBe(b.controller.token);
  });

  it('opens the window on /auth/launch with that token', async () => {
    const { controller, startServer } = setup(userData);
    await controller.start();
    const token = startServer.mock.calls[0]![0].authToken;
    const win = FakeWindow.instances[0]!;
    expect(win.loadURL).toHaveBeenCalledWith(`${SERVER_URL}/auth/launch?token=${token}`);
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalled();
  });

  it('creates the window with secure webPreferences and the preload', async () => {
    const { controller } = setup(userData);
    await controller.start();
    const prefs = FakeWindow.instances[0]!.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/dist/electron/preload.cjs',
    });
    expect(FakeWindow.instances[0]!.webContents.session.setPermissionRequestHandler).toHaveBeenCalled();
  });

  it('blocks navigation to another origin and opens http(s) links in the OS browser', async () => {
    const { controller, deps } = setup(userData);
    await controller.start();
    const contents = FakeWindow.instances[0]!.webContents;
    const navigate = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault;
    };
    expect(navigate(`${SERVER_URL}/activities/3`)).not.toHaveBeenCalled();
    expect(navigate('https://example.com/')).toHaveBeenCalled();
    expect(deps.shell.openExternal).toHaveBeenCalledWith('https://example.com/');
    expect(navigate('file:///etc/passwd')).toHaveBeenCalled();
    expect(deps.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(contents.openHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });

  it('on quit, holds the quit, closes the server, then quits for real', async () => {
    const stop = vi.fn();
    const { controller, app, server } = setup(userData, { startGarminSync: async () => ({ stop }) });
    await controller.start();

    const event = { preventDefault: vi.fn() };
    app.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(stop).toHaveBeenCalled();
    await controller.whenClosed();
    expect(server.close).toHaveBeenCalledTimes(1);
    expect(app.quit).toHaveBeenCalledTimes(1);

    const second = { preventDefault: vi.fn() };
    app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(server.close).toHaveBeenCalledTimes(1);
  });

  it('quits anyway when the server does not close in time', async () => {
    const { controller, app, server } = setup(userData, { closeTimeoutMs: 20 });
    server.close.mockImplementation(() => new Promise(() => undefined));
    await controller.start();
    app.emit('will-quit', { preventDefault: vi.fn() });
    await controller.whenClosed();
    expect(app.quit).toHaveBeenCalled();
  });

  it('quits when the last window closes, except on macOS', async () => {
    const linux = setup(userData);
    await linux.controller.start();
    linux.app.emit('window-all-closed');
    expect(linux.app.quit).toHaveBeenCalled();

    const mac = setup(userData, { platform: 'darwin' });
    await mac.controller.start();
    mac.app.emit('window-all-closed');
    expect(mac.app.quit).not.toHaveBeenCalled();

    // Dock click / relaunch with no window open reopens one.
    const before = FakeWindow.instances.length;
    FakeWindow.instances.at(-1)!.emit('closed');
    mac.app.emit('activate');
    await vi.waitFor(() => expect(FakeWindow.instances).toHaveLength(before + 1));
  });

  it('shows an error and exits when the server cannot start', async () => {
    const { controller, app, deps } = setup(userData, {
      startServer: async () => {
        throw new Error('better-sqlite3 was compiled against a different Node.js version');
      },
    });
    expect(await controller.start()).toBe(false);
    expect(deps.dialog.showErrorBox).toHaveBeenCalledWith('MileVault could not start', expect.stringContaining('better-sqlite3'));
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(FakeWindow.instances).toHaveLength(0);
  });

  it('Import files… sends the chosen files to POST /api/v1/imports with the bearer token and tells the renderer', async () => {
    const files = [join(userData, 'a.fit'), join(userData, 'b.gpx')];
    for (const f of files) await writeFile(f, 'data');
    const fetchMock = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      Response.json({ id: 'job-9', status: 'queued', done: 0, total: 2, createdAt: '', files: [] }, { status: 202 }),
    );
    const { controller, deps, menuItem } = setup(userData, { fetch: fetchMock as unknown as typeof fetch });
    deps.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: files });
    await controller.start();

    (menuItem('import-files').click as () => void)();
    await vi.waitFor(() => expect(FakeWindow.instances[0]!.webContents.sent).toHaveLength(1));

    const dialogOpts = deps.dialog.showOpenDialog.mock.calls[0]![1];
    expect(dialogOpts.properties).toEqual(expect.arrayContaining(['openFile', 'multiSelections']));
    expect(dialogOpts.filters[0].extensions).toEqual(expect.arrayContaining(['fit', 'gpx', 'tcx', 'zip', 'gz']));
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(String(url)).toBe(`${SERVER_URL}/api/v1/imports`);
    expect(init!.method).toBe('POST');
    expect((init!.headers as Record<string, string>).authorization).toBe(`Bearer ${controller.token}`);
    expect((init!.body as FormData).getAll('files')).toHaveLength(2);
    expect(FakeWindow.instances[0]!.webContents.sent[0]).toEqual(['milevault:import-started', { jobId: 'job-9', fileCount: 2, source: 'menu' }]);
  });

  it('reports a failed import in a dialog', async () => {
    await writeFile(join(userData, 'x.fit'), 'x');
    const fetchMock = vi.fn(async () => Response.json({ error: { code: 'unauthorized', message: 'Bad token' } }, { status: 401 }));
    const { controller, deps, menuItem } = setup(userData, { fetch: fetchMock as unknown as typeof fetch });
    deps.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [join(userData, 'x.fit')] });
    await controller.start();
    (menuItem('import-files').click as () => void)();
    await vi.waitFor(() => expect(deps.dialog.showErrorBox).toHaveBeenCalledWith('Import failed', 'Bad token'));
  });

  it('Open data folder and Reveal original', async () => {
    const { controller, deps, menuItem } = setup(userData);
    await controller.start();
    (menuItem('open-data-folder').click as () => void)();
    expect(deps.shell.openPath).toHaveBeenCalledWith(join(userData, 'data'));
    (menuItem('reveal-original').click as () => void)();
    expect(FakeWindow.instances[0]!.webContents.sent).toContainEqual(['milevault:menu-command', 'reveal-original']);
  });

  it('revealInFolder only reveals existing files inside the data folder, for the app page only', async () => {
    const { controller, deps, ipcHandlers } = setup(userData);
    await controller.start();
    const original = join(userData, 'data', 'originals', 'ab', 'abc.fit');
    await mkdir(join(original, '..'), { recursive: true });
    await writeFile(original, 'fit');
    const reveal = ipcHandlers.get('milevault:reveal-in-folder')!;
    const fromApp = { senderFrame: { url: `${SERVER_URL}/activities/1` } };

    expect(await reveal(fromApp, 'originals/ab/abc.fit')).toBe(true);
    expect(deps.shell.showItemInFolder).toHaveBeenCalledWith(original);
    expect(await reveal(fromApp, original)).toBe(true);
    expect(await reveal(fromApp, '../window-state.json')).toBe(false);
    expect(await reveal(fromApp, 'originals/missing.fit')).toBe(false);
    expect(await reveal({ senderFrame: { url: 'https://evil.example/' } }, 'originals/ab/abc.fit')).toBe(false);
    expect(await reveal({ senderFrame: null }, 'originals/ab/abc.fit')).toBe(false);
    expect(deps.shell.showItemInFolder).toHaveBeenCalledTimes(2);
  });

  it('remembers window size and position across launches', async () => {
    const first = setup(userData, { getWorkAreas: () => [{ x: 0, y: 0, width: 1920, height: 1080 }] });
    await first.controller.start();
    FakeWindow.instances[0]!.emit('close');
    await vi.waitFor(async () => expect(existsSync(join(userData, 'window-state.json'))).toBe(true));
    expect(JSON.parse(await readFile(join(userData, 'window-state.json'), 'utf8'))).toMatchObject({ width: 1111, height: 777 });

    FakeWindow.instances = [];
    const second = setup(userData, { getWorkAreas: () => [{ x: 0, y: 0, width: 1920, height: 1080 }] });
    await second.controller.start();
    expect(FakeWindow.instances[0]!.options).toMatchObject({ x: 40, y: 30, width: 1111, height: 777 });
  });

  it('Garmin sync uploads through the same import API, tagged as garmin', async () => {
    await writeFile(join(userData, 'W1.FIT'), 'w');
    const fetchMock = vi.fn(async () => Response.json({ id: 'job-g', status: 'queued', done: 0, total: 1, createdAt: '', files: [] }, { status: 202 }));
    let ctx: Parameters<NonNullable<AppControllerDeps['startGarminSync']>>[0] | undefined;
    const { controller } = setup(userData, {
      fetch: fetchMock as unknown as typeof fetch,
      startGarminSync: async (c) => ((ctx = c), { stop: () => undefined }),
    });
    await controller.start();
    expect(ctx!.userDataDir).toBe(userData);
    await ctx!.importFiles([join(userData, 'W1.FIT')]);
    expect(FakeWindow.instances[0]!.webContents.sent).toContainEqual(['milevault:import-started', { jobId: 'job-g', fileCount: 1, source: 'garmin' }]);
  });

  it('seals Garmin tokens with safeStorage, shows server notifications, and hands the USB sync the server URL and token', async () => {
    const safeStorage = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (t: string) => Buffer.from(`K${t}`),
      decryptString: (b: Buffer) => b.toString().slice(1),
    };
    const shown: { title: string; body: string }[] = [];
    class Note {
      constructor(readonly o: { title: string; body: string }) {}
      on() {
        return this;
      }
      show() {
        shown.push(this.o);
      }
    }
    // The event stream answers one notification, then ends.
    const fetch = vi.fn(async (url: string | URL) =>
      String(url).endsWith('/api/v1/events')
        ? new Response('event: notification\ndata: {"title":"Import failed","message":"disk full"}\n\n', { headers: { 'content-type': 'text/event-stream' } })
        : new Response('{}'),
    );
    let ctx: Parameters<NonNullable<AppControllerDeps['startGarminSync']>>[0] | undefined;
    const startGarminSync: AppControllerDeps['startGarminSync'] = async (c) => ((ctx = c), { stop: () => undefined });
    const { controller, startServer, app } = setup(userData, { safeStorage, Notification: Note, fetch, startGarminSync } as never);
    await controller.start();
    const enc = startServer.mock.calls[0]![0].tokenEncryptor!;
    expect(enc.kind).toBe('electron-safe-storage');
    expect(enc.decrypt(enc.encrypt('oauth'))).toBe('oauth');
    await vi.waitFor(() => expect(shown).toContainEqual({ title: 'Import failed', body: 'disk full' }));
    expect(String(fetch.mock.calls[0]![0])).toBe(`${SERVER_URL}/api/v1/events`);
    expect(ctx).toMatchObject({ serverUrl: SERVER_URL, token: controller.token });
    ctx!.notify('fenix 7 is connected but not readable as a drive', 'MTP');
    expect(shown.at(-1)!.title).toMatch(/fenix 7/);
    app.emit('will-quit', { preventDefault: () => undefined });
  });
});
