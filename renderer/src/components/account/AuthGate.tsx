/**
 * Server mode (issue 14): nothing of the app loads before the browser has a session. Local and
 * desktop mode (`mode: 'local'`) render the app at once, exactly as before. The gate shows the
 * setup page on a server without users, the invite page for `#/invite/<token>`, the password
 * reset page for `#/reset/<token>` (a link made by an admin), the login page
 * otherwise, and goes back to it when any API call answers 401 (an expired or revoked session).
 */
import { createContext, lazy, Suspense, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { AuthStateDto } from '../../../../shared/accounts-api.js';
import { errorMessage } from '../../lib/api-client';
import { accountsApi } from './accounts-client';
import { Loading } from '../States';
import { LoginPage } from '../../pages/LoginPage';
import { SetupPage } from '../../pages/SetupPage';
import { AccountMenu } from './AccountMenu';
import './account.css';

const InvitePage = lazy(() => import('./InvitePage').then((m) => ({ default: m.InvitePage })));
const ResetPasswordPage = lazy(() => import('./ResetPasswordPage').then((m) => ({ default: m.ResetPasswordPage })));
const AccountPage = lazy(() => import('./AccountPage').then((m) => ({ default: m.AccountPage })));
const UsersPage = lazy(() => import('./UsersPage').then((m) => ({ default: m.UsersPage })));

const AuthContext = createContext<{ state: AuthStateDto | null; refresh: () => void }>({ state: null, refresh: () => {} });
export const useAuth = () => useContext(AuthContext);

function useHashValue(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

export function AuthGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthStateDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const hash = useHashValue();
  const refresh = useCallback(() => {
    accountsApi.state().then(
      (s) => (setState(s), setError(null)),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(refresh, [refresh]);
  useEffect(() => {
    const on = () => refresh();
    window.addEventListener('milevault:unauthorized', on);
    return () => window.removeEventListener('milevault:unauthorized', on);
  }, [refresh]);

  if (error) return <div className="banner banner-error" role="alert">Cannot reach the MileVault server: {error}</div>;
  if (!state) return <Loading label="Starting…" />;
  if (state.mode === 'local') return <AuthContext.Provider value={{ state, refresh }}>{children}</AuthContext.Provider>;
  const invite = /^#\/invite\/([A-Za-z0-9_-]{20,100})/.exec(hash);
  const reset = /^#\/reset\/([A-Za-z0-9_-]{20,100})/.exec(hash);
  let page: ReactNode;
  if (state.needsSetup) page = <SetupPage onDone={refresh} />;
  // A reset link is for one person: shown even when this browser is signed in as someone else.
  else if (reset) page = <Suspense fallback={<Loading />}><ResetPasswordPage token={reset[1]} onDone={() => ((location.hash = '#/'), refresh())} /></Suspense>;
  else if (invite && !state.account) page = <Suspense fallback={<Loading />}><InvitePage token={invite[1]} onDone={() => ((location.hash = '#/'), refresh())} /></Suspense>;
  else if (!state.account) page = <LoginPage oidc={state.oidc} onDone={refresh} />;
  if (page) return <div className="auth-screen">{page}</div>;
  const own = hash.startsWith('#/account') ? <AccountPage /> : hash.startsWith('#/users') ? <UsersPage /> : null;
  return (
    <AuthContext.Provider value={{ state, refresh }}>
      <AccountMenu account={state.account!} onLoggedOut={refresh} />
      {own ? (
        <div className="account-layout">
          <a className="btn btn-small btn-ghost" href="#/activities">← Back to activities</a>
          <Suspense fallback={<Loading />}>{own}</Suspense>
        </div>
      ) : (
        children
      )}
    </AuthContext.Provider>
  );
}
