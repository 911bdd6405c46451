/**
 * Wires issue 18 for createServices: the event bus (SSE), the durable job service with its kinds,
 * watched folders, and the recompute journal. start() runs after ImportService has resumed its own
 * unfinished jobs (a resumed 'watch-import' waits for its import job).
 */
import type { Storage } from '../../storage/port.js';
import type { AnalysisModule } from '../analysis/analysis-module.js';
import type { ImportService } from '../import.service.js';
import type { BackupService } from '../backup/backup.service.js';
import { Schedules } from './schedules.js';
import { UsbService } from '../usb/usb.service.js';
import { GarminSyncService, type GarminHealthSink } from '../garmin-connect/garmin-sync.service.js';
import { aesGcmEncryptor, type Encryptor, serverSecret } from '../garmin-connect/token-crypto.js';
import { settleRows, watchImportHandler } from '../watch/watch-import.job.js';
import { WatchService } from '../watch/watch.service.js';
import { EventBus } from './event-bus.js';
import { JobService } from './job.service.js';
import { journalBackups, journalUploads } from './journal-adapters.js';
import { NotificationService } from '../notify/notification.service.js';
import { notifyJobFailure } from '../notify/notify-hooks.js';

export interface AutoIngestDeps {
  storage: Storage;
  imports: ImportService;
  analysis: AnalysisModule;
  incomingDir: string;
  dataDir: string;
  backups?: BackupService;
  /** Wellness from Garmin Connect goes here (HealthService). */
  health?: GarminHealthSink;
  /** Seals Garmin tokens; default AES-256-GCM with the data folder's server secret (desktop: safeStorage). */
  encryptor?: Encryptor;
  /** Test knobs for notification delivery (timeout per attempt, waits between attempts). */
  notifyTimeoutMs?: number;
  notifyBackoffMs?: readonly number[];
  /** Test knobs: how long a file must stay unchanged, how long a batch gathers. */
  watchStableMs?: number;
  watchBatchMs?: number;
}

export type AutoIngestModule = ReturnType<typeof createAutoIngest>;

export function createAutoIngest(deps: AutoIngestDeps) {
  const bus = new EventBus();
  const jobs = new JobService({ storage: deps.storage, bus });
  const watch = new WatchService({ storage: deps.storage, jobs, bus, dataDir: deps.dataDir, stableMs: deps.watchStableMs, batchMs: deps.watchBatchMs });
  jobs.register(watchImportHandler({ storage: deps.storage, imports: deps.imports, watch, incomingDir: deps.incomingDir }));

  // Recomputes run in the analysis engine's own queue; the job service journals them (durable).
  const recompute = deps.analysis.jobs;
  recompute.setJournal(jobs.journal('recompute'));
  jobs.registerMirrored({
    kind: 'recompute',
    // From its checkpoint (the activities done before the kill or shutdown are not redone).
    resume: (row) => recompute.start(row.userId, JSON.parse(row.paramsJson), { id: row.id, resumeFrom: row.checkpointJson ? JSON.parse(row.checkpointJson) : null }).id,
    cancel: (id) => recompute.cancel(id),
    retry: (row) => recompute.start(row.userId, JSON.parse(row.paramsJson), { retryOf: row.id }).id,
  });

  // HTTP uploads and backups are rows of the same jobs list (journalled from their own services).
  journalUploads(jobs, deps.imports);
  if (deps.backups) journalBackups(jobs, deps.backups, () => deps.storage.users.ids());
  const usb = new UsbService({ storage: deps.storage, imports: deps.imports, jobs, roots: (process.env.MILEVAULT_USB_ROOTS ?? '').split(':').filter(Boolean) });
  jobs.register(usb.handler());
  const garmin = new GarminSyncService({ storage: deps.storage, imports: deps.imports, jobs, bus, incomingDir: deps.incomingDir, health: deps.health, encryptor: deps.encryptor ?? aesGcmEncryptor(serverSecret(deps.dataDir)) });
  jobs.register(garmin.handler());
  // Notifications: job failures here; insights are wired by createServices (InsightService.onNew).
  const notifications = new NotificationService({ storage: deps.storage, bus, encryptor: aesGcmEncryptor(serverSecret(deps.dataDir), 'milevault notification tokens v1'), timeoutMs: deps.notifyTimeoutMs, backoffMs: deps.notifyBackoffMs });
  jobs.onFinished((job, userId) => notifyJobFailure(notifications, job, userId));
  const schedules = new Schedules({ jobs, watch, backups: deps.backups });
  schedules.add(garmin.schedules());

  return {
    bus,
    jobs,
    watch,
    schedules,
    usb,
    garmin,
    notifications,
    async start(opts: { watchDirs?: string[]; envUserId?: string } = {}) {
      await reconcileWatchRows(deps.storage, watch);
      await watch.start(opts.watchDirs ?? [], opts.envUserId);
      await jobs.resume();
      garmin.startSchedule();
    },
    async close() {
      watch.close();
      garmin.stop();
      recompute.stop();
      await jobs.close();
      await notifications.close();
    },
  };
}

/** watch_files rows still 'queued' whose import finished while no job waited (cancel, crash). */
async function reconcileWatchRows(storage: Storage, watch: WatchService): Promise<void> {
  const byJob = new Map<string, Set<string>>();
  for (const r of await storage.watch.queuedFiles()) if (r.importJobId) byJob.set(r.importJobId, (byJob.get(r.importJobId) ?? new Set()).add(r.folderId));
  const folders = new Map((await storage.watch.folders()).map((f) => [f.id, f]));
  for (const [importId, folderIds] of byJob) {
    for (const fid of folderIds) {
      const f = folders.get(fid);
      if (!f) continue;
      const job = await storage.imports.get(f.userId, importId);
      if (job?.status === 'done') await settleRows(watch, storage, fid, f.path, importId, job.files);
    }
  }
}

/** MILEVAULT_WATCH_DIRS: ':'-separated folders watched from the start (Docker, unattended installs). */
export function watchDirsFromEnv(env: NodeJS.ProcessEnv): string[] {
  return (env.MILEVAULT_WATCH_DIRS ?? '').split(':').map((d) => d.trim()).filter(Boolean);
}
