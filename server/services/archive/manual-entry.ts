import { emptySummary } from '../../../shared/activity.js';
import type { Storage } from '../../storage/port.js';
import { prepareStreams } from '../../storage/stream-codec.js';
import { withStoredChart } from '../streams-render/stored-chart.js';
import { type OriginalStore, sha256Hex } from '../original-store.js';
import type { ActivityStore, StoreResult } from '../activities/activity-store.js';
import type { ArchiveMeta } from './archive-meta.js';

/**
 * An archive entry without a file (a manual Strava entry, a Garmin summary without upload): an
 * activity without streams. Its "original" is the metadata itself as JSON, content-addressed, so a
 * second import of the same entry is recognised like any file.
 */
export async function importManualEntry(
  deps: { storage: Storage; originals: OriginalStore; store: ActivityStore },
  userId: string,
  name: string,
  meta: ArchiveMeta,
  dryRun: boolean,
): Promise<StoreResult> {
  if (meta.startTimeMs === null || meta.startTimeMs === undefined || !Number.isFinite(meta.startTimeMs)) return { name, status: 'failed', error: 'the entry has no readable start date and no file' };
  const bytes = Buffer.from(JSON.stringify({ kind: 'milevault-manual-activity', ...meta }, null, 1));
  const sha256 = sha256Hex(bytes);
  const existing = await deps.storage.activities.idsByOriginal(userId, sha256);
  if (existing.length) {
    if (!dryRun) await deps.store.settle(userId, existing[0], meta, { sha256, fileName: name });
    return { name, status: 'duplicate', activityId: existing[0], sha256, warnings: ['this entry was imported before'] };
  }
  const parsed = {
    // Not a file format: ActivitySummaryDto.format says 'manual' for these.
    format: 'manual' as unknown as 'fit',
    startTime: new Date(meta.startTimeMs).toISOString(),
    sport: meta.sport?.sport ?? 'generic',
    subSport: meta.sport?.subSport ?? null,
    name: meta.name ?? null,
    device: null,
    summary: { ...emptySummary(), ...(meta.summary ?? {}) },
    sessions: [],
    laps: [],
    lengths: [],
    warnings: ['entered by hand in the source service: no recorded track or samples'],
    encoded: withStoredChart(prepareStreams({ timeS: [], channels: {}, developer: [] })),
  };
  if (!dryRun) {
    await deps.originals.put(sha256, bytes);
    await deps.storage.originals.upsert({ userId, sha256, fileName: `${meta.source}-${meta.externalId}.json`, sizeBytes: bytes.length, format: 'manual' });
  }
  const r = await deps.store.save({ userId, sha256, sourceIndex: 0, fileName: name, parsed, meta, dryRun });
  return { ...r, warnings: [...(r.warnings ?? []), 'no file in the archive: stored without streams'] };
}
