/** First start of a server without users (issue 14): create the admin account. */
import { useState } from 'react';
import { errorMessage } from '../lib/api-client';
import { accountsApi } from '../components/account/accounts-client';

export function SetupPage({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="card auth-card"
      data-testid="setup-page"
      onSubmit={(e) => {
        e.preventDefault();
        if (password !== again) return setError('The two passwords differ.');
        setError(null);
        accountsApi.setup({ email, password, name: name || undefined }).then(onDone, (err: unknown) => setError(errorMessage(err)));
      }}
    >
      <h1 className="card-title">Welcome to MileVault</h1>
      <p className="muted small">This server has no accounts yet. Create the admin account: it manages users and has its own training data. Activities already stored on this server become the admin's.</p>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} data-testid="setup-name" />
      </label>
      <label>
        Email <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="setup-email" />
      </label>
      <label>
        Password (10 characters or more) <input type="password" autoComplete="new-password" required minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} data-testid="setup-password" />
      </label>
      <label>
        Password again <input type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} data-testid="setup-password2" />
      </label>
      {error && <p className="state state-error" role="alert">{error}</p>}
      <button type="submit" className="btn btn-primary" data-testid="setup-submit">Create admin account</button>
    </form>
  );
}
