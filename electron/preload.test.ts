import { readFile } from 'node:fs/promises';
import ts from 'typescript';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// A fake 'electron' module: the preload only touches contextBridge and ipcRenderer.
const exposed: Record<string, unknown> = {};
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
const ipcRenderer = {
  invoke: vi.fn(async (..._args: unknown[]) => true),
  on: vi.fn((ch: string, fn: (...args: unknown[]) => void) => {
    if (!listeners.has(ch)) listeners.set(ch, new Set());
    listeners.get(ch)!.add(fn);
  }),
  removeListener: vi.fn((ch: string, fn: (...args: unknown[]) => void) => {
    listeners.get(ch)?.delete(fn);
  }),
};
const fakeElectron = {
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer,
};

/**
 * Runs the preload the way Electron runs a sandboxed one: compiled to CommonJS, wrapped in a plain
 * function (no ESM), with a `require` that only knows 'electron'. This proves the emitted
 * preload.cjs works in the sandbox, not just that its logic is right.
 */
async function runAsSandboxedPreload(): Promise<void> {
  const source = await readFile(new URL('./preload.cts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: 'preload.cts',
  });
  const sandboxRequire = (name: string) => {
    if (name === 'electron') return fakeElectron;
    throw new Error(`module not found in sandboxed preload: ${name}`);
  };
  const exportsObj = {};
  const wrapped = new Function('require', 'process', 'Buffer', 'global', 'setImmediate', 'clearImmediate', 'exports', 'module', outputText);
  wrapped(sandboxRequire, {}, undefined, globalThis, setImmediate, clearImmediate, exportsObj, { exports: exportsObj });
}

const emit = (ch: string, payload: unknown) => listeners.get(ch)?.forEach((fn) => fn({ sender: ipcRenderer }, payload));

describe('preload', () => {
  beforeAll(async () => {
    await runAsSandboxedPreload();
  });

  it('exposes exactly the tiny window.milevault API', () => {
    const api = exposed.milevault as Record<string, unknown>;
    expect(Object.keys(exposed)).toEqual(['milevault']);
    expect(Object.keys(api).sort()).toEqual(['isDesktop', 'onImportStarted', 'onMenuCommand', 'revealInFolder']);
    expect(api.isDesktop).toBe(true);
  });

  it('revealInFolder invokes the main process with a string path', async () => {
    const api = exposed.milevault as { revealInFolder(p: unknown): Promise<boolean> };
    await expect(api.revealInFolder('originals/a.fit')).resolves.toBe(true);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('milevault:reveal-in-folder', 'originals/a.fit');
  });

  it('event callbacks get the payload but never the IPC event, and can unsubscribe', () => {
    const api = exposed.milevault as { onImportStarted(cb: (...a: unknown[]) => void): () => void };
    const cb = vi.fn();
    const off = api.onImportStarted(cb);
    emit('milevault:import-started', { jobId: 'j1', fileCount: 2, source: 'menu' });
    expect(cb).toHaveBeenCalledWith({ jobId: 'j1', fileCount: 2, source: 'menu' });
    expect(cb.mock.calls[0]).toHaveLength(1);
    off();
    emit('milevault:import-started', { jobId: 'j2', fileCount: 1, source: 'garmin' });
    expect(cb).toHaveBeenCalledTimes(1);
  });
});
