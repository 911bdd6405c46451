import { describe, expect, it } from 'vitest';
import { acceptsGzip, pickEncoding } from './content-encoding.js';

describe('Accept-Encoding negotiation', () => {
  it('prefers Brotli when offered, by q-value otherwise, and honours q=0 and *', () => {
    const cases: [string | undefined, 'br' | 'gzip' | null][] = [
      [undefined, null],
      ['', null],
      ['identity', null],
      ['gzip, deflate', 'gzip'],
      ['gzip, deflate, br, zstd', 'br'],
      ['BR', 'br'],
      ['br;q=0.5, gzip', 'gzip'],
      ['br;q=0.9, gzip;q=0.9', 'br'],
      ['gzip;q=0', null],
      ['br;q=0, gzip;q=0', null],
      ['br;q=0, gzip', 'gzip'],
      ['*', 'br'],
      ['*;q=0', null],
      ['gzip;q=0, *', 'br'],
      ['br;q=0, *;q=0.3', 'gzip'],
      ['x-gzip', 'gzip'],
      ['gzip ; q = 0.000', null],
      ['gzip;q=bogus', 'gzip'],
      [',,;q=1,', null],
    ];
    for (const [h, want] of cases) expect(pickEncoding(h), String(h)).toBe(want);
    expect(pickEncoding(['gzip'])).toBe(null);
  });

  it('acceptsGzip reads the same q-values', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0.0, br')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('br')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
