import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { ActivityStreams, StreamChannel } from '../../../shared/activity.js';
import type { StreamsDto } from '../../../shared/api.js';
import { downsampleStreams } from '../../domain/downsample.js';
import { decodeStreams } from '../../storage/stream-codec.js';

export interface RenderStreamsOptions {
  channels?: readonly StreamChannel[];
  maxPoints?: number;
  /** Compress the JSON as the client asked (plugins/content-encoding.ts); none when absent. */
  encoding?: 'br' | 'gzip' | null;
  /** gzip's level (default 1: fastest, for a body rendered per request; a stored chart uses more). */
  gzipLevel?: number;
}

/** GET /activities/:id/streams answers this shape (shared/api.ts StreamsDto). */
export function streamsDto(blob: Uint8Array, o: Pick<RenderStreamsOptions, 'channels' | 'maxPoints'>): StreamsDto {
  return dtoOf(decodeStreams(blob, { channels: o.channels }), o);
}

/** The same from streams already decoded (all channels; `o.channels` picks, as decodeStreams would). */
function dtoOf(all: ActivityStreams, o: Pick<RenderStreamsOptions, 'channels' | 'maxPoints'>): StreamsDto {
  let s = all;
  if (o.channels) {
    const want = new Set(o.channels);
    const channels: ActivityStreams['channels'] = {};
    for (const [k, v] of Object.entries(all.channels)) if (want.has(k as StreamChannel)) channels[k as StreamChannel] = v;
    s = { ...all, channels };
  }
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
 * thousands of numbers several times faster than a schema serializer) and, when asked, compress.
 * Pure and synchronous: the render worker runs it off the event loop (streams-render-pool.ts);
 * without a worker it runs inline.
 *
 * Compression was the largest part of a chart's CPU (a 1,500-point chart of an hour, 90 KB of
 * JSON: decode 0.4 ms, downsample 0.3, JSON 0.7, gzip level 4 1.0 ms for 30.0 KB). Brotli at
 * quality 1 takes 0.33 ms for 29.7 KB; gzip level 1 0.75 ms for 32.6 KB (browsers offer Brotli
 * only over HTTPS, so a plain-HTTP LAN gets gzip). Measured in session 7, docs/decisions.md.
 */
export function renderStreams(blob: Uint8Array, o: RenderStreamsOptions): Uint8Array {
  return bodyOf(streamsDto(blob, o), o);
}

/**
 * `renderStreams` of a blob from the streams `decodeStreams(blob)` returns, without decoding it
 * again: the parse worker has them as the encoder's echo (stream-codec.ts encodeStreamsWithEcho).
 */
export function renderDecodedStreams(decoded: ActivityStreams, o: RenderStreamsOptions): Uint8Array {
  return bodyOf(dtoOf(decoded, o), o);
}

function bodyOf(dto: StreamsDto, o: RenderStreamsOptions): Uint8Array {
  const json = Buffer.from(JSON.stringify(dto));
  if (o.encoding === 'br') {
    return brotliCompressSync(json, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1, [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: json.length },
    });
  }
  return o.encoding === 'gzip' ? gzipSync(json, { level: o.gzipLevel ?? 1 }) : json;
}
