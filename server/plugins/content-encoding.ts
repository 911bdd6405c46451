/**
 * Accept-Encoding negotiation for the bodies the server compresses itself (chart streams, the
 * read cache's pages). RFC 9110 §12.5.3: codings with their q-values, `*` for any other, `q=0`
 * refuses. Only Brotli and gzip are offered; the one the client weights higher wins, Brotli on a
 * tie (smaller, and at quality 1 about a third of gzip's time on a chart, see render-streams.ts).
 */
export type BodyEncoding = 'br' | 'gzip';

/** q-value of each listed coding (lower-cased), `*` included; malformed q-values count as 1. */
function qValues(h: string): Map<string, number> {
  const out = new Map<string, number>();
  // Bounded by the header's length: a header value is at most Node's header size limit.
  for (const part of h.split(',')) {
    const [name, ...params] = part.split(';');
    const coding = name!.trim().toLowerCase();
    if (!coding) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) {
        const v = Number(m[1]);
        if (Number.isFinite(v)) q = Math.min(1, Math.max(0, v));
      }
    }
    out.set(coding, q);
  }
  return out;
}

/** The weights the client gives Brotli and gzip (a coding not listed takes `*`'s, else 0). */
function weights(h: string | string[] | undefined): { br: number; gzip: number } | null {
  if (typeof h !== 'string' || h.length === 0) return null;
  const q = qValues(h);
  const star = q.get('*');
  return { br: q.get('br') ?? star ?? 0, gzip: q.get('gzip') ?? q.get('x-gzip') ?? star ?? 0 };
}

/** How the client wants a compressible body, or null for identity. */
export function pickEncoding(h: string | string[] | undefined): BodyEncoding | null {
  const w = weights(h);
  if (!w || (w.br <= 0 && w.gzip <= 0)) return null;
  return w.br >= w.gzip ? 'br' : 'gzip';
}

/** The client takes gzip (listed, or by `*`, and not refused with `q=0`). */
export function acceptsGzip(h: string | string[] | undefined): boolean {
  return (weights(h)?.gzip ?? 0) > 0;
}
