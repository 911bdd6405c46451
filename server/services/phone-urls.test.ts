import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lanAddresses, phoneUrlList, phoneUrls } from './phone-urls.js';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal, netmask: '', mac: '', cidr: null }) as unknown as NetworkInterfaceInfo;
const IFACES = {
  lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
  eth0: [iface('192.168.1.20', 'IPv4'), iface('fe80::1', 'IPv6'), iface('2001:db8::20', 'IPv6')],
};

describe('phone URLs for Health Auto Export', () => {
  it('lists LAN addresses, IPv4 first, without loopback or link-local', () => {
    expect(lanAddresses(IFACES)).toEqual(['192.168.1.20', '2001:db8::20']);
  });

  it('says plainly that a loopback-bound server cannot be reached, and how to allow the LAN', () => {
    const list = phoneUrlList({ host: '127.0.0.1', allowedHosts: [] }, 8787, IFACES);
    expect(list.map((u) => u.url)).toEqual(['http://192.168.1.20:8787/api/v1/ingest/health-auto-export', 'http://[2001:db8::20]:8787/api/v1/ingest/health-auto-export']);
    expect(list.every((u) => !u.reachable && /listens on 127\.0\.0\.1 only.*HOST=0\.0\.0\.0/.test(u.problem ?? ''))).toBe(true);
  });

  it('bound to all addresses: reachable, unless host names are configured and this one is not among them', () => {
    expect(phoneUrlList({ host: '0.0.0.0', allowedHosts: [] }, 8787, IFACES).every((u) => u.reachable)).toBe(true);
    const named = phoneUrlList({ host: '0.0.0.0', publicUrl: 'https://fit.example.org', allowedHosts: ['192.168.1.20:8787'] }, 8787, IFACES);
    expect(named[0]).toMatchObject({ kind: 'public', url: 'https://fit.example.org/api/v1/ingest/health-auto-export', reachable: true });
    expect(named[1]).toMatchObject({ url: 'http://192.168.1.20:8787/api/v1/ingest/health-auto-export', reachable: true });
    expect(named[2]!.reachable).toBe(false);
    expect(named[2]!.problem).toMatch(/add \[2001:db8::20\]:8787 to MILEVAULT_ALLOWED_HOSTS/);
    // A public URL under a sub-path keeps it.
    expect(phoneUrlList({ host: '0.0.0.0', publicUrl: 'https://nas.example/milevault', allowedHosts: [] }, 8787, {})[0]!.url).toBe('https://nas.example/milevault/api/v1/ingest/health-auto-export');
  });

  it('draws a QR code of each URL', async () => {
    const res = await phoneUrls({ host: '0.0.0.0', allowedHosts: [] }, 8787, IFACES);
    expect(res.loopbackOnly).toBe(false);
    expect(res.urls[0]!.qrSvg).toMatch(/^<svg[^>]*viewBox/);
    // A longer URL needs a bigger code: the QR really encodes the text.
    const long = await phoneUrls({ host: '0.0.0.0', publicUrl: `https://${'x'.repeat(120)}.example`, allowedHosts: [] }, 8787, {});
    const size = (svg: string) => Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);
    expect(size(long.urls[0]!.qrSvg)).toBeGreaterThan(size(res.urls[0]!.qrSvg));
  });
});
