/** Settings → Notifications (issue 18). */
import type { NotificationChannel, NotificationSettingsPatch, NotificationsDto, NotificationTestResultDto } from '../../../shared/notifications-api.js';
import { apiUrl, request } from './api-client';

const json = (method: string, body?: unknown) => ({ method, headers: { 'content-type': 'application/json', 'x-milevault-client': 'renderer' }, body: body === undefined ? undefined : JSON.stringify(body) });

export const notificationsApi = {
  get: (signal?: AbortSignal) => request<NotificationsDto>(apiUrl('/notifications'), { signal }),
  save: (patch: NotificationSettingsPatch) => request<NotificationsDto>(apiUrl('/notifications'), json('PUT', patch)),
  test: (channel?: NotificationChannel) => request<NotificationTestResultDto>(apiUrl('/notifications/test'), json('POST', channel ? { channel } : {})),
};
