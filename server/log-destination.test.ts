import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** Runs the writer child with a stdout pipe nobody reads; resolves with whether it finished writing. */
function writeUnread(mode: 'async' | 'sync'): Promise<boolean> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests', 'helpers', 'log-writer-child.ts'), mode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pause();
  return new Promise((ok) => {
    let err = '';
    const timer = setTimeout(() => (child.kill('SIGKILL'), ok(false)), 8_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('done')) (clearTimeout(timer), child.kill('SIGKILL'), ok(true));
    });
  });
}

/**
 * Issue 14: Node writes to a pipe synchronously, and pino's default destination sleeps in the
 * event loop while a full pipe is not read: a slow log reader (Docker's log driver, a supervisor)
 * froze every request. The server's destination never waits on the pipe.
 */
describe('request log destination', () => {
  it('8 MB of log lines go out without waiting for a reader that does not read', async () => {
    expect(await writeUnread('async')).toBe(true);
  }, 30_000);

  it('(the synchronous default, for contrast, waits for the reader)', async () => {
    expect(await writeUnread('sync')).toBe(false);
  }, 30_000);
});
