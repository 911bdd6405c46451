/** Per-activity exports (issue 16): request schema shared by the route and the renderer. */
import { idSchema } from './validators.js';

export const EXPORT_FORMATS = ['gpx', 'tcx', 'csv', 'geojson'] as const;

export const activityExportParams = {
  type: 'object',
  required: ['id', 'format'],
  properties: { id: idSchema, format: { type: 'string', enum: EXPORT_FORMATS } },
} as const;
