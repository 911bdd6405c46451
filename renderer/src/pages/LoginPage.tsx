/** Server mode login (issue 14): email and password, and "Sign in with <provider>" when OIDC is configured. */
import { useState } from 'react';
import { errorMessage } from '../lib/api-client';
import { accountsApi } from '../components/account/accounts-client';

const OIDC_MESSAGES: Record<string, string> = {
  pending: 'Your account waits for an admin to approve it.',
  oidc_state: 'That sign-in link expired or was started in another browser. Try again.',
  oidc_unverified: 'An account with this email exists, but the provider did not verify the email. Log in with your password.',
};

export function LoginPage({ oidc, onDone }: { oidc: { name: string } | null; onDone: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const notice = params.get('oidc') === 'pending' ? OIDC_MESSAGES.pending : params.get('error') ? (OIDC_MESSAGES[params.get('error')!] ?? 'Single sign-on failed. Try again or use your password.') : null;
  return (
    <form
      className="card auth-card"
      data-testid="login-page"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        accountsApi.login({ email, password }).then(
          () => ((location.hash = location.hash.startsWith('#/login') ? '#/' : location.hash), onDone()),
          (err: unknown) => (setError(errorMessage(err)), setBusy(false)),
        );
      }}
    >
      <h1 className="card-title">Log in to MileVault</h1>
      {notice && <p className="state" role="status">{notice}</p>}
      <label>
        Email <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="login-email" />
      </label>
      <label>
        Password <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
      </label>
      {error && <p className="state state-error" role="alert">{error}</p>}
      <button type="submit" className="btn btn-primary" disabled={busy} data-testid="login-submit">Log in</button>
      {oidc && (
        <a className="btn" href="api/v1/auth/oidc/start" data-testid="login-oidc">Sign in with {oidc.name}</a>
      )}
    </form>
  );
}
