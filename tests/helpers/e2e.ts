import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startServer } from '../../server/start.js';

/** Shared pieces of the browser tests (tests/e2e). The renderer is built once per run by renderer-global-setup.ts. */
export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless. Without the background-networking flags Chromium keeps trying
 * Google hosts that this closed network refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface E2ESession {
  readonly baseUrl: string;
  readonly page: Page;
  readonly context: BrowserContext;
  readonly shotsDir: string;
}

/**
 * Registers the hooks of a browser test file: one real server on a temp data dir (or
 * MILEVAULT_E2E_URL), one Chromium, and per test a fresh offline context whose page must not throw.
 * Screenshots go to MILEVAULT_E2E_SHOTS or a temp folder (printed at the end).
 */
export function useE2E(label: string): E2ESession {
  let browser: Browser | undefined;
  let server: { url: string; close(): Promise<void> } | null = null;
  let dataDir: string | null = null;
  let baseUrl = '';
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let pageErrors: string[] = [];
  const shotsDir = process.env.MILEVAULT_E2E_SHOTS ?? mkdtempSync(join(tmpdir(), `milevault-e2e-${label}-`));

  beforeAll(async () => {
    if (process.env.MILEVAULT_E2E_URL) baseUrl = process.env.MILEVAULT_E2E_URL.replace(/\/$/, '');
    else {
      dataDir = mkdtempSync(join(tmpdir(), 'milevault-e2e-'));
      server = await startServer({ host: '127.0.0.1', port: 0, dataDir, rendererDir: RENDERER_DIR, logger: false });
      baseUrl = server.url;
    }
    mkdirSync(shotsDir, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    console.log(`[e2e] screenshots in ${shotsDir}`);
  });

  beforeEach(async () => {
    context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    // The app must work offline: refuse every request that leaves our server (map tiles included),
    // so the track has to draw without tiles, deterministically and without waiting on DNS.
    await context.route('**/*', (route) => (route.request().url().startsWith(baseUrl) ? route.continue() : route.abort('internetdisconnected')));
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterEach(async () => {
    await context?.close();
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  });

  return {
    get baseUrl() {
      return baseUrl;
    },
    get page() {
      return page!;
    },
    get context() {
      return context!;
    },
    shotsDir,
  };
}
