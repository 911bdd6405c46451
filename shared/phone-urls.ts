/**
 * GET /api/v1/phone-urls (issue 17): the Health Auto Export URLs a phone can use — the configured
 * public URL and this machine's LAN addresses — each with whether this server will answer it as
 * configured, why not, and a QR code (SVG) of it.
 */
export interface PhoneUrlDto {
  url: string;
  kind: 'public' | 'lan';
  /** Whether the server, as configured now, answers a phone on this URL. */
  reachable: boolean;
  /** Why not, and what to change (null when reachable). */
  problem: string | null;
  /** QR code of `url` as an SVG document. */
  qrSvg: string;
}

export interface PhoneUrlsDto {
  /** The address the server listens on (HOST) and the port this request came in on. */
  host: string;
  port: number;
  /** True when the server listens on loopback only: no other device can reach it. */
  loopbackOnly: boolean;
  urls: PhoneUrlDto[];
}

export const phoneUrlsQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
