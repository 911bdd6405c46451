import type { FastifyInstance } from 'fastify';
import { accepted, ok } from './auto-ingest-responses.js';
import { jobIdParams } from '../../shared/jobs-api.js';
import type { UsbService } from '../services/usb/usb.service.js';

/** The Garmin watch over USB (issue 18): what is connected, what is new on it, sync it. */
export async function usbRoutes(app: FastifyInstance, { usb }: { usb: UsbService }) {
  app.get('/api/v1/usb/devices', { schema: { response: ok('connected Garmin watches and MTP-only devices') } }, async (req) => usb.status(req.userId));
  app.post('/api/v1/usb/devices/:id/sync', { schema: { params: { ...jobIdParams, properties: { id: { type: 'string', minLength: 1, maxLength: 1024 } } }, response: accepted('the usb-sync job') } }, async (req, reply) =>
    reply.status(202).send(await usb.sync(req.userId, (req.params as { id: string }).id)),
  );
}
