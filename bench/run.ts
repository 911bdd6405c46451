import { storageBench } from './storage.bench.js';

/** `npm run bench [-- --activities N]`: prints tables of figures. Never part of `npm test`. */
const args = process.argv.slice(2);
const arg = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};

await storageBench(arg('storage-activities', 200));
const { importBench } = await import('./import.bench.js').catch(() => ({ importBench: null }));
if (importBench) await importBench({ generated: arg('activities', 200) });
