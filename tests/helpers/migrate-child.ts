/**
 * A `migrate` run in its own process, for the resume test to kill (SIGKILL) part-way:
 *   node --import tsx tests/helpers/migrate-child.ts FROM_DIR TO_DIR
 * Commits one row per batch and prints a line per batch, so the parent can kill it mid-table.
 */
import { migrateData } from '../../server/services/backup/migrate-data.js';

const [from, to] = process.argv.slice(2);
await migrateData({
  from: { kind: 'sqlite', dataDir: from },
  to: { kind: 'sqlite', dataDir: to },
  fromFiles: from,
  toFiles: to,
  batchRows: 1,
  onProgress: (p) => {
    process.stdout.write(`${p.phase} ${p.table ?? ''} ${p.rows} ${p.files}\n`);
    // Slow enough for the parent to see the lines and kill us while rows are still being copied.
    const until = Date.now() + 5;
    while (Date.now() < until);
  },
});
process.stdout.write('done\n');
