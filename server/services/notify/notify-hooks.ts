/** What notifies (issue 18): a failed job, and new insights. Kept apart from delivery. */
import type { InsightDto } from '../../../shared/health.js';
import type { JobDto } from '../../../shared/jobs-api.js';
import type { NotificationKind } from '../../../shared/notifications-api.js';
import type { NotificationService } from './notification.service.js';

const JOB_LABEL: Record<string, string> = {
  'watch-import': 'Import from a watched folder',
  import: 'Import',
  recompute: 'Recompute',
  'usb-sync': 'Watch sync over USB',
  'garmin-sync': 'Garmin Connect sync',
  backup: 'Backup',
};

export function failureKind(jobKind: string): NotificationKind {
  if (jobKind === 'garmin-sync' || jobKind === 'usb-sync') return 'sync-failures';
  if (jobKind === 'backup') return 'backup-failures';
  return 'job-failures';
}

/** JobService.onFinished: a failed job notifies under its kind (sync, backup or other job). */
export function notifyJobFailure(n: NotificationService, job: JobDto, userId: string): void {
  if (job.status !== 'failed') return;
  const label = JOB_LABEL[job.kind] ?? `Job ${job.kind}`;
  n.notify(userId, { kind: failureKind(job.kind), title: `${label} failed`, message: job.error ?? 'no reason given', severity: 'warning', dedupeKey: `${job.kind}:${job.error}` });
}

/** InsightService.onNew: new-record insights (and the history summary) vs every other insight. */
export function notifyInsights(n: NotificationService, userId: string, added: InsightDto[]): void {
  for (const i of added) {
    n.notify(userId, { kind: i.detector === 'new-pr' ? 'new-records' : 'insights', title: i.title, message: i.message, severity: i.severity, date: i.date });
  }
}
