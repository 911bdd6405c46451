import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate } from './app-menu.js';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('app menu', () => {
  const actions = { importFiles: vi.fn(), openDataFolder: vi.fn(), revealOriginal: vi.fn() };

  it('has Import, Open data folder, Reveal original and Reload; DevTools only in dev', () => {
    const prod = flatten(buildMenuTemplate(actions, { platform: 'linux', isDev: false, productName: 'MileVault' }));
    const ids = prod.map((i) => i.id).filter(Boolean);
    expect(ids).toEqual(expect.arrayContaining(['import-files', 'open-data-folder', 'reveal-original', 'reload']));
    expect(prod.some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(prod.some((i) => i.role === 'appMenu')).toBe(false);

    const dev = flatten(buildMenuTemplate(actions, { platform: 'darwin', isDev: true, productName: 'MileVault' }));
    expect(dev.some((i) => i.role === 'toggleDevTools')).toBe(true);
    expect(dev[0]!.role).toBe('appMenu');
  });

  it('routes clicks to the actions', () => {
    const items = flatten(buildMenuTemplate(actions, { platform: 'win32', isDev: false, productName: 'MileVault' }));
    for (const id of ['import-files', 'open-data-folder', 'reveal-original']) {
      (items.find((i) => i.id === id)!.click as () => void)();
    }
    expect(actions.importFiles).toHaveBeenCalledOnce();
    expect(actions.openDataFolder).toHaveBeenCalledOnce();
    expect(actions.revealOriginal).toHaveBeenCalledOnce();
  });
});
