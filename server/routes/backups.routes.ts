import type { FastifyInstance } from 'fastify';
import { backupJobParams, backupNameParams, backupSettingsBody, type BackupSettingsDto } from '../../shared/backup-api.js';
import type { BackupService } from '../services/backup/backup.service.js';

/**
 * Backups of the whole instance (issue 16). Token-protected like every route without an access
 * declaration (plugins/auth.ts). Registered by app.ts when `deps.backups` exists.
 */
export async function backupsRoutes(app: FastifyInstance, { backups }: { backups: BackupService }) {
  app.get('/api/v1/backups', async () => backups.list());

  app.post('/api/v1/backups', async (_req, reply) => reply.status(202).send(await backups.start('manual')));

  app.get('/api/v1/backups/jobs/:id', { schema: { params: backupJobParams } }, async (req) => backups.job((req.params as { id: string }).id));

  app.get('/api/v1/backups/files/:name', { schema: { params: backupNameParams } }, async (req, reply) => {
    const name = (req.params as { name: string }).name;
    const { stream, sizeBytes } = await backups.open(name);
    return reply.type('application/gzip').header('content-length', sizeBytes).header('content-disposition', `attachment; filename="${name}"`).send(stream);
  });

  app.get('/api/v1/backups/settings', async () => backups.settings());

  app.put('/api/v1/backups/settings', { schema: { body: backupSettingsBody } }, async (req) => backups.updateSettings(req.body as Partial<BackupSettingsDto>));
}
