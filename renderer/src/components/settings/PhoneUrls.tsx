/**
 * Settings → Health Auto Export (issue 17): the URLs a phone can use (the configured public URL,
 * this machine's LAN addresses), each with a QR code and, when this server would not answer it
 * as configured, why and what to change. 127.0.0.1 is never offered to a phone.
 */
import { useState } from 'react';
import type { PhoneUrlsDto } from '../../../../shared/phone-urls.js';
import { useAsync } from '../../hooks/use-async';
import { apiUrl } from '../../lib/api-client';
import './phone-urls.css';

async function fetchPhoneUrls(signal: AbortSignal): Promise<PhoneUrlsDto> {
  const res = await fetch(apiUrl('/phone-urls'), { credentials: 'same-origin', signal });
  if (!res.ok) throw new Error(`Cannot list this server's addresses (${res.status}).`);
  return (await res.json()) as PhoneUrlsDto;
}

export function PhoneUrls() {
  const res = useAsync((signal) => fetchPhoneUrls(signal), []);
  const [shown, setShown] = useState<string | null>(null);
  if (!res.data) return res.status === 'error' ? <p className="muted small">The addresses a phone can use could not be listed.</p> : null;
  const { urls, loopbackOnly, host, port } = res.data;
  const first = urls.find((u) => u.reachable);
  const qrOf = shown ?? first?.url ?? null;
  const qr = urls.find((u) => u.url === qrOf);
  return (
    <div className="phone-urls" data-testid="phone-urls">
      <h3 className="small">From your phone</h3>
      {loopbackOnly && (
        <p className="state state-warning small" role="note" data-testid="phone-loopback">
          This server listens on {host} (this computer only), so a phone cannot reach it. To allow your local network, start it with <code>HOST=0.0.0.0</code> (keep an auth token or accounts on), or put it behind a reverse proxy and set <code>MILEVAULT_PUBLIC_URL</code>. If you set <code>MILEVAULT_PUBLIC_URL</code> or <code>MILEVAULT_ALLOWED_HOSTS</code>, add the LAN address below (with :{port}) to <code>MILEVAULT_ALLOWED_HOSTS</code> too.
        </p>
      )}
      {!urls.length && <p className="muted small">No network address found besides this computer's own; set <code>MILEVAULT_PUBLIC_URL</code> if the server is reachable through a proxy.</p>}
      <div className="phone-urls-body">
        <ul className="phone-url-list">
          {urls.map((u) => (
            <li key={u.url} data-testid="phone-url" data-reachable={u.reachable}>
              <code>{u.url}</code> <span className="muted small">{u.kind === 'public' ? 'public URL' : 'local network'}</span>
              {!u.reachable && <p className="small phone-url-problem">{u.problem}</p>}
              <button type="button" className="btn btn-small btn-ghost" aria-pressed={qr?.url === u.url} onClick={() => setShown(u.url)}>
                QR code
              </button>
            </li>
          ))}
        </ul>
        {qr && (
          <figure className="phone-qr" data-testid="phone-qr">
            <span role="img" aria-label={`QR code of ${qr.url}`} dangerouslySetInnerHTML={{ __html: qr.qrSvg }} />
            <figcaption className="muted small">Scan with the phone's camera to copy the URL{qr.reachable ? '' : ' (not reachable yet: see above)'}.</figcaption>
          </figure>
        )}
      </div>
    </div>
  );
}
