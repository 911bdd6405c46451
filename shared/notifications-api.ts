/** Notifications (issue 18): what can notify, where it goes, and how delivery went. */

/** What can notify, each switched on or off per user. */
export const NOTIFICATION_KINDS = ['new-records', 'insights', 'job-failures', 'sync-failures', 'backup-failures'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Where notifications go: a generic JSON webhook, ntfy, Gotify, and the desktop shell (server-sent event). */
export const NOTIFICATION_CHANNELS = ['webhook', 'ntfy', 'gotify', 'desktop'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export interface NotificationChannelDto {
  enabled: boolean;
  /** webhook: the URL posted to; ntfy: the topic URL (https://ntfy.sh/my-topic); gotify: the server's base URL. Unused by desktop. */
  url: string;
  /** ntfy access token (Bearer) or Gotify application token; never sent back, only whether one is set. */
  tokenSet: boolean;
}

export interface NotificationSettingsDto {
  kinds: Record<NotificationKind, boolean>;
  /** Only events of the last this many days notify (an imported history never does). */
  recentDays: number;
  channels: Record<NotificationChannel, NotificationChannelDto>;
}

export interface ChannelStatusDto {
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** Deliveries given up after the last retry. */
  failed: number;
  sent: number;
}

export interface NotificationsDto {
  settings: NotificationSettingsDto;
  status: Record<NotificationChannel, ChannelStatusDto>;
}

/** The JSON body a webhook receives (and the data of the `notification` server-sent event). */
export interface NotificationPayload {
  app: 'MileVault';
  id: string;
  kind: NotificationKind | 'test';
  title: string;
  message: string;
  /** The day the event happened (YYYY-MM-DD). */
  date: string;
  severity: 'info' | 'warning' | 'alert';
  createdAt: string;
}

export interface NotificationTestResultDto {
  results: { channel: NotificationChannel; ok: boolean; status: number | null; error: string | null }[];
}

const URL_FIELD = { type: 'string', maxLength: 2000 } as const;
const channelBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    url: URL_FIELD,
    /** A new token; '' removes the stored one; absent keeps it. */
    token: { type: 'string', maxLength: 500 },
  },
} as const;

export const notificationSettingsBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kinds: { type: 'object', additionalProperties: false, properties: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, { type: 'boolean' }])) },
    recentDays: { type: 'integer', minimum: 0, maximum: 365 },
    channels: { type: 'object', additionalProperties: false, properties: Object.fromEntries(NOTIFICATION_CHANNELS.map((c) => [c, channelBody])) },
  },
} as const;

export interface NotificationSettingsPatch {
  kinds?: Partial<Record<NotificationKind, boolean>>;
  recentDays?: number;
  channels?: Partial<Record<NotificationChannel, { enabled?: boolean; url?: string; token?: string }>>;
}

export const notificationTestBody = {
  type: 'object',
  additionalProperties: false,
  properties: { channel: { type: 'string', enum: [...NOTIFICATION_CHANNELS] } },
} as const;
