import type { FastifyInstance } from 'fastify';
import { activityExportParams } from '../../shared/export-api.js';
import { EXPORT_TYPES, renderExport, type ExportFormat } from '../services/export/activity-formats.js';
import type { Storage } from '../storage/port.js';

/** A file name from an activity's name and date: letters, digits, dashes. */
function fileBase(name: string, startTime: string): string {
  const slug = name.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').slice(0, 60);
  return `${startTime.slice(0, 10)}${slug ? `-${slug}` : ''}`;
}

/** GET /api/v1/activities/:id/export/:format: GPX, TCX, CSV of samples or GeoJSON of one activity (issue 16). */
export async function exportsRoutes(app: FastifyInstance, { storage }: { storage: Storage }) {
  app.get('/api/v1/activities/:id/export/:format', { schema: { params: activityExportParams } }, async (req, reply) => {
    const { id, format } = req.params as { id: string; format: ExportFormat };
    const activity = await storage.activities.get(req.userId, id);
    if (!activity) return reply.status(404).send({ error: { code: 'not_found', message: 'activity not found' } });
    const streams = (await storage.activities.readStreams(req.userId, id)) ?? { timeS: [], channels: {}, developer: [] };
    return reply
      .type(EXPORT_TYPES[format])
      .header('content-disposition', `attachment; filename="${fileBase(activity.name, activity.startTime)}.${format}"`)
      .send(renderExport(format, activity, streams));
  });
}
