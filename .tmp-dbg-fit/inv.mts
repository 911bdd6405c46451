import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseFit } from '../server/ingest/fit/fit.parser.js';
const inv = readFileSync('/work/shared/corpus/FIT_INVENTORY.tsv', 'utf8').trim().split('\n').slice(1).map(l => l.split('\t'));
for (const row of inv) {
  const f = '/work/shared/corpus/' + row[0];
  let b = new Uint8Array(readFileSync(f)); if (f.endsWith('.gz')) b = new Uint8Array(gunzipSync(b));
  const r = parseFit(b);
  const n = r.kind === 'activities' ? r.activities.reduce((s, a) => s + a.streams.timeS.length, 0) : -1;
  const sess = r.kind === 'activities' ? r.activities.reduce((s, a) => s + a.sessions.length, 0) : -1;
  const w = r.kind === 'activities' ? r.warnings.filter(x => /recovered|stopped/.test(x)).join(' | ') : r.kind;
  if (String(n) !== row[9] || w) console.log(row[0].padEnd(70), 'inv rec', row[9], 'ours', n, 'sess', row[8], sess, w);
}
