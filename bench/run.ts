/**
 * `npm run bench [-- --only storage,import,analysis,routes,archive,health,live,timescale,server-load,watch] [--activities N] …`
 * prints tables of figures. Never part of `npm test`. Defaults are sized for a 2-core machine
 * (a few minutes in all); pass larger counts for the issue-sized runs noted in each table.
 */
const args = process.argv.slice(2);
const arg = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : null;
const want = (name: string) => !only || only.has(name);

if (want('storage')) await (await import('./storage.bench.js')).storageBench(arg('storage-activities', 200));
// `--scale 5000`: also import one folder of 5,000 generated activities (peak RSS goal; ~2 min).
if (want('import')) await (await import('./import.bench.js')).importBench({ generated: arg('activities', 500), scale: arg('scale', 0) });
if (want('analysis')) await (await import('./analysis.bench.js')).analysisBench({ activities: arg('analysis-activities', 1000) });
if (want('routes')) await (await import('./routes.bench.js')).routesBench({});
if (want('archive')) await (await import('./archive.bench.js')).archiveBench({ activities: arg('archive-activities', 200) });
if (want('health')) await (await import('./health.bench.js')).healthBench({ days: arg('health-days', 365) });
// Issue-sized: --live-trackers 1000 --live-batch 10 --live-viewers 1000 (server in a child process).
if (want('live')) await (await import('./live.js')).liveBench({ trackers: arg('live-trackers', 200), batch: arg('live-batch', 5), viewers: arg('live-viewers', 200), seconds: arg('live-seconds', 10) });
if (want('timescale')) await (await import('./timescale.js')).timescaleBench();
// Issue 14: --load-athletes 50 --load-activities 1000 for the issue-sized run (seeding ~1 h on 2 cores; --load-data <dir> keeps and reuses the seeded databases); --no-pg skips PostgreSQL, --no-sqlite skips SQLite; --load-client autocannon|light measures with one load client only (default: both in turn).
if (want('server-load')) await (await import('./server-load.js')).serverLoadBench({ athletes: arg('load-athletes', 10), activities: arg('load-activities', 100), connections: arg('load-connections', 50), seconds: arg('load-seconds', 10), pg: !args.includes('--no-pg'), sqlite: !args.includes('--no-sqlite'), dataDir: args.includes('--load-data') ? args[args.indexOf('--load-data') + 1] : undefined, clients: args.includes('--load-client') ? [args[args.indexOf('--load-client') + 1] === 'light' ? 'light' : 'autocannon'] : ['autocannon', 'light'] });
// Issue 18 closing figure: file landed in a watched folder → activity visible (fs events and polling).
if (want('watch')) await (await import('./watch-latency.js')).watchBench({ files: arg('watch-files', 20) });
