import type { EventBus } from '../services/jobs/event-bus.js';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { OriginalStore } from '../services/original-store.js';
import { writeAccountExport } from '../services/export/account-export.js';
import { parquetExport, PARQUET_TABLES, type ParquetTable } from '../services/export/parquet-export.js';
import { ZipWriter } from '../services/export/zip-writer.js';
import { activityExportParams, parquetTableParams } from '../../shared/export-api.js';
import { EXPORT_TYPES, renderExport, type ExportFormat } from '../services/export/activity-formats.js';
import type { Storage } from '../storage/port.js';

/** A file name from an activity's name and date: letters, digits, dashes. */
function fileBase(name: string, startTime: string): string {
  const slug = name.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').slice(0, 60);
  return `${startTime.slice(0, 10)}${slug ? `-${slug}` : ''}`;
}

/** Exports (issue 16): one activity as GPX, TCX, CSV of samples or GeoJSON; the whole account as a zip. */
export async function exportsRoutes(app: FastifyInstance, { storage, dataDir, bus }: { storage: Storage; dataDir: string; bus?: EventBus }) {
  const originals = new OriginalStore(join(dataDir, 'originals'));
  /**
   * Progress of a streamed export (issue 16: "exports … stream and show progress"): a download's
   * size is unknown until it ends, so the page follows `export` server-sent events instead —
   * activities done/total for the account zip, tables done/total for Parquet — at most 4 a second.
   */
  const progress = (userId: string, kind: 'account' | 'parquet') => {
    let last = 0;
    return (done: number, total: number, finished = false) => {
      const now = Date.now();
      if (!finished && now - last < 250 && done < total) return;
      last = now;
      bus?.emit(userId, 'export', { kind, done, total, finished });
    };
  };

  /** The whole account as a Strava-shaped zip that MileVault imports back (issue 16), streamed. */
  app.get('/api/v1/export/account', async (req, reply) => {
    const body = new PassThrough();
    const report = progress(req.userId, 'account');
    let seen = { done: 0, total: 0 };
    writeAccountExport({ storage, originals }, req.userId, body, (p) => ((seen = { done: p.activities, total: p.total }), report(p.activities, p.total))).then(
      () => (report(seen.total, seen.total, true), body.end()),
      (e: unknown) => {
        req.log.error(`account export failed: ${e instanceof Error ? e.message : String(e)}`);
        body.destroy(e instanceof Error ? e : new Error(String(e)));
      },
    );
    return reply.type('application/zip').header('content-disposition', `attachment; filename="milevault-account-${new Date().toISOString().slice(0, 10)}.zip"`).send(body);
  });

  /** Analytics (issue 16): activities, laps, samples and daily health as Parquet files in one zip, streamed. */
  app.get('/api/v1/export/parquet', async (req, reply) => {
    const body = new PassThrough();
    (async () => {
      const zip = new ZipWriter(body);
      const report = progress(req.userId, 'parquet');
      for (const [i, t] of PARQUET_TABLES.entries()) {
        report(i, PARQUET_TABLES.length);
        await zip.add(`${t}.parquet`, parquetExport(storage, req.userId, t));
      }
      await zip.finish();
      report(PARQUET_TABLES.length, PARQUET_TABLES.length, true);
    })().then(
      () => body.end(),
      (e: unknown) => {
        req.log.error(`parquet export failed: ${e instanceof Error ? e.message : String(e)}`);
        body.destroy(e instanceof Error ? e : new Error(String(e)));
      },
    );
    return reply.type('application/zip').header('content-disposition', `attachment; filename="milevault-parquet-${new Date().toISOString().slice(0, 10)}.zip"`).send(body);
  });

  /** One table as a Parquet file, streamed. */
  app.get('/api/v1/export/parquet/:table', { schema: { params: parquetTableParams } }, async (req, reply) => {
    const table = (req.params as { table: ParquetTable }).table;
    const body = Readable.from(parquetExport(storage, req.userId, table));
    body.on('error', (e) => req.log.error(`parquet export of ${table} failed: ${e.message}`));
    return reply.type('application/vnd.apache.parquet').header('content-disposition', `attachment; filename="${table}.parquet"`).send(body);
  });

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
