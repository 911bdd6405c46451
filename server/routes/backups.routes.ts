import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Storage } from '../storage/port.js';
import type { ImportService } from '../services/import.service.js';
import { importBackupIntoAccount } from '../services/backup/account-import.js';
import { BackupError } from '../services/backup/backup-format.js';
import { backupJobParams, backupNameParams, backupSettingsBody, housekeepingSettingsBody, type BackupSettingsDto, type HousekeepingSettingsDto } from '../../shared/backup-api.js';
import type { BackupService } from '../services/backup/backup.service.js';

/**
 * Backups of the whole instance (issue 16). Token-protected like every route without an access
 * declaration (plugins/auth.ts). Registered by app.ts when `deps.backups` exists.
 */
export interface BackupRouteDeps {
  backups: BackupService;
  /** For uploading a backup into the caller's own account (absent: that route is not offered). */
  account?: { storage: Storage; imports: ImportService; dataDir: string; maxUploadBytes: number; exclude?: Parameters<typeof importBackupIntoAccount>[0]['exclude'] };
}

export async function backupsRoutes(app: FastifyInstance, { backups, account }: BackupRouteDeps) {
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

  // Housekeeping (issue 16): retention settings, the last cleanup's report, and a run on demand.
  app.get('/api/v1/housekeeping', async () => backups.housekeeping.get());

  app.put('/api/v1/housekeeping/settings', { schema: { body: housekeepingSettingsBody } }, async (req) => backups.housekeeping.updateSettings(req.body as Partial<HousekeepingSettingsDto>));

  app.post('/api/v1/housekeeping/run', async () => backups.housekeeping.run('manual'));

  if (!account) return;
  // A desktop backup (the .tar.gz of `milevault backup` or Settings → Backups) into the caller's
  // account: its athlete's activities and health, re-scoped to req.userId (account-import.ts).
  await app.register(async (scope) => {
    scope.addContentTypeParser(['application/gzip', 'application/x-gzip', 'application/octet-stream'], (_req, payload, done) => done(null, payload));
    scope.post('/api/v1/account/backup-import', async (req, reply) => {
      const q = (req.query ?? {}) as Record<string, unknown>;
      const sourceUserId = typeof q.sourceUserId === 'string' && /^[A-Za-z0-9_.:-]{1,100}$/.test(q.sourceUserId) ? q.sourceUserId : undefined;
      const body = req.body as NodeJS.ReadableStream | undefined;
      if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function') {
        return reply.status(400).send({ error: { code: 'bad_request', message: 'send the backup file (.tar.gz) as the body, content-type application/gzip' } });
      }
      const dir = join(account.dataDir, 'incoming');
      await mkdir(dir, { recursive: true });
      const file = join(dir, `account-backup-${randomBytes(6).toString('hex')}.tar.gz`);
      let size = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          size += chunk.length;
          cb(size > account.maxUploadBytes ? Object.assign(new Error(`the backup is larger than the upload limit (${Math.round(account.maxUploadBytes / 1048576)} MB)`), { statusCode: 413, code: 'too_large' }) : null, chunk);
        },
      });
      try {
        await pipeline(body, limit, createWriteStream(file));
        const { followUp: _named, ...r } = await importBackupIntoAccount({ storage: account.storage, imports: account.imports, tmpDir: dir, exclude: account.exclude }, file, req.userId, { sourceUserId });
        return reply.status(202).send(r);
      } catch (e) {
        if (e instanceof BackupError) return reply.status(400).send({ error: { code: 'bad_backup', message: e.message } });
        throw e;
      } finally {
        await rm(file, { force: true });
      }
    });
  });
}
