// `npm start`: builds only what changed since the last build, so a second start takes a second,
// not the ~45 s of a full server + renderer build (wave 1 verification). A part is rebuilt when
// any of its sources (or its config) is newer than the stamp its last successful build left.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let n = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    n = Math.max(n, newest(join(path, e.name)));
  }
  return n;
}

// The server as `npm start` runs it is the bundle (scripts/bundle-server.mjs, ~2 s to make; it
// starts in about half the time of the compiled tree). The type-checked tsc tree (dist/server,
// dist/electron) is `npm run build`'s, for the desktop package and the installed CLI: a start
// after pulling changes does not wait ~20 s for it.
const parts = [
  { name: 'server', stamp: 'dist/.bundle-built', inputs: ['server', 'shared', 'package.json', 'scripts/bundle-server.mjs'], cmd: [process.execPath, ['scripts/bundle-server.mjs']] },
  { name: 'renderer', stamp: 'dist/renderer/index.html', inputs: ['renderer', 'shared', 'vite.config.ts', 'package.json'], cmd: ['npx', ['vite', 'build', '--logLevel', 'warn']] },
];

mkdirSync(join(root, 'dist'), { recursive: true });
for (const p of parts) {
  const stamp = join(root, p.stamp);
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const changed = Math.max(...p.inputs.map((i) => newest(join(root, i))));
  if (built >= changed) {
    console.log(`[build] ${p.name}: up to date`);
    continue;
  }
  console.log(`[build] ${p.name}: building…`);
  execFileSync(p.cmd[0], p.cmd[1], { cwd: root, stdio: 'inherit' });
  if (p.name !== 'renderer') writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
