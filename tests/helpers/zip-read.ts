import yauzl from 'yauzl';
import type { ZipEntry } from './archive-fixtures.js';

/** All members of a zip held in memory (test fixtures only). */
export function readEntries(zip: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err);
      const out: ZipEntry[] = [];
      z.on('entry', (e: yauzl.Entry) => {
        z.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out.push({ name: e.fileName, bytes: Buffer.concat(chunks) });
            z.readEntry();
          });
        });
      });
      z.on('end', () => resolve(out));
      z.readEntry();
    });
  });
}
