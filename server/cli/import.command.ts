import type { ImportFileDto, ImportJobDto } from '../../shared/api.js';
import { configFromEnv } from '../config.js';
import { LOCAL_USER_ID } from '../plugins/auth.js';
import { createServices } from '../start.js';
import { renderBar } from './progress-bar.js';
import { archiveContainers } from '../services/archive/member-rows.js';

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

/** `milevault import`: imports files/folders into the data directory the app uses. Returns the exit code. */
export async function runImport(args: ImportArgs, io: Io): Promise<number> {
  const env = configFromEnv();
  const services = await createServices({ ...env, dataDir: args.dataDir ?? env.dataDir });
  try {
    if (args.dryRun) {
      const preview = await services.imports.previewPaths(LOCAL_USER_ID, args.paths);
      if (args.json) for (const f of preview.files) io.out(JSON.stringify(f));
      else {
        io.out('dry run: nothing was written');
        printSummary(preview.files, io, 'would be ');
      }
      return preview.files.some((f) => f.status === 'failed') ? 1 : 0;
    }
    const jobId = await services.imports.createJobFromPaths(LOCAL_USER_ID, args.paths);
    const emitted = new Set<number>();
    const emit = (job: ImportJobDto) => {
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
    services.imports.onProgress(jobId, emit);
    await services.imports.waitFor(jobId);
    const job = (await services.storage.imports.get(LOCAL_USER_ID, jobId))!;
    emit(job);
    if (!args.json) {
      if (io.isTty) io.err('\n');
      printSummary(job.files, io);
    }
    return job.files.some((f) => f.status === 'failed') ? 1 : 0;
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
