/** Worker thread of StreamsRenderPool: renders chart streams off the event loop. */
import { parentPort } from 'node:worker_threads';
import { renderStreams, type RenderStreamsOptions } from './render-streams.js';

parentPort!.on('message', (m: { id: number; blob: Uint8Array; o: RenderStreamsOptions }) => {
  try {
    let bytes = renderStreams(m.blob, m.o);
    // A Buffer may be a view into a shared pool: only a whole ArrayBuffer can be transferred.
    if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) bytes = new Uint8Array(bytes);
    parentPort!.postMessage({ id: m.id, bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
