/** `#/invite/<token>`: an invited person chooses a password and is signed in. */
import { useState } from 'react';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/api-client';
import { ErrorBox, Loading } from '../States';
import { accountsApi } from './accounts-client';

export function InvitePage({ token, onDone }: { token: string; onDone: () => void }) {
  const info = useAsync((signal) => accountsApi.invite(token, signal), [token]);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (info.status === 'loading') return <Loading />;
  if (info.status === 'error') return <div className="card auth-card" data-testid="invite-invalid"><ErrorBox error={info.error} /><a href="#/">Go to login</a></div>;
  const fixed = info.data?.email ?? null;
  return (
    <form
      className="card auth-card"
      data-testid="invite-page"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        accountsApi.acceptInvite(token, { email: fixed ? undefined : email, password, name: name || undefined }).then(onDone, (err: unknown) => setError(errorMessage(err)));
      }}
    >
      <h1 className="card-title">Join MileVault</h1>
      <p className="muted small">You were invited{fixed ? <> as <strong>{fixed}</strong></> : ''}. Choose a password to create your account.</p>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} data-testid="invite-name" />
      </label>
      {!fixed && (
        <label>
          Email <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="invite-email" />
        </label>
      )}
      <label>
        Password (10 characters or more) <input type="password" autoComplete="new-password" required minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} data-testid="invite-password" />
      </label>
      {error && <p className="state state-error" role="alert">{error}</p>}
      <button type="submit" className="btn btn-primary" data-testid="invite-submit">Create my account</button>
    </form>
  );
}
