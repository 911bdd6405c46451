import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, loadWindowState, sanitizeWindowState, saveWindowState } from './window-state.js';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window state', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mv-winstate-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips size, position and maximized', async () => {
    const file = join(dir, 'nested', 'window-state.json');
    await saveWindowState(file, { x: 100, y: 50, width: 1400, height: 900 }, true);
    expect(await loadWindowState(file, screen)).toEqual({ x: 100, y: 50, width: 1400, height: 900, maximized: true });
  });

  it('falls back to defaults for a missing or corrupt file', async () => {
    expect(await loadWindowState(join(dir, 'none.json'), screen)).toEqual(DEFAULT_WINDOW_STATE);
    await writeFile(join(dir, 'bad.json'), '{not json');
    expect(await loadWindowState(join(dir, 'bad.json'), screen)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('drops a position that is on no connected display and enforces the minimum size', () => {
    const state = sanitizeWindowState({ x: 5000, y: 3000, width: 200, height: 100 }, screen);
    expect(state.x).toBeUndefined();
    expect(state.y).toBeUndefined();
    expect(state.width).toBeGreaterThanOrEqual(800);
    expect(state.height).toBeGreaterThanOrEqual(560);
    expect(sanitizeWindowState({ x: 'a', width: Number.NaN }, screen)).toEqual(DEFAULT_WINDOW_STATE);
  });
});
