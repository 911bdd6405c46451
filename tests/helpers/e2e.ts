import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

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
