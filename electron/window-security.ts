/**
 * Navigation and permission policy for every WebContents (Electron security checklist §12–14).
 * The app only ever shows its own local server; anything else is an external link and goes to the
 * OS browser, and only if it is http(s) (shell.openExternal on file:, smb: or custom schemes can
 * launch programs).
 */
import type { HandlerDetails, Session, WebContents, WindowOpenHandlerResponse } from 'electron';

export function isSameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export interface NavigationPolicy {
  /** The server origin, or null before the server is up (then nothing is allowed). */
  origin: () => string | null;
  openExternal: (url: string) => Promise<void>;
}

type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenWebContents(contents: HardenableContents, policy: NavigationPolicy): void {
  const allowed = (url: string): boolean => {
    const origin = policy.origin();
    return origin !== null && isSameOrigin(url, origin);
  };
  const sendOut = (url: string): void => {
    if (isExternalWebUrl(url)) policy.openExternal(url).catch(() => undefined);
  };

  contents.on('will-navigate', (event) => {
    if (allowed(event.url)) return;
    event.preventDefault();
    sendOut(event.url);
  });
  // A same-origin page must not be bounced elsewhere by a redirect either.
  contents.on('will-redirect', (event) => {
    if (!allowed(event.url)) event.preventDefault();
  });
  // No new Electron windows at all; target=_blank and window.open to the web open in the browser.
  contents.setWindowOpenHandler((details: HandlerDetails): WindowOpenHandlerResponse => {
    if (!allowed(details.url)) sendOut(details.url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Permissions a local fitness app page plausibly needs; everything else (camera, geolocation, …) is refused. */
const GRANTED = new Set<string>(['fullscreen', 'clipboard-sanitized-write']);

export function restrictPermissions(session: Pick<Session, 'setPermissionRequestHandler'>, policy: Pick<NavigationPolicy, 'origin'>): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const origin = policy.origin();
    callback(GRANTED.has(permission) && origin !== null && isSameOrigin(details.requestingUrl, origin));
  });
}
