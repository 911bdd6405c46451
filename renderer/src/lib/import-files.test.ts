import { describe, expect, it } from 'vitest';
import { batchFiles, describeSkipped, isSupportedImportName, selectSupported } from './import-files';

const file = (path: string, size = 10) => Object.assign(new File([new Uint8Array(size)], path.split('/').pop()!), { webkitRelativePath: path });

describe('folder import selection', () => {
  it('keeps FIT/GPX/TCX, gzipped ones and zips in any case, nothing else', () => {
    for (const n of ['a.fit', 'B.FIT', 'c.gpx', 'd.TCX', 'e.fit.gz', 'export.zip', 'f.GPX.GZ']) expect(isSupportedImportName(n), n).toBe(true);
    for (const n of ['notes.txt', 'a.fit.bak', 'photo.jpg', 'fit', 'settings.json', 'a.fitx']) expect(isSupportedImportName(n), n).toBe(false);
  });

  it('counts what it skipped by extension and finds the folder name', () => {
    const s = selectSupported([file('Activity/1.fit'), file('Activity/2.FIT'), file('Activity/readme.txt'), file('Activity/.DS_Store'), file('Activity/._1.fit'), file('Activity/LOG')]);
    expect(s.supported.map((f) => f.name)).toEqual(['1.fit', '2.FIT']);
    expect(s.folder).toBe('Activity');
    expect(describeSkipped(s.skipped)).toBe('2 hidden, 1 without extension, 1 .txt');
  });

  it('batches by count and by bytes, keeping order; an oversize file goes alone', () => {
    const sizes = [5, 5, 5, 5, 5, 50, 5];
    const b = batchFiles(sizes.map((size, i) => ({ size, i })), 3, 20);
    expect(b.map((x) => x.map((f) => f.i))).toEqual([[0, 1, 2], [3, 4], [5], [6]]);
    expect(batchFiles([], 3, 20)).toEqual([]);
  });
});
