/**
 * Confines paths coming from the renderer to the data folder. The renderer is our own page, but it
 * renders user-supplied activity names and notes, so IPC arguments are treated as untrusted.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Absolute path of `candidate` (absolute, or relative to `root`) if it lies strictly inside `root`; otherwise null. */
export function resolveInsideDir(root: string, candidate: unknown): string | null {
  if (typeof candidate !== 'string' || candidate.trim() === '' || candidate.includes('\0')) return null;
  const base = resolve(root);
  const target = resolve(base, candidate);
  const rel = relative(base, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return target;
}
