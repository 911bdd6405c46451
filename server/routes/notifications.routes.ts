import type { FastifyInstance } from 'fastify';
import { ok } from './auto-ingest-responses.js';
import { type NotificationChannel, notificationSettingsBody, type NotificationSettingsPatch, notificationTestBody } from '../../shared/notifications-api.js';
import type { NotificationService } from '../services/notify/notification.service.js';

/** Settings → Notifications (issue 18): kinds, channels, the recent window, delivery status, send test. */
export async function notificationsRoutes(app: FastifyInstance, { notifications }: { notifications: NotificationService }) {
  app.get('/api/v1/notifications', { schema: { response: ok('notification settings and per-channel delivery status') } }, async (req) => notifications.get(req.userId));

  app.put('/api/v1/notifications', { schema: { body: notificationSettingsBody, response: ok('notification settings and per-channel delivery status') } }, async (req) =>
    notifications.update(req.userId, (req.body ?? {}) as NotificationSettingsPatch),
  );

  app.post('/api/v1/notifications/test', { schema: { body: notificationTestBody, response: ok('the outcome per channel: { results }') } }, async (req) =>
    notifications.test(req.userId, ((req.body ?? {}) as { channel?: NotificationChannel }).channel),
  );
}
