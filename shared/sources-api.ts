/** Watched folders, USB watches, Garmin Connect and notifications (issue 18): shared DTOs and schemas. */
import { boundedInt } from './validators.js';
export interface WatchFolderInput {
  path: string;
  mode?: 'auto' | 'poll';
  pollIntervalS?: number;
}

export interface WatchFolderDto {
  id: string;
  path: string;
  mode: 'auto' | 'poll';
  pollIntervalS: number;
  origin: 'settings' | 'env';
  createdAt: string;
  available: boolean;
  /** True while fs events (inotify…) arrive; false when only the periodic scan runs. */
  usingEvents: boolean;
  note: string | null;
  counts: Record<string, number>;
}

export interface WatchFileDto {
  relPath: string;
  sizeBytes: number;
  status: string;
  activityId: string | null;
  importJobId: string | null;
  error: string | null;
  updatedAt: string;
}

export const watchFolderBody = {
  type: 'object',
  required: ['path'],
  additionalProperties: false,
  properties: {
    path: { type: 'string', minLength: 1, maxLength: 4096 },
    mode: { type: 'string', enum: ['auto', 'poll'] },
    pollIntervalS: { type: 'integer', minimum: 2, maximum: 86_400 },
  },
} as const;

export const watchFolderPatch = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mode: { type: 'string', enum: ['auto', 'poll'] },
    pollIntervalS: { type: 'integer', minimum: 2, maximum: 86_400 },
  },
} as const;

export const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: boundedInt(1, 500, 100),
    offset: boundedInt(0, 10_000_000, 0),
  },
} as const;
