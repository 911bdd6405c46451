import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { idParams } from '../../shared/schemas.js';
import { boundedInt } from '../../shared/validators.js';
import type { AppDeps } from '../app.js';
import type { JobSource } from '../services/import.service.js';

/** Rows of a job per answer: enough for any ordinary upload, bounded for a huge archive. */
export const JOB_PAGE_DEFAULT = 500;
export const JOB_PAGE_MAX = 1000;

const jobPageQuery = {
  type: 'object',
  properties: {
    offset: boundedInt(0, 10_000_000, 0),
    limit: boundedInt(1, JOB_PAGE_MAX, JOB_PAGE_DEFAULT),
  },
} as const;

/** Browsers send paths for folder drops on some platforms; keep the last part, printable, bounded. */
function cleanName(name: string | undefined, idx: number): string {
  const n = basename((name ?? '').replace(/\\/g, '/')).replace(/[\u0000-\u001f]/g, '').slice(0, 255);
  return n || `file-${idx + 1}`;
}

export async function importsRoutes(app: FastifyInstance, deps: AppDeps) {
  /**
   * Multipart upload of one or many files (any field name). Each file is streamed to the incoming
   * folder, never held whole in memory; a file over the size limit is recorded as failed and the
   * others still import. Answers 202 with the job id at once; GET /imports/:id reports progress.
   */
  app.post('/api/v1/imports', async (req, reply) => {
    if (!req.isMultipart()) {
      return reply.status(415).send({ error: { code: 'unsupported_media_type', message: 'send the files as multipart/form-data' } });
    }
    const stagingId = randomUUID();
    const dir = join(deps.incomingDir, stagingId);
    await mkdir(dir, { recursive: true });
    const sources: JobSource[] = [];
    try {
      for await (const part of req.files({ limits: { fileSize: deps.config.maxUploadBytes }, throwFileSizeLimit: false })) {
        const idx = sources.length;
        const path = join(dir, String(idx));
        await pipeline(part.file, createWriteStream(path));
        const name = cleanName(part.filename, idx);
        const tooLarge = part.file.truncated;
        sources.push({ name, path, owned: true, rejected: tooLarge ? `the file is larger than the ${Math.round(deps.config.maxUploadBytes / 1048576)} MB upload limit` : undefined });
        if (tooLarge) await rm(path, { force: true });
      }
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw Object.assign(new Error(`the upload could not be read: ${e instanceof Error ? e.message : String(e)}`), { statusCode: 400, code: 'bad_upload' });
    }
    if (!sources.length) {
      await rm(dir, { recursive: true, force: true });
      return reply.status(400).send({ error: { code: 'no_files', message: 'the upload contained no files' } });
    }
    // ?dryRun=true (issue 4): report what would be imported, duplicates and problems; write nothing.
    const q = req.query as { dryRun?: string } | undefined;
    if (q?.dryRun === 'true' || q?.dryRun === '1') {
      try {
        return await deps.imports.preview(req.userId, sources);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    // Journalled: the upload is a row of the durable jobs list too (issue 18), with progress and cancel.
    const id = await deps.imports.createJob(req.userId, sources, stagingId, { journal: true });
    return reply.status(202).send({ id });
  });

  app.get('/api/v1/imports', async (req) => deps.storage.imports.list(req.userId, 20));

  /**
   * The job with counts and one page of its rows (issue 12, defect 5): `?offset=0&limit=500` by
   * default, at most 1,000 rows an answer, so polling a 100,000-member zip stays a few KB.
   */
  app.get('/api/v1/imports/:id', { schema: { params: idParams, querystring: jobPageQuery } }, async (req, reply) => {
    const { offset, limit } = req.query as { offset: number; limit: number };
    const job = await deps.imports.jobView(req.userId, (req.params as { id: string }).id, { offset, limit });
    if (!job) return reply.status(404).send({ error: { code: 'not_found', message: 'import job not found' } });
    return job;
  });
}
