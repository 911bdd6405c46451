/**
 * Remembers the main window's size and position in a small JSON file in userData.
 * A saved position is used only if it still lands on a connected display (a laptop unplugged from
 * its external monitor must not open the window off-screen).
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_SIZE = { width: 800, height: 560 };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function intersects(a: Bounds, b: Bounds): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Validates parsed JSON against the displays' work areas; falls back to defaults piece by piece. */
export function sanitizeWindowState(raw: unknown, workAreas: Bounds[]): WindowState {
  if (!raw || typeof raw !== 'object') return { ...DEFAULT_WINDOW_STATE };
  const r = raw as Record<string, unknown>;
  const width = isNum(r.width) ? Math.max(MIN_SIZE.width, Math.round(r.width)) : DEFAULT_WINDOW_STATE.width;
  const height = isNum(r.height) ? Math.max(MIN_SIZE.height, Math.round(r.height)) : DEFAULT_WINDOW_STATE.height;
  const state: WindowState = { width, height, maximized: r.maximized === true };
  if (isNum(r.x) && isNum(r.y)) {
    const bounds = { x: Math.round(r.x), y: Math.round(r.y), width, height };
    if (workAreas.some((area) => intersects(bounds, area))) {
      state.x = bounds.x;
      state.y = bounds.y;
    }
  }
  return state;
}

export async function loadWindowState(file: string, workAreas: Bounds[]): Promise<WindowState> {
  try {
    return sanitizeWindowState(JSON.parse(await readFile(file, 'utf8')), workAreas);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

export async function saveWindowState(file: string, bounds: Bounds, maximized: boolean): Promise<void> {
  const state: WindowState = { ...bounds, maximized };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(state), 'utf8');
}
