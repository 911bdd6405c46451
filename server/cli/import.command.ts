import type { ImportFileDto, ImportJobDto } from '../../shared/api.js';
import { configFromEnv } from '../config.js';
import { LOCAL_USER_ID } from '../plugins/auth.js';
import { createServices } from '../start.js';
import { renderBar } from './progress-bar.js';
import { archiveContainers } from '../services/archive/member-rows.js';
import { findRunningServer } from '../instance-file.js';
import { RemoteImporter } from './remote-import.js';
import { compactorOf } from '../storage/postgres/timescale-status.js';

export interface ImportArgs {
  json: boolean;
  dataDir?: string;
  /** Report what would be imported, duplicates and problems; write nothing (issue 4). */
  dryRun?: boolean;
  paths: string[];
}

export interface Io {
  out(line: string): void;
  err(text: string): void;
  isTty: boolean;
  columns: number;
}

/** Several jobs (a large folder goes up in batches) shown as one. */
function combine(jobs: ImportJobDto[]): ImportJobDto {
  return { ...jobs[0], done: jobs.reduce((n, j) => n + j.done, 0), total: jobs.reduce((n, j) => n + j.total, 0), files: jobs.flatMap((j) => j.files) };
}

/** Prints per-file lines (--json) and the progress bar as results arrive. */
function progressPrinter(args: ImportArgs, io: Io) {
  const emitted = new Set<number>();
  return (job: ImportJobDto) => {
    job.files.forEach((f, i) => {
      if (f.status === 'pending' || emitted.has(i)) return;
      emitted.add(i);
      if (args.json) io.out(JSON.stringify(f));
    });
    if (!args.json && io.isTty) {
      const last = job.files.filter((f) => f.status !== 'pending').at(-1);
      io.err(`\r${renderBar(job.done, job.total, last?.name ?? '', 28, io.columns)}\x1b[K`);
    }
  };
}

function finish(job: ImportJobDto, args: ImportArgs, io: Io): number {
  if (!args.json) {
    if (io.isTty) io.err('\n');
    printSummary(job.files, io);
  }
  return job.files.some((f) => f.status === 'failed') ? 1 : 0;
}

function previewDone(files: ImportFileDto[], args: ImportArgs, io: Io): number {
  if (args.json) for (const f of files) io.out(JSON.stringify(f));
  else {
    io.out('dry run: nothing was written');
    printSummary(files, io, 'would be ');
  }
  return files.some((f) => f.status === 'failed') ? 1 : 0;
}

/**
 * `milevault import`: imports files/folders into the data directory the app uses. When the app or
 * server is running on that folder, the files go through it (a second writer would only find the
 * database locked); otherwise the CLI opens the database itself. Either way it says which on
 * stderr. Returns the exit code.
 */
export async function runImport(args: ImportArgs, io: Io, fetchImpl: typeof fetch = fetch): Promise<number> {
  const env = configFromEnv();
  const dataDir = args.dataDir ?? env.dataDir;
  const running = await findRunningServer(dataDir, fetchImpl);
  if (running) {
    io.err(`milevault: the MileVault server at ${running.url} (pid ${running.pid}) has ${dataDir} open; importing through it\n`);
    const remote = new RemoteImporter(running, fetchImpl);
    if (args.dryRun) return previewDone((await remote.preview(args.paths)).files, args, io);
    const emit = progressPrinter(args, io);
    const jobs = await remote.run(args.paths, { progress: (j) => emit(combine(j)) });
    return finish(combine(jobs), args, io);
  }
  io.err(`milevault: no running server on ${dataDir}; importing into it directly\n`);
  let services: Awaited<ReturnType<typeof createServices>>;
  try {
    services = await createServices({ ...env, dataDir });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new Error(`the database in ${dataDir} is in use by another program that did not leave a server.json (an older MileVault?); close it or import from the app`);
    }
    throw e;
  }
  try {
    if (args.dryRun) return previewDone((await services.imports.previewPaths(LOCAL_USER_ID, args.paths)).files, args, io);
    const jobId = await services.imports.createJobFromPaths(LOCAL_USER_ID, args.paths);
    const emit = progressPrinter(args, io);
    services.imports.onProgress(jobId, emit);
    await services.imports.waitFor(jobId);
    const job = (await services.storage.imports.get(LOCAL_USER_ID, jobId))!;
    emit(job);
    // TimescaleDB: the app compresses new samples a few seconds after the last write; wait for it
    // rather than leave them uncompressed until a server's next sweep.
    const compactor = compactorOf(services.storage);
    if (compactor?.status().pending) {
      io.err('milevault: compressing the new samples (TimescaleDB)\n');
      await compactor.settled();
    }
    return finish(job, args, io);
  } finally {
    await services.close();
  }
}

function printSummary(all: ImportFileDto[], io: Io, would = '') {
  // An expanded archive is counted through its members (issue 4); its own row still prints its notes.
  const containers = archiveContainers(all);
  const files = all.filter((f) => !containers.has(f.name) || f.status === 'failed');
  const count = (s: string) => files.filter((f) => f.status === s).length;
  io.out(`${files.length} file(s): ${count('imported')} ${would}imported, ${count('duplicate')} duplicate, ${count('skipped')} ${would}skipped, ${count('failed')} failed`);
  for (const f of files) {
    if (f.status === 'failed' || f.status === 'skipped') io.out(`  ${f.status.padEnd(8)} ${f.name}: ${f.error ?? ''}`);
    else if (f.status === 'duplicate' && f.warnings?.length) io.out(`  duplicate ${f.name}: ${f.warnings.join('; ')}`);
    else if (f.warnings?.length && f.status === 'imported') io.out(`  warning  ${f.name}: ${f.warnings.join('; ')}`);
  }
  for (const f of all) {
    if (containers.has(f.name) && f.status !== 'failed' && f.warnings?.length) io.out(`  archive  ${f.name}: ${f.warnings.join('; ')}`);
  }
}
