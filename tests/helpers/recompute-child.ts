/**
 * A MileVault process that starts a full recompute and reports its progress on stdout, one JSON
 * line per step, so a test can SIGKILL it mid-recompute (tests/api/jobs-durable.test.ts).
 * argv: <data dir> <ms added to each activity's metrics write (slows it enough to be killed mid-way)>.
 */
import { configFromEnv } from '../../server/config.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { createServices } from '../../server/start.js';
import type { JobDto } from '../../shared/jobs-api.js';

const [dataDir, delay] = process.argv.slice(2);
const services = await createServices({ ...configFromEnv({}), dataDir }, 1);
const analysis = services.storage.analysis;
const write = analysis.upsertMetrics.bind(analysis);
analysis.upsertMetrics = async (row) => {
  await new Promise((r) => setTimeout(r, Number(delay)));
  return write(row);
};
await services.imports.resumeUnfinished();
await services.autoIngest.start();
services.autoIngest.bus.subscribe(LOCAL_USER_ID, (e) => {
  const j = e.data as JobDto;
  if (e.type === 'job' && j.kind === 'recompute') console.log(JSON.stringify({ id: j.id, status: j.status, done: j.done, total: j.total }));
});
const job = services.analysis.jobs.start(LOCAL_USER_ID, { mode: 'full' });
console.log(JSON.stringify({ started: job.id }));
