import { gzipSync } from 'node:zlib';
import type { StreamChannel } from '../../../shared/activity.js';
import type { StreamsDto } from '../../../shared/api.js';
import { downsampleStreams } from '../../domain/downsample.js';
import { decodeStreams } from '../../storage/stream-codec.js';

export interface RenderStreamsOptions {
  channels?: readonly StreamChannel[];
  maxPoints?: number;
  /** Compress the JSON (the client accepts gzip). */
  gzip?: boolean;
}

/** GET /activities/:id/streams answers this shape (shared/api.ts StreamsDto). */
export function streamsDto(blob: Uint8Array, o: Pick<RenderStreamsOptions, 'channels' | 'maxPoints'>): StreamsDto {
  const s = decodeStreams(blob, { channels: o.channels });
  const sampleCount = s.timeS.length;
  const d = o.maxPoints ? downsampleStreams(s, o.maxPoints) : s;
  return {
    sampleCount,
    timeS: d.timeS,
    channels: d.channels,
    developer: d.developer.map(({ key, name, units, values }) => ({ key, name, units, values })),
  };
}

/**
 * A stored stream blob to the response body: decode, downsample, JSON (JSON.stringify writes
 * thousands of numbers several times faster than a schema serializer) and, when asked, gzip.
 * Pure and synchronous: the render worker runs it off the event loop (streams-render-pool.ts);
 * without a worker it runs inline.
 */
export function renderStreams(blob: Uint8Array, o: RenderStreamsOptions): Uint8Array {
  const json = Buffer.from(JSON.stringify(streamsDto(blob, o)));
  // Level 4: a chart's 90 KB of JSON becomes about a quarter for a third of level 6's time.
  return o.gzip ? gzipSync(json, { level: 4 }) : json;
}
