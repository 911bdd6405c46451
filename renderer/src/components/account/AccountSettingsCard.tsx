/** Settings page card (server mode only): where the account and, for admins, the users are managed. */
import { useAuth } from './AuthGate';

export function AccountSettingsCard() {
  const { state } = useAuth();
  if (!state || state.mode !== 'server' || !state.account) return null;
  return (
    <div className="card" data-testid="account-settings-card">
      <h2 className="card-title">Account</h2>
      <p className="muted small">Signed in as {state.account.email}.</p>
      <a className="btn btn-small" href="#/account">Sessions and access tokens</a>{' '}
      {state.account.role === 'admin' && <a className="btn btn-small" href="#/users">Users</a>}
    </div>
  );
}
