/**
 * One job system (issue 18): HTTP uploads and backups run in their own services and are
 * journalled as rows of the durable jobs table (listed, paged, cancelled, retried, pushed as
 * `job` events) like imports from watched folders, recomputes and syncs.
 */
import { createHash } from 'node:crypto';
import type { BackupJobDto } from '../../../shared/backup-api.js';
import type { BackupService } from '../backup/backup.service.js';
import type { ImportService } from '../import.service.js';
import type { JobService } from './job.service.js';

function httpError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

/** Uploads (POST /api/v1/imports) as 'import' jobs. */
export function journalUploads(jobs: JobService, imports: ImportService): void {
  imports.setJournal(jobs.journal('import'));
  jobs.registerMirrored({
    kind: 'import',
    // ImportService.resumeUnfinished already runs it again; it reports to the journal from now on.
    resume: (row) => (imports.adoptJournalled(row.id, row.userId, JSON.parse(row.paramsJson)), row.id),
    cancel: (id) => imports.cancel(id),
    // The files a cancel left unimported run again as a new upload job (their staged copies are
    // kept for that); a finished or failed file is not re-run (its original is stored; re-parsing
    // after a parser update happens by itself at start).
    retry: (row) => imports.retryCancelled(row.userId, row.id),
  });
}

/** A backup's row id for one user (a backup is instance-wide; every user told about it gets a row). */
export function backupRowId(jobId: string, userId: string): string {
  return `${jobId}-${createHash('sha256').update(userId).digest('hex').slice(0, 8)}`;
}

/** Backups (issue 16) as 'backup' jobs, one row per user that is told about backups. */
export function journalBackups(jobs: JobService, backups: BackupService, users: () => Promise<string[]>): void {
  const journal = jobs.journal('backup');
  const rows = new Map<string, Promise<string[]>>();
  const lastEmit = new Map<string, number>();
  backups.onJob = (job: BackupJobDto, event) => {
    if (event === 'started') {
      const us = users().catch(() => [] as string[]);
      rows.set(job.id, us);
      void us.then((list) => {
        for (const u of list) journal.started(backupRowId(job.id, u), u, { trigger: job.trigger });
        for (const u of list) journal.progress(backupRowId(job.id, u), 'running', 0, 0);
      });
      return;
    }
    const us = rows.get(job.id) ?? Promise.resolve([] as string[]);
    if (event === 'progress') {
      const t = Date.now();
      if (t - (lastEmit.get(job.id) ?? 0) < 250) return;
      lastEmit.set(job.id, t);
      const done = job.rows + job.files;
      void us.then((list) => list.forEach((u) => journal.progress(backupRowId(job.id, u), 'running', done, 0)));
      return;
    }
    rows.delete(job.id);
    lastEmit.delete(job.id);
    const status = job.status === 'done' ? 'done' : 'failed';
    // After the started() calls above (same promise, callbacks run in order).
    void us.then((list) => list.forEach((u) => journal.finished(backupRowId(job.id, u), status, job.error ?? undefined)));
  };
  const again = async (userId: string) => backupRowId((await backups.start('manual')).id, userId);
  jobs.registerMirrored({
    kind: 'backup',
    // Cut short by a restart: the partial file is useless; a new backup runs instead. Unless it
    // had finished and only the journal's last write was lost (the process stopped right after):
    // then the row says how it ended, and a 1.4 GB backup is not made again at every start.
    resume: async (row) => {
      const ended = await backups.ended(row.id.slice(0, row.id.lastIndexOf('-')));
      if (ended) return { ended: ended.status === 'done' ? 'done' : 'failed', message: ended.status === 'done' ? `finished ${ended.finishedAt}` : undefined, error: ended.error };
      return again(row.userId);
    },
    cancel: () => {
      throw httpError(409, 'conflict', 'a running backup cannot be cancelled; it ends by itself');
    },
    retry: (row) => again(row.userId),
  });
}
