import cron from 'node-cron';
import type { ScheduleDto } from '../../../shared/jobs-api.js';
import type { BackupService } from '../backup/backup.service.js';
import type { JobService } from './job.service.js';
import type { WatchService } from '../watch/watch.service.js';

/** A schedule some service owns (Garmin sync, …): it says when it runs next. */
export interface ScheduleSource {
  list(userId: string): Promise<ScheduleDto[]>;
}

/** Next time a cron expression fires, or null when it is not valid. */
export function nextCronRun(expr: string): Date | null {
  if (!cron.validate(expr)) return null;
  const task = cron.createTask(expr, () => {});
  try {
    return task.getNextRun();
  } finally {
    void task.destroy();
  }
}

/**
 * Settings → Schedules (issue 18): every job that runs by itself, when it runs next and how it
 * went last time. The schedules stay with their owners (the backup's node-cron task, the folder
 * scans, the Garmin sync timer); this reads them together.
 */
export class Schedules {
  private sources: ScheduleSource[] = [];

  constructor(private deps: { jobs: JobService; watch: WatchService; backups?: BackupService; now?: () => number }) {}

  add(s: ScheduleSource): void {
    this.sources.push(s);
  }

  async list(userId: string): Promise<ScheduleDto[]> {
    const out: ScheduleDto[] = [];
    const { backups } = this.deps;
    if (backups) {
      const s = await backups.settings();
      const list = await backups.list().catch(() => null);
      const last = list?.last ?? null;
      out.push({
        id: 'backup',
        label: 'Backup of the whole instance',
        every: s.cron,
        enabled: s.enabled,
        nextRunAt: s.enabled ? nextCronRun(s.cron)?.toISOString() ?? null : null,
        lastRun: last ? { status: last.status, at: last.finishedAt ?? last.startedAt, error: (last as { error?: string | null }).error ?? null, message: last.name } : null,
      });
    }
    const now = this.deps.now?.() ?? Date.now();
    const lastImport = await this.deps.jobs.lastOf(userId, 'watch-import');
    for (const f of await this.deps.watch.list(userId)) {
      out.push({
        id: `watch-scan:${f.id}`,
        label: `Scan of ${f.path}${f.usingEvents ? ' (safety scan; file events import at once)' : ''}`,
        every: `every ${f.pollIntervalS} s`,
        enabled: true,
        nextRunAt: new Date(now + f.pollIntervalS * 1000).toISOString(),
        lastRun: lastImport ? { status: lastImport.status, at: lastImport.finishedAtMs ? new Date(lastImport.finishedAtMs).toISOString() : null, error: lastImport.error, message: lastImport.message } : null,
      });
    }
    for (const s of this.sources) out.push(...(await s.list(userId)));
    return out;
  }
}
