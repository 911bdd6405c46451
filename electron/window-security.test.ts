import { describe, expect, it, vi } from 'vitest';
import { hardenWebContents, isExternalWebUrl, isSameOrigin, restrictPermissions } from './window-security.js';

type Handler = (...args: any[]) => unknown;

function fakeContents() {
  const handlers = new Map<string, Handler>();
  let openHandler: Handler | undefined;
  const contents = {
    on: (name: string, fn: Handler) => {
      handlers.set(name, fn);
      return contents;
    },
    setWindowOpenHandler: (fn: Handler) => {
      openHandler = fn;
    },
  };
  const fire = (name: string, url: string) => {
    const event = { url, preventDefault: vi.fn() };
    handlers.get(name)!(event, url);
    return event;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url, disposition: 'foreground-tab' }) as { action: string } };
}

const ORIGIN = 'http://127.0.0.1:41234';

describe('window security', () => {
  it('compares origins exactly (scheme, host and port)', () => {
    expect(isSameOrigin(`${ORIGIN}/activities/1?x=2`, ORIGIN)).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:41235/', ORIGIN)).toBe(false);
    expect(isSameOrigin('http://localhost:41234/', ORIGIN)).toBe(false);
    expect(isSameOrigin('https://127.0.0.1:41234/', ORIGIN)).toBe(false);
    expect(isSameOrigin('not a url', ORIGIN)).toBe(false);
    expect(isExternalWebUrl('https://www.strava.com/')).toBe(true);
    expect(isExternalWebUrl('file:///etc/passwd')).toBe(false);
    expect(isExternalWebUrl('smb://host/share')).toBe(false);
  });

  it('allows same-origin navigation, blocks other origins and opens only http(s) in the OS browser', () => {
    const openExternal = vi.fn(async () => undefined);
    const { contents, fire } = fakeContents();
    hardenWebContents(contents as never, { origin: () => ORIGIN, openExternal });

    expect(fire('will-navigate', `${ORIGIN}/activities/7`).preventDefault).not.toHaveBeenCalled();

    expect(fire('will-navigate', 'https://evil.example/phish').preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledWith('https://evil.example/phish');

    expect(fire('will-navigate', 'file:///etc/passwd').preventDefault).toHaveBeenCalled();
    expect(fire('will-navigate', 'javascript:alert(1)').preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledTimes(1);

    expect(fire('will-redirect', 'https://elsewhere.example/').preventDefault).toHaveBeenCalled();
    expect(fire('will-redirect', `${ORIGIN}/`).preventDefault).not.toHaveBeenCalled();
    expect(fire('will-attach-webview', 'about:blank').preventDefault).toHaveBeenCalled();
  });

  it('never opens new Electron windows; external window.open goes to the browser', () => {
    const openExternal = vi.fn(async () => undefined);
    const { contents, open } = fakeContents();
    hardenWebContents(contents as never, { origin: () => ORIGIN, openExternal });
    expect(open('https://www.openstreetmap.org/copyright')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://www.openstreetmap.org/copyright');
    expect(open(`${ORIGIN}/popup`)).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('blocks all navigation while the server origin is unknown', () => {
    const { contents, fire } = fakeContents();
    hardenWebContents(contents as never, { origin: () => null, openExternal: vi.fn(async () => undefined) });
    expect(fire('will-navigate', `${ORIGIN}/`).preventDefault).toHaveBeenCalled();
  });

  it('refuses permission requests except harmless ones from the app origin', () => {
    let handler!: Handler;
    restrictPermissions({ setPermissionRequestHandler: (h: Handler) => (handler = h) } as never, { origin: () => ORIGIN });
    const ask = (permission: string, requestingUrl: string) => {
      const cb = vi.fn();
      handler({}, permission, cb, { requestingUrl });
      return cb.mock.calls[0]?.[0];
    };
    expect(ask('geolocation', `${ORIGIN}/`)).toBe(false);
    expect(ask('media', `${ORIGIN}/`)).toBe(false);
    expect(ask('fullscreen', `${ORIGIN}/`)).toBe(true);
    expect(ask('fullscreen', 'https://evil.example/')).toBe(false);
  });
});
