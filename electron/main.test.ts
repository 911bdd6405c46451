/**
 * main.ts is wiring only; this checks it hands the real electron exports to the controller and
 * that a second instance leaves before loading the server module (no binary is launched).
 */
import { describe, expect, it, vi } from 'vitest';

const app = {
  isPackaged: true,
  requestSingleInstanceLock: vi.fn(() => false),
  quit: vi.fn(),
  exit: vi.fn(),
  on: vi.fn(),
  whenReady: vi.fn(async () => undefined),
  getPath: vi.fn(() => '/nonexistent'),
};
vi.mock('electron', () => ({
  app,
  BrowserWindow: vi.fn(),
  dialog: {},
  ipcMain: { handle: vi.fn() },
  Menu: {},
  Notification: { isSupported: () => false },
  safeStorage: {},
  screen: {},
  shell: {},
}));

describe('main entry', () => {
  it('takes the single-instance lock and quits when another instance holds it', async () => {
    await import('./main.js');
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(app.exit).not.toHaveBeenCalled();
  });
});
