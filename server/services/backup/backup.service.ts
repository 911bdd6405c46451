import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, type ReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import cron from 'node-cron';
import { BACKUP_FILE_PATTERN, type BackupFileDto, type BackupJobDto, type BackupListDto, type BackupSettingsDto } from '../../../shared/backup-api.js';
import type { Storage } from '../../storage/port.js';
import { createBackup } from './create-backup.js';
import type { DbLocation } from './db-location.js';
import { HousekeepingService } from './housekeeping.service.js';
import { backupsToKeep } from './retention.js';

export const DEFAULT_BACKUP_SETTINGS: BackupSettingsDto = { enabled: true, cron: '15 3 * * *', folder: '', keepDaily: 7, keepWeekly: 4 };
const NAME_RE = new RegExp(BACKUP_FILE_PATTERN);
const JOBS_KEPT = 20;

export interface BackupServiceDeps {
  source: DbLocation;
  dataDir: string;
  storage: Storage;
  /** Users told about a failed backup (an insight each). */
  notifyUsers: () => Promise<string[]>;
}

function httpError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

/**
 * Backups from the running app (issue 16): one job at a time on demand or on a node-cron
 * schedule, written to a folder the user picks (default <data dir>/backups), pruned by retention
 * after each successful backup. The last job's outcome is kept in the folder (last-backup.json), so
 * it survives a restart; a failed backup becomes an insight for the user, not just a log line.
 */
export class BackupService {
  private jobs = new Map<string, BackupJobDto>();
  private running: Promise<void> | null = null;
  private task: { stop(): void } | null = null;
  private settingsCache: BackupSettingsDto | null = null;

  /** Told when a backup starts, progresses and ends (the durable jobs list, issue 18). */
  onJob?: (job: BackupJobDto, event: 'started' | 'progress' | 'finished') => void;

  constructor(private deps: BackupServiceDeps) {}

  private tell(job: BackupJobDto, event: 'started' | 'progress' | 'finished'): void {
    try {
      this.onJob?.(job, event);
    } catch (e) {
      console.error(`[backup] job listener: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private get settingsFile(): string {
    return join(this.deps.dataDir, 'backup-settings.json');
  }

  async settings(): Promise<BackupSettingsDto> {
    if (this.settingsCache) return this.settingsCache;
    let saved: Partial<BackupSettingsDto> = {};
    try {
      saved = JSON.parse(await readFile(this.settingsFile, 'utf8')) as Partial<BackupSettingsDto>;
    } catch {
      // none yet: defaults
    }
    return (this.settingsCache = { ...DEFAULT_BACKUP_SETTINGS, ...saved });
  }

  async updateSettings(patch: Partial<BackupSettingsDto>): Promise<BackupSettingsDto> {
    if (patch.cron !== undefined && !cron.validate(patch.cron)) throw httpError(400, 'bad_request', `not a valid schedule: ${patch.cron}`);
    if (patch.folder && !isAbsolute(patch.folder)) throw httpError(400, 'bad_request', 'the backup folder must be an absolute path');
    const next = { ...(await this.settings()), ...patch };
    await mkdir(this.deps.dataDir, { recursive: true });
    const tmp = `${this.settingsFile}.${randomUUID()}.tmp`;
    await writeFile(tmp, JSON.stringify(next, null, 1));
    await rename(tmp, this.settingsFile);
    this.settingsCache = next;
    if (this.task) this.startSchedule();
    return next;
  }

  async folder(): Promise<string> {
    return (await this.settings()).folder || join(this.deps.dataDir, 'backups');
  }

  /**
   * Starts (or restarts after a settings change) the schedule. A desktop is often off at the
   * scheduled hour and node-cron does not catch up, so when the last successful backup is more
   * than a day old (or there is none), one runs `catchUpAfterMs` after the start.
   */
  startSchedule(catchUpAfterMs = 5 * 60_000): void {
    const first = this.task === null;
    if (first) this.housekeeping.startSchedule(2 * catchUpAfterMs);
    this.task?.stop();
    this.task = { stop() {} };
    void this.settings().then(async (s) => {
      if (!this.task) return;
      this.task = s.enabled && cron.validate(s.cron) ? cron.schedule(s.cron, () => void this.runScheduled()) : { stop() {} };
      if (first && s.enabled && (await this.catchUpDue(Date.now()))) {
        this.catchUp = setTimeout(() => void this.runScheduled(), catchUpAfterMs);
        this.catchUp.unref();
      }
    });
  }

  private catchUp: NodeJS.Timeout | null = null;

  /** True when no successful backup is recorded within the last 24 hours. */
  async catchUpDue(nowMs: number): Promise<boolean> {
    try {
      const last = JSON.parse(await readFile(join(await this.folder(), 'last-successful-backup.json'), 'utf8')) as { finishedAt?: string };
      return !last.finishedAt || nowMs - Date.parse(last.finishedAt) > 24 * 3600_000;
    } catch {
      return true;
    }
  }

  stop(): void {
    this.hk?.stop();
    this.task?.stop();
    this.task = null;
    if (this.catchUp) clearTimeout(this.catchUp);
    this.catchUp = null;
  }

  private async runScheduled(): Promise<void> {
    if (this.running) return;
    await this.start('scheduled').catch(() => {});
    await this.running;
  }

  private hk: HousekeepingService | null = null;

  /** The scheduled cleanup with its retention settings (housekeeping.service.ts); scheduled with the backups. */
  get housekeeping(): HousekeepingService {
    return (this.hk ??= new HousekeepingService({ storage: this.deps.storage, source: this.deps.source, dataDir: this.deps.dataDir }));
  }

  /** Starts a backup job (or returns the one already running). */
  async start(trigger: 'manual' | 'scheduled' = 'manual'): Promise<BackupJobDto> {
    const current = [...this.jobs.values()].find((j) => j.status === 'running');
    if (current) return current;
    const folder = await this.folder();
    const startedAt = new Date();
    const name = `milevault-${startedAt.toISOString().replace(/[:.]/g, '-')}.mvbackup.tar.gz`;
    const job: BackupJobDto = { id: randomUUID(), status: 'running', trigger, phase: 'tables', rows: 0, files: 0, bytes: 0, startedAt: startedAt.toISOString(), finishedAt: null, name: null, error: null };
    this.jobs.set(job.id, job);
    for (const id of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - JOBS_KEPT))) this.jobs.delete(id);
    this.tell(job, 'started');
    this.running = (async () => {
      try {
        await createBackup({
          source: this.deps.source,
          dataDir: this.deps.dataDir,
          outFile: join(folder, name),
          onProgress: (p) => (Object.assign(job, { phase: p.phase, rows: p.rows, files: p.files, bytes: p.bytes }), this.tell(job, 'progress')),
        });
        Object.assign(job, { status: 'done', phase: 'done', name, finishedAt: new Date().toISOString() });
        await writeFile(join(folder, 'last-successful-backup.json'), JSON.stringify(job)).catch(() => {});
        await this.prune(folder).catch(() => {});
      } catch (e) {
        Object.assign(job, { status: 'failed', error: e instanceof Error ? e.message : String(e), finishedAt: new Date().toISOString() });
        await this.notifyFailure(job).catch(() => {});
      } finally {
        await writeFile(join(folder, 'last-backup.json'), JSON.stringify(job)).catch(() => {});
        this.running = null;
        this.tell(job, 'finished');
      }
    })();
    return job;
  }

  /** The job, if it has ended (done or failed), from memory or from the folder's last-backup.json. */
  async ended(id: string): Promise<BackupJobDto | null> {
    let job: BackupJobDto | null = this.jobs.get(id) ?? null;
    if (!job) {
      try {
        job = JSON.parse(await readFile(join(await this.folder(), 'last-backup.json'), 'utf8')) as BackupJobDto;
      } catch {
        job = null;
      }
    }
    return job && job.id === id && job.status !== 'running' ? job : null;
  }

  /** Resolves when the running job (if any) has finished. */
  async idle(): Promise<void> {
    await this.running;
    await this.hk?.idle();
  }

  job(id: string): BackupJobDto {
    const j = this.jobs.get(id);
    if (!j) throw httpError(404, 'not_found', 'no such backup job');
    return j;
  }

  async list(): Promise<BackupListDto> {
    const folder = await this.folder();
    const items: BackupFileDto[] = [];
    if (existsSync(folder)) {
      for (const name of await readdir(folder)) {
        if (!NAME_RE.test(name)) continue;
        const st = await stat(join(folder, name)).catch(() => null);
        if (st?.isFile()) items.push({ name, sizeBytes: st.size, createdAt: st.mtime.toISOString() });
      }
    }
    items.sort((a, b) => (a.name < b.name ? 1 : -1));
    let last: BackupJobDto | null = [...this.jobs.values()].at(-1) ?? null;
    if (!last) {
      try {
        last = JSON.parse(await readFile(join(folder, 'last-backup.json'), 'utf8')) as BackupJobDto;
      } catch {
        last = null;
      }
    }
    return { folder, items, last, settings: await this.settings() };
  }

  async open(name: string): Promise<{ stream: ReadStream; sizeBytes: number }> {
    if (!NAME_RE.test(name)) throw httpError(400, 'bad_request', 'not a backup name');
    const path = join(await this.folder(), name);
    const st = await stat(path).catch(() => null);
    if (!st?.isFile()) throw httpError(404, 'not_found', 'no such backup');
    return { stream: createReadStream(path), sizeBytes: st.size };
  }

  private async prune(folder: string): Promise<void> {
    const s = await this.settings();
    const files = (await readdir(folder)).filter((n) => NAME_RE.test(n));
    const times = await Promise.all(files.map(async (name) => ({ name, timeMs: (await stat(join(folder, name))).mtimeMs })));
    const keep = backupsToKeep(times, s.keepDaily, s.keepWeekly);
    // Never remove the newest one, whatever the settings.
    const newest = times.sort((a, b) => b.timeMs - a.timeMs)[0];
    if (newest) keep.add(newest.name);
    for (const f of times) if (!keep.has(f.name)) await rm(join(folder, f.name), { force: true });
  }

  private async notifyFailure(job: BackupJobDto): Promise<void> {
    const now = Date.now();
    const day = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
    for (const userId of await this.deps.notifyUsers()) {
      await this.deps.storage.insights.add(userId, {
        id: randomUUID(),
        detector: 'backup',
        dedupeKey: `backup-failed:${job.id}`,
        dayMs: day,
        severity: 'alert',
        title: job.trigger === 'scheduled' ? 'The scheduled backup failed' : 'A backup failed',
        message: `MileVault could not write a backup: ${job.error}. Check the backup folder in Settings → Backups.`,
        evidence: { jobId: job.id, error: job.error, startedAt: job.startedAt },
        createdAtMs: now,
      });
    }
  }
}
