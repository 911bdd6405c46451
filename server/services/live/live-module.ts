import { scheduleAfterStart } from '../jobs/deferred-cron.js';
import type { Storage } from '../../storage/port.js';
import type { ActivityEvents } from '../activity-events.js';
import { LiveService } from './live.service.js';

export interface LiveModuleDeps {
  storage: Storage;
  events: ActivityEvents;
  /** MILEVAULT_PUBLIC_URL, for absolute share links. */
  publicUrl?: string;
  /** Hours live points are kept; default MILEVAULT_LIVE_RETENTION_H or 48. */
  retentionH?: number;
  /** node-cron expression of the retention sweep; default every 10 minutes. `false` = none. */
  schedule?: string | false;
  clock?: () => number;
}

export interface LiveModule {
  service: LiveService;
  /** The scheduled job's body, callable directly (tests, a manual sweep). */
  sweep(): Promise<{ sessions: number; points: number }>;
  close(): Promise<void>;
}

function hoursFromEnv(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

/**
 * Wires live sharing for createServices (issue 19): the service, the retention sweep on a
 * node-cron schedule, and the join with recorded activities through ActivityEvents (the import
 * code does not know about live sessions).
 */
export function createLive(deps: LiveModuleDeps): LiveModule {
  const retentionH = deps.retentionH ?? hoursFromEnv(process.env.MILEVAULT_LIVE_RETENTION_H, 48);
  const service = new LiveService(deps.storage, {
    retentionMs: retentionH * 3600_000,
    inactivityMs: hoursFromEnv(process.env.MILEVAULT_LIVE_INACTIVITY_MIN, 30) * 60_000,
    shareTtlMs: 72 * 3600_000,
    publicUrl: deps.publicUrl,
    clock: deps.clock,
  });
  deps.events.on('live', async (e) => {
    if (e.type === 'deleted') return service.unlinkDeleted(e.userId, e.activityId, Date.parse(e.startTime));
    if (e.type !== 'imported') return;
    const a = await deps.storage.activities.get(e.userId, e.activityId);
    if (!a) return;
    const startMs = Date.parse(a.startTime);
    const durS = a.elapsedTimeS ?? a.timerTimeS ?? 0;
    if (!Number.isFinite(startMs) || !(durS > 0)) return;
    await service.linkImported(e.userId, e.activityId, startMs, startMs + durS * 1000);
  });
  const sweep = async () => {
    try {
      return await service.sweep();
    } catch (err) {
      console.error(`[live] retention sweep failed: ${err instanceof Error ? err.message : String(err)}`);
      return { sessions: 0, points: 0 };
    }
  };
  const task = deps.schedule === false ? null : scheduleAfterStart(deps.schedule ?? '*/10 * * * *', () => void sweep());
  return {
    service,
    sweep: () => service.sweep(),
    async close() {
      task?.stop();
      await service.close();
    },
  };
}
