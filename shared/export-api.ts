/** Per-activity exports (issue 16): request schema shared by the route and the renderer. */
import { idSchema } from './validators.js';

export const EXPORT_FORMATS = ['gpx', 'tcx', 'csv', 'geojson'] as const;

export const activityExportParams = {
  type: 'object',
  required: ['id', 'format'],
  properties: { id: idSchema, format: { type: 'string', enum: EXPORT_FORMATS } },
} as const;

/** Analytics export (issue 16): the Parquet tables (server/services/export/parquet-export.ts). */
export const PARQUET_TABLE_NAMES = ['activities', 'laps', 'samples', 'health_daily'] as const;

export const parquetTableParams = {
  type: 'object',
  required: ['table'],
  properties: { table: { type: 'string', enum: PARQUET_TABLE_NAMES } },
} as const;
