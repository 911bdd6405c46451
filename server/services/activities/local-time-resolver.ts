import { resolveLocalTime, type LocalTime } from '../../domain/local-time.js';
import type { Storage } from '../../storage/port.js';

/** How long an athlete's time-zone setting is reused during an import. */
const SETTING_TTL_MS = 2000;

/** The zone this machine runs in: the default for an athlete who set none. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Local time of a new activity (issue 13 §2): device offset, zone at the start, else the athlete's
 * setting (read at most every 2 s during a bulk import).
 */
export class LocalTimeResolver {
  private cache = new Map<string, { atMs: number; zone: Promise<string> }>();
  constructor(private storage: Storage) {}

  settingZone(userId: string): Promise<string> {
    const now = Date.now();
    const hit = this.cache.get(userId);
    if (hit && now - hit.atMs < SETTING_TTL_MS) return hit.zone;
    const zone = this.storage.users.settings(userId).then((s) => s.timeZone ?? systemTimeZone());
    this.cache.set(userId, { atMs: now, zone });
    zone.catch(() => this.cache.delete(userId));
    return zone;
  }

  /** Forget a cached setting (the athlete just changed it). */
  invalidate(userId: string): void {
    this.cache.delete(userId);
  }

  async resolve(userId: string, a: { startTime: string; deviceUtcOffsetS?: number; startLatDeg: number | null; startLonDeg: number | null }): Promise<LocalTime> {
    return resolveLocalTime({ startMs: Date.parse(a.startTime), deviceUtcOffsetS: a.deviceUtcOffsetS, startLatDeg: a.startLatDeg, startLonDeg: a.startLonDeg, settingZone: await this.settingZone(userId) });
  }
}
