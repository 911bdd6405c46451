/**
 * Lighthouse accessibility of the main pages, desktop and mobile (issue 17: every page ≥ 95).
 *
 *   npm run lighthouse                      # temp instance: the corpus if ../shared/corpus exists, else generated fixtures
 *   npm run lighthouse -- --fixtures        # temp instance with a few generated activities (fast)
 *   npm run lighthouse -- --url http://127.0.0.1:8080   # an instance that already holds data
 *
 * Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), headless, no sandbox. Prints a table
 * of scores and every failing audit with its elements; exits 1 when a page is under MIN_SCORE.
 * Not part of `npm test` (a minute or more per run); the axe-core e2e test is.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { makeFitActivity } from '../tests/helpers/fit-fixture.js';

const MIN_SCORE = 95;
const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

async function startInstance(): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'milevault-lighthouse-'));
  const corpus = resolve(process.env.MILEVAULT_CORPUS ?? join(ROOT, '..', 'shared', 'corpus'));
  const useCorpus = !args.includes('--fixtures') && existsSync(corpus);
  if (useCorpus) {
    console.log(`importing the corpus (${corpus}) into ${dataDir} …`);
    // The corpus holds files meant to fail (truncated, unsupported): the import then exits 1 with the rest imported.
    const imp = spawnSync('npx', ['tsx', 'server/cli/main.ts', 'import', '--data-dir', dataDir, corpus], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    console.log(`import exit ${imp.status}: ${(imp.stdout + imp.stderr).trim().split('\n').slice(-3).join(' / ')}`);
  }
  const { startServer } = await import('../server/start.js');
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, rendererDir: join(ROOT, 'dist', 'renderer'), logger: false });
  if (!useCorpus) {
    console.log('no corpus: importing generated activities');
    const form = new FormData();
    const day = (d: number) => new Date(Date.UTC(2025, 3, 1 + d, 7));
    for (let i = 0; i < 8; i++) {
      const o = i % 3 === 2 ? { sport: 'cycling', speedMps: 8, withPower: true, durationS: 2400 } : { speedMps: 3 + i * 0.1, durationS: 1800 };
      form.append('files', new Blob([Buffer.from(makeFitActivity({ startTime: day(i * 3), laps: 3, ...o }))]), `a${i}.fit`);
    }
    const res = await fetch(`${server.url}/api/v1/imports`, { method: 'POST', body: form, headers: { 'x-milevault-client': 'lighthouse' } });
    const { id } = (await res.json()) as { id: string };
    for (let i = 0; i < 600; i++) {
      const job = (await (await fetch(`${server.url}/api/v1/imports/${id}`)).json()) as { status: string };
      if (job.status === 'done') break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url: server.url,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Failure {
  id: string;
  title: string;
  items: string[];
}

async function main() {
  const given = argValue('--url');
  const instance = given ? { url: given.replace(/\/$/, ''), close: async () => {} } : await startInstance();
  const base = instance.url;
  const list = (await (await fetch(`${base}/api/v1/activities?limit=50&sport=running`)).json()) as { items?: { id: string; hasGps?: boolean }[] };
  const run = (list.items ?? []).find((a) => a.hasGps) ?? list.items?.[0];
  const pages: [string, string][] = [
    ['home', '#/'],
    ['activities', '#/activities'],
    ...(run ? [['activity', `#/activities/${run.id}`] as [string, string]] : []),
    ['calendar', '#/calendar'],
    ['fitness', '#/fitness'],
    ['records', '#/records'],
    ['routes', '#/routes'],
    ['health', '#/health'],
    ['import', '#/import'],
    ['settings', '#/settings'],
  ];
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const rows: { page: string; desktop: number; mobile: number }[] = [];
  const failures = new Map<string, Failure[]>();
  try {
    for (const [name, hash] of pages) {
      const row = { page: name, desktop: 0, mobile: 0 };
      for (const form of ['desktop', 'mobile'] as const) {
        const flags = { port: chrome.port, output: 'json' as const, logLevel: 'error' as const, onlyCategories: ['accessibility'] };
        const config = form === 'desktop' ? { ...desktopConfig, settings: { ...desktopConfig.settings, onlyCategories: ['accessibility'] } } : undefined;
        const result = await lighthouse(`${base}/${hash}`, flags, config);
        const lhr = result?.lhr;
        const score = Math.round((lhr?.categories.accessibility?.score ?? 0) * 100);
        row[form] = score;
        const failed: Failure[] = [];
        for (const ref of lhr?.categories.accessibility?.auditRefs ?? []) {
          const a = lhr!.audits[ref.id];
          if (!a || a.score === null || a.score === 1 || ref.weight === 0) continue;
          const details = a.details as { items?: { node?: { snippet?: string; selector?: string } }[] } | undefined;
          failed.push({ id: a.id, title: a.title, items: (details?.items ?? []).slice(0, 5).map((i) => i.node?.selector ?? i.node?.snippet ?? '') });
        }
        if (failed.length) failures.set(`${name} (${form})`, failed);
      }
      rows.push(row);
      console.log(`${name.padEnd(12)} desktop ${String(row.desktop).padStart(3)}  mobile ${String(row.mobile).padStart(3)}`);
    }
  } finally {
    await chrome.kill();
    await instance.close();
  }
  console.log('\n| page | desktop | mobile |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.page} | ${r.desktop} | ${r.mobile} |`);
  for (const [where, list] of failures) {
    console.log(`\n${where}:`);
    for (const f of list) console.log(`  - ${f.id}: ${f.title}${f.items.length ? `\n      ${f.items.join('\n      ')}` : ''}`);
  }
  const low = rows.filter((r) => r.desktop < MIN_SCORE || r.mobile < MIN_SCORE);
  if (low.length) {
    console.log(`\nunder ${MIN_SCORE}: ${low.map((r) => r.page).join(', ')}`);
    process.exitCode = 1;
  } else console.log(`\nevery page ≥ ${MIN_SCORE}`);
}

await main();
