/**
 * Which Parquet writer for the analytics export (issue 16): hyparquet-writer, parquet-wasm (with
 * apache-arrow to build the table) and @dsnp/parquetjs, each writing the same 1,000,000 samples
 * (278 one-hour activities at 1 Hz: activity id, time, lat/lon, altitude, HR, cadence, power,
 * speed, distance; power missing on every other activity) with Snappy, in row groups of 100,000.
 * Only hyparquet-writer is a dependency; to rerun the comparison, in a scratch folder:
 *   npm i hyparquet-writer hyparquet parquet-wasm apache-arrow @dsnp/parquetjs
 *   cp bench/parquet-writers.mjs . && for w in hyparquet parquet-wasm parquetjs; do node parquet-writers.mjs $w; done
 * Each writer runs in its own process so its peak RSS is its own. Every file is read back with
 * hyparquet and its row count and sums checked.
 */
import { statSync, rmSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';

const N = Number(process.argv[3] ?? 1_000_000);
const GROUP = 100_000;
const which = process.argv[2];
const file = `/tmp/pq-${which}.parquet`;

function gen(i) {
  // Deterministic, realistic-looking: one activity per 3,600 samples.
  const a = Math.floor(i / 3600);
  const t = i % 3600;
  const hasPower = a % 2 === 0;
  return {
    activity_id: `act-${String(a).padStart(6, '0')}-0000-0000-000000000000`,
    t_s: t,
    lat_deg: 47.3 + Math.sin(t / 600 + a) * 0.01 + t * 1e-6,
    lon_deg: 8.5 + Math.cos(t / 600 + a) * 0.01,
    altitude_m: 400 + Math.sin(t / 300) * 30 + (t % 7) * 0.2,
    hr_bpm: 120 + ((t * 7 + a) % 40),
    cadence_rpm: 80 + ((t * 3) % 15),
    power_w: hasPower ? 180 + ((t * 13) % 120) : null,
    speed_mps: 3 + ((t * 11) % 100) / 100,
    distance_m: t * 3.4,
  };
}
const COLS = ['activity_id', 't_s', 'lat_deg', 'lon_deg', 'altitude_m', 'hr_bpm', 'cadence_rpm', 'power_w', 'speed_mps', 'distance_m'];

let peak = process.memoryUsage().rss;
const base = peak;
const probe = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);

async function hyparquet() {
  const { ParquetWriter, ByteWriter } = await import('hyparquet-writer');
  const out = createWriteStream(file);
  const w = new ByteWriter();
  w.flush = async () => {
    const chunk = Buffer.from(w.buffer.slice(0, w.index));
    w.index = 0;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  w.finish = () => w.flush();
  const schema = [
    { name: 'root', num_children: COLS.length },
    { name: 'activity_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    { name: 't_s', type: 'DOUBLE', repetition_type: 'REQUIRED' },
    ...COLS.slice(2).map((name) => ({ name, type: 'DOUBLE', repetition_type: 'OPTIONAL' })),
  ];
  const pw = new ParquetWriter({ writer: w, schema, codec: 'SNAPPY' });
  for (let s = 0; s < N; s += GROUP) {
    const n = Math.min(GROUP, N - s);
    const cols = Object.fromEntries(COLS.map((c) => [c, c === 'activity_id' ? new Array(n) : new Array(n)]));
    for (let i = 0; i < n; i++) {
      const r = gen(s + i);
      for (const c of COLS) cols[c][i] = r[c];
    }
    await pw.write({ columnData: COLS.map((name) => ({ name, data: cols[name] })), rowGroupSize: GROUP });
  }
  await pw.finish();
  out.end();
  await once(out, 'finish');
}

async function parquetWasm() {
  const arrow = await import('apache-arrow');
  const pq = await import('parquet-wasm');
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.SNAPPY).setMaxRowGroupSize(GROUP).build();
  // One record batch per row group through transformParquetStream (the streaming API).
  let s = 0;
  const batches = new ReadableStream({
    pull(ctrl) {
      if (s >= N) return ctrl.close();
      const n = Math.min(GROUP, N - s);
      const cols = Object.fromEntries(COLS.map((c) => [c, []]));
      for (let i = 0; i < n; i++) {
        const r = gen(s + i);
        for (const c of COLS) cols[c].push(r[c]);
      }
      s += n;
      const t = arrow.tableFromArrays({
        activity_id: arrow.vectorFromArray(cols.activity_id, new arrow.Utf8()),
        ...Object.fromEntries(COLS.slice(1).map((c) => [c, arrow.vectorFromArray(cols[c], new arrow.Float64())])),
      });
      const wt = pq.Table.fromIPCStream(arrow.tableToIPC(t, 'stream'));
      for (const b of wt.recordBatches()) ctrl.enqueue(b);
    },
  });
  const bytes = await pq.transformParquetStream(batches, props);
  const out = createWriteStream(file);
  for await (const chunk of bytes) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

async function parquetjs() {
  const { ParquetSchema, ParquetWriter } = await import('@dsnp/parquetjs');
  const schema = new ParquetSchema({
    activity_id: { type: 'UTF8', compression: 'SNAPPY' },
    t_s: { type: 'DOUBLE', compression: 'SNAPPY' },
    ...Object.fromEntries(COLS.slice(2).map((c) => [c, { type: 'DOUBLE', optional: true, compression: 'SNAPPY' }])),
  });
  const w = await ParquetWriter.openFile(schema, file, { rowGroupSize: GROUP });
  for (let i = 0; i < N; i++) {
    const r = gen(i);
    if (r.power_w === null) delete r.power_w;
    await w.appendRow(r);
  }
  await w.close();
}

async function check() {
  const { parquetReadObjects, parquetMetadataAsync } = await import('hyparquet');
  const { asyncBufferFromFile } = await import('hyparquet');
  const f = await asyncBufferFromFile(file);
  const meta = await parquetMetadataAsync(f);
  let rows = 0, hr = 0, power = 0;
  for (let g = 0; g < meta.row_groups.length; g++) {
    const start = meta.row_groups.slice(0, g).reduce((a, r) => a + Number(r.num_rows), 0);
    const objs = await parquetReadObjects({ file: f, columns: ['hr_bpm', 'power_w'], rowStart: start, rowEnd: start + Number(meta.row_groups[g].num_rows) });
    for (const o of objs) { rows++; hr += Number(o.hr_bpm); power += o.power_w == null ? 0 : Number(o.power_w); }
  }
  let eh = 0, ep = 0;
  for (let i = 0; i < N; i++) { const r = gen(i); eh += r.hr_bpm; ep += r.power_w ?? 0; }
  return { rows, ok: rows === N && hr === eh && Math.abs(power - ep) < 1e-6, groups: meta.row_groups.length };
}

const t0 = performance.now();
await ({ hyparquet, 'parquet-wasm': parquetWasm, parquetjs })[which]();
const s = (performance.now() - t0) / 1000;
clearInterval(probe);
const size = statSync(file).size;
const c = await check();
console.log(JSON.stringify({ writer: which, samples: N, seconds: +s.toFixed(2), mb: +(size / 1048576).toFixed(2), bytesPerSample: +(size / N).toFixed(2), peakRssGrowthMb: Math.round((peak - base) / 1048576), readBack: c }));
rmSync(file, { force: true });
