import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Files under the given files or folders (recursively, sorted, hidden entries skipped), as the CLI imports them. */
export async function listImportFiles(paths: string[]): Promise<{ name: string; path: string }[]> {
  const files: { name: string; path: string }[] = [];
  const walk = async (p: string) => {
    const st = await stat(p);
    if (st.isDirectory()) {
      for (const e of (await readdir(p)).sort()) if (!e.startsWith('.')) await walk(join(p, e));
    } else files.push({ name: basename(p), path: p });
  };
  for (const p of paths) await walk(p);
  return files;
}
