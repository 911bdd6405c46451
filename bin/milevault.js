#!/usr/bin/env node
// `npx milevault …`: runs the CLI from source in a checkout (through tsx, so it is never stale),
// or from the build in an installed package.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'server', 'cli', 'main.ts');
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  // The bundled CLI (scripts/bundle-server.mjs) when the build made one, else the compiled tree.
  const bundled = join(root, 'dist', 'app', 'cli.js');
  await import(pathToFileURL(existsSync(bundled) ? bundled : join(root, 'dist', 'server', 'cli', 'main.js')).href);
}
