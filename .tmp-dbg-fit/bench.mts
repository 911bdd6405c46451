import { readFileSync } from 'node:fs';
import { parseFit } from '../server/ingest/fit/fit.parser.js';
import { bareDecodeFitFileParser } from '../server/ingest/fit/bare-decode.js';
const files = ['goldencheetah/MultiSport-2019-11-24.fit', 'python-fitparse/activity-large-fenxi2-multisport.fit', 'python-fitparse/2019-02-17-062644-ELEMNT-297E-195-0.fit', 'sports-lib/FR945-run-6782987395.fit'];
for (const f of files) {
  const b = new Uint8Array(readFileSync('/work/shared/corpus/fit/' + f));
  for (let k = 0; k < 2; k++) { parseFit(b); await bareDecodeFitFileParser(b); }
  let t0 = performance.now(); for (let k = 0; k < 5; k++) parseFit(b); const ours = (performance.now() - t0) / 5;
  t0 = performance.now(); for (let k = 0; k < 5; k++) await bareDecodeFitFileParser(b); const theirs = (performance.now() - t0) / 5;
  console.log(f, (b.length/1e6).toFixed(2)+'MB', 'ours', ours.toFixed(1), 'ms  fit-file-parser', theirs.toFixed(1), 'ms  ratio', (theirs/ours).toFixed(2));
}
