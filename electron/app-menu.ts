/**
 * The native menu as a plain template (testable without Electron). Actions are callbacks supplied
 * by the app controller; the menu itself decides nothing.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  importFiles(): void;
  openDataFolder(): void;
  revealOriginal(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  isDev: boolean;
  productName: string;
}

export function buildMenuTemplate(actions: MenuActions, opts: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = opts.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) template.push({ label: opts.productName, role: 'appMenu' });
  template.push(
    {
      label: '&File',
      submenu: [
        { id: 'import-files', label: 'Import files…', accelerator: 'CmdOrCtrl+O', click: () => actions.importFiles() },
        { type: 'separator' },
        { id: 'open-data-folder', label: 'Open data folder', click: () => actions.openDataFolder() },
        { id: 'reveal-original', label: 'Reveal original', accelerator: 'CmdOrCtrl+Shift+R', click: () => actions.revealOriginal() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    // Needed on macOS for copy/paste shortcuts to work in text fields at all.
    { label: '&Edit', role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { id: 'reload', role: 'reload' },
        ...(opts.isDev
          ? ([{ role: 'forceReload' }, { id: 'devtools', role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[])
          : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: '&Window', role: 'windowMenu' },
  );
  return template;
}

export const IMPORT_FILTERS = [
  // Linux GTK dialogs match extensions case-sensitively and watches write `.FIT`.
  { name: 'Activity files', extensions: ['fit', 'FIT', 'gpx', 'GPX', 'tcx', 'TCX', 'zip', 'ZIP', 'gz', 'GZ'] },
  { name: 'All files', extensions: ['*'] },
];
