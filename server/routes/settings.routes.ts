import type { FastifyInstance } from 'fastify';
import { settingsPutBody } from '../../shared/schemas.js';
import { isTimeZone } from '../domain/local-time.js';
import type { AppDeps } from '../app.js';
import { systemTimeZone } from '../services/activities/local-time-resolver.js';
import { badRequest } from '../plugins/errors.js';
import type { UserSettings } from '../storage/port.js';

export interface SettingsDto extends UserSettings {
  /** The athlete's zone, null = the system's (`systemTimeZone`). */
  timeZone: string | null;
  systemTimeZone: string;
}

/**
 * Per-athlete settings, one row per user (in server mode the signed-in account's). The time zone
 * is the fallback for activities whose file tells neither a device offset nor a position (issue
 * 13 §2); it applies to activities imported from now on. Units and the map layer are display
 * preferences (issue 14): stored here so they follow the athlete, not the browser.
 */
export async function settingsRoutes(app: FastifyInstance, { storage, imports }: Pick<AppDeps, 'storage' | 'imports'>) {
  app.get('/api/v1/settings', async (req): Promise<SettingsDto> => ({ ...(await storage.users.settings(req.userId)), systemTimeZone: systemTimeZone() }));
  app.put('/api/v1/settings', { schema: { body: settingsPutBody } }, async (req): Promise<SettingsDto> => {
    const b = req.body as Partial<UserSettings>;
    if (typeof b.timeZone === 'string' && !isTimeZone(b.timeZone)) throw badRequest(`"${b.timeZone}" is not a known IANA time zone (e.g. Europe/Berlin)`);
    await storage.users.ensure(req.userId, req.userId);
    const patch: Partial<UserSettings> = {};
    if (b.timeZone !== undefined) patch.timeZone = b.timeZone;
    if (b.units !== undefined) patch.units = b.units;
    if (b.mapLayer !== undefined) patch.mapLayer = b.mapLayer;
    const next = await storage.users.setSettings(req.userId, patch);
    if (b.timeZone !== undefined) imports.store.localTime.invalidate(req.userId);
    return { ...next, systemTimeZone: systemTimeZone() };
  });
}
