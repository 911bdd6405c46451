/**
 * Which URLs a phone can push Health Auto Export data to (issue 17): the configured public URL
 * and every LAN address of this machine, judged against what the server actually answers
 * (plugins/request-guard.ts): bound to loopback, nothing else reaches it; bound to all
 * addresses, a Host is answered when no names are configured or when it is one of them.
 * Pure apart from the QR rendering: the caller passes the interfaces (os.networkInterfaces()).
 */
import type { NetworkInterfaceInfo } from 'node:os';
import type { PhoneUrlDto, PhoneUrlsDto } from '../../shared/phone-urls.js';
import { isLoopbackBind } from '../plugins/request-guard.js';

export const HAE_PATH = '/api/v1/ingest/health-auto-export';

type Interfaces = Record<string, NetworkInterfaceInfo[] | undefined>;

/** IPv4 LAN addresses first (what people type), then global IPv6; no loopback or link-local. */
export function lanAddresses(ifaces: Interfaces): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(ifaces)) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4') v4.push(a.address);
      else if (a.family === 'IPv6' && !/^fe80:/i.test(a.address)) v6.push(a.address);
    }
  }
  return [...new Set([...v4, ...v6])];
}

const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

export function phoneUrlList(cfg: { host: string; publicUrl?: string; allowedHosts: string[] }, port: number, ifaces: Interfaces): Omit<PhoneUrlDto, 'qrSvg'>[] {
  const out: Omit<PhoneUrlDto, 'qrSvg'>[] = [];
  if (cfg.publicUrl) out.push({ url: new URL(HAE_PATH.slice(1), cfg.publicUrl.endsWith('/') ? cfg.publicUrl : `${cfg.publicUrl}/`).toString(), kind: 'public', reachable: true, problem: null });
  const named = [...(cfg.publicUrl ? [new URL(cfg.publicUrl).host] : []), ...cfg.allowedHosts].map((h) => h.toLowerCase());
  const loopback = isLoopbackBind(cfg.host);
  for (const addr of lanAddresses(ifaces)) {
    const hostPort = `${addr.includes(':') ? `[${addr}]` : addr}:${port}`;
    let problem: string | null = null;
    if (loopback) problem = `The server listens on ${cfg.host} only, so a phone cannot reach it. Start it with HOST=0.0.0.0 (and keep an auth token set) to allow your local network.`;
    else if (!WILDCARD.has(cfg.host) && cfg.host !== addr) problem = `The server listens on ${cfg.host}, not on this address.`;
    else if (named.length && !named.some((n) => n === hostPort.toLowerCase() || n === addr.toLowerCase())) problem = `Only the configured host names are answered: add ${hostPort} to MILEVAULT_ALLOWED_HOSTS.`;
    out.push({ url: `http://${hostPort}${HAE_PATH}`, kind: 'lan', reachable: problem === null, problem });
  }
  return out;
}

export async function phoneUrls(cfg: { host: string; publicUrl?: string; allowedHosts: string[] }, port: number, ifaces: Interfaces): Promise<PhoneUrlsDto> {
  const list = phoneUrlList(cfg, port, ifaces);
  // Loaded when a phone page is first asked for, not at start (issue 14: server ready time).
  const { default: QRCode } = await import('qrcode');
  const urls = await Promise.all(list.map(async (u) => ({ ...u, qrSvg: await QRCode.toString(u.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) })));
  return { host: cfg.host, port, loopbackOnly: isLoopbackBind(cfg.host), urls };
}
