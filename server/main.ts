// The server process (npm start, Docker): `node dist/app/main.js`, the bundled entry (scripts/bundle-server.mjs).
// Kept apart from start.ts so that importing the server as a library (Electron, the CLI, tests) never starts one.
import { runServerMain } from './start.js';

runServerMain().catch((e: unknown) => {
  console.error(`MileVault could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
