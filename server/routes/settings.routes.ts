import type { FastifyInstance } from 'fastify';
import { settingsPutBody } from '../../shared/schemas.js';
import { isTimeZone } from '../domain/local-time.js';
import type { AppDeps } from '../app.js';
import { systemTimeZone } from '../services/activities/local-time-resolver.js';
import { badRequest } from '../plugins/errors.js';

export interface SettingsDto {
  /** The athlete's zone, null = the system's (`systemTimeZone`). */
  timeZone: string | null;
  systemTimeZone: string;
}

/**
 * Per-athlete settings. The time zone is the fallback for activities whose file tells neither a
 * device offset nor a position (issue 13 §2); it applies to activities imported from now on.
 */
export async function settingsRoutes(app: FastifyInstance, { storage, imports }: Pick<AppDeps, 'storage' | 'imports'>) {
  app.get('/api/v1/settings', async (req): Promise<SettingsDto> => ({ ...(await storage.users.settings(req.userId)), systemTimeZone: systemTimeZone() }));
  app.put('/api/v1/settings', { schema: { body: settingsPutBody } }, async (req): Promise<SettingsDto> => {
    const b = req.body as { timeZone?: string | null };
    if (typeof b.timeZone === 'string' && !isTimeZone(b.timeZone)) throw badRequest(`"${b.timeZone}" is not a known IANA time zone (e.g. Europe/Berlin)`);
    await storage.users.ensure(req.userId, req.userId);
    const next = await storage.users.setSettings(req.userId, b);
    imports.store.localTime.invalidate(req.userId);
    return { ...next, systemTimeZone: systemTimeZone() };
  });
}
