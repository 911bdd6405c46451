/** `#/reset/<token>`: a password reset link made by an admin; the person sets a new password and is signed in. */
import { useState } from 'react';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/api-client';
import { ErrorBox, Loading } from '../States';
import { accountsApi } from './accounts-client';

export function ResetPasswordPage({ token, onDone }: { token: string; onDone: () => void }) {
  const info = useAsync((signal) => accountsApi.passwordReset(token, signal), [token]);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (info.status === 'loading') return <Loading />;
  if (info.status === 'error') return <div className="card auth-card" data-testid="reset-invalid"><ErrorBox error={info.error} /><a href="#/">Go to login</a></div>;
  return (
    <form
      className="card auth-card"
      data-testid="reset-page"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        if (password !== again) return setError('The passwords differ.');
        accountsApi.acceptPasswordReset(token, password).then(onDone, (err: unknown) => setError(errorMessage(err)));
      }}
    >
      <h1 className="card-title">Set a new password</h1>
      <p className="muted small">For <strong>{info.data?.email}</strong>. Every session of this account is logged out; this browser is signed in.</p>
      <label>
        New password (10 characters or more) <input type="password" autoComplete="new-password" required minLength={10} maxLength={256} value={password} onChange={(e) => setPassword(e.target.value)} data-testid="reset-password" />
      </label>
      <label>
        Again <input type="password" autoComplete="new-password" required minLength={10} maxLength={256} value={again} onChange={(e) => setAgain(e.target.value)} data-testid="reset-password2" />
      </label>
      {error && <p className="state state-error" role="alert">{error}</p>}
      <button type="submit" className="btn btn-primary" data-testid="reset-submit">Set password</button>
    </form>
  );
}
