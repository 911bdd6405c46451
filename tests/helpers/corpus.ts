import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared real-device corpus (../shared/corpus), read in place and never copied into the repo.
 * MILEVAULT_CORPUS overrides the location. Tests call `corpusDir()` and skip visibly when it is null.
 */
export function corpusDir(): string | null {
  const dir = resolve(process.env.MILEVAULT_CORPUS ?? join(process.cwd(), '..', 'shared', 'corpus'));
  return existsSync(dir) ? dir : null;
}

let warned = false;
/** Prints one visible line when the corpus is missing, so a skipped golden run is never silent. */
export function corpusOrWarn(): string | null {
  const dir = corpusDir();
  if (!dir && !warned) {
    warned = true;
    console.warn('[corpus] ../shared/corpus not found (set MILEVAULT_CORPUS): corpus tests are SKIPPED');
  }
  return dir;
}

/** All files below `sub` whose name matches `pattern`, sorted, as absolute paths. */
export function corpusFiles(sub: string, pattern: RegExp): string[] {
  const root = corpusDir();
  if (!root) return [];
  const base = join(root, sub);
  if (!existsSync(base)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (pattern.test(name)) out.push(p);
    }
  };
  walk(base);
  return out;
}
