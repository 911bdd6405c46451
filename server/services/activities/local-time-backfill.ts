import { defaultActivityName, isDefaultActivityName as isDefaultName } from '../../domain/activity-name.js';
import { resolveLocalTime } from '../../domain/local-time.js';
import type { Storage } from '../../storage/port.js';
import type { ActivityEvents } from '../activity-events.js';
import type { OriginalStore } from '../original-store.js';
import type { ParsePool } from '../parse-pool.js';
import { systemTimeZone } from './local-time-resolver.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';

export const LOCAL_TIME_TASK = 'local-time-v1';
const PAGE = 200;
/** Bounded by construction: each step handles up to PAGE rows that then leave the query. */
const MAX_STEPS = 100_000;

/**
 * Gives activities stored before local time existed their UTC offset (issue 13 §2), once per
 * database: the device's offset from the original FIT (re-read in the parse pool), else the zone
 * at the first GPS fix, else the athlete's setting. Default names follow the local hour; the
 * analysis recomputes each activity on its local day ('updated' startTime event).
 */
export async function backfillLocalTime(deps: { storage: Storage; originals: OriginalStore; pool: ParsePool; events: ActivityEvents }, log: (l: string) => void = () => {}): Promise<number> {
  const { storage, originals, pool, events } = deps;
  if (await storage.users.taskDone(LOCAL_TIME_TASK)) return 0;
  let fixed = 0;
  for (const userId of await storage.users.ids()) {
    const zone = (await storage.users.settings(userId)).timeZone ?? systemTimeZone();
    for (let step = 0; step < MAX_STEPS; step++) {
      const rows = await storage.activities.withoutLocalTime(userId, PAGE);
      if (!rows.length) break;
      for (const a of rows) {
        await yieldToEventLoop();
        const startMs = Date.parse(a.startTime);
        let deviceUtcOffsetS: number | undefined;
        if (a.format === 'fit' && originals.has(a.originalSha256)) {
          const r = await pool.parse(await originals.read(a.originalSha256), 'backfill.fit');
          if (r.kind === 'activities') deviceUtcOffsetS = r.activities[a.sourceIndex]?.deviceUtcOffsetS ?? r.activities[0]?.deviceUtcOffsetS;
        }
        let fix: { startLatDeg: number | null; startLonDeg: number | null } = { startLatDeg: null, startLonDeg: null };
        if (a.hasGps) {
          const s = await storage.activities.readStreams(userId, a.id, ['latDeg', 'lonDeg']);
          const lat = s?.channels.latDeg ?? [];
          const lon = s?.channels.lonDeg ?? [];
          const i = lat.findIndex((v, k) => v !== null && lon[k] !== null);
          if (i >= 0) fix = { startLatDeg: lat[i], startLonDeg: lon[i] };
        }
        const local = resolveLocalTime({ startMs, deviceUtcOffsetS, ...fix, settingZone: zone });
        const name = isDefaultName(a.name, a.sport) ? defaultActivityName(a.startTime, a.sport, local.utcOffsetS) : undefined;
        await storage.activities.setLocalTime(userId, a.id, local, name);
        await events.emit({ type: 'updated', userId, activityId: a.id, fields: ['startTime', ...(name ? ['name'] : [])] });
        fixed++;
      }
    }
  }
  await storage.users.markTaskDone(LOCAL_TIME_TASK);
  if (fixed) log(`[local-time] ${fixed} earlier activities now have their local time`);
  return fixed;
}


