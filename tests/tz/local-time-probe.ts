// Run by tests/golden/local-time.test.ts under several TZ values: imports files into a fresh data
// folder and prints what the API says of them, one JSON line, so the runs can be compared.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildApp } from '../../server/app.js';
import { configFromEnv } from '../../server/config.js';
import { createServices } from '../../server/start.js';
import { multipartBody } from '../helpers/test-app.js';

const files = process.argv.slice(2);
const dataDir = mkdtempSync(join(tmpdir(), 'milevault-tz-'));
const config = { ...configFromEnv({}), dataDir };
const services = await createServices(config, 1);
const app = await buildApp({ config, ...services, version: 'tz' });
try {
  const { payload, headers } = multipartBody(files.map((f) => ({ name: basename(f), bytes: readFileSync(f) })));
  const { id } = (await app.inject({ method: 'POST', url: '/api/v1/imports', payload, headers })).json() as { id: string };
  await services.imports.waitFor(id);
  const list = (await app.inject({ url: '/api/v1/activities?limit=100' })).json() as { items: { name: string; startTime: string; localStartTime: string | null; timeZone: string | null }[] };
  const out = [];
  for (const a of list.items.sort((x, y) => x.startTime.localeCompare(y.startTime))) {
    const day = a.localStartTime!.slice(0, 10);
    const cal = (await app.inject({ url: `/api/v1/calendar?month=${day.slice(0, 7)}` })).json() as { days: { date: string; activities?: unknown[]; count?: number }[] };
    const calDays = cal.days.filter((d) => (d.activities?.length ?? d.count ?? 0) > 0).map((d) => d.date);
    out.push({ name: a.name, startTime: a.startTime, localStartTime: a.localStartTime, timeZone: a.timeZone, calendarDays: calDays });
  }
  process.stdout.write(`${JSON.stringify({ tz: process.env.TZ, system: Intl.DateTimeFormat().resolvedOptions().timeZone, activities: out })}\n`);
} finally {
  await app.close();
  await services.close();
  rmSync(dataDir, { recursive: true, force: true });
}
