/** Sign in with a user name and password (the demo prints one per role). */
import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useSignIn } from '../api/queries';

export function SignInPage() {
  const signIn = useSignIn();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ username, password }, { onSuccess: () => navigate(from, { replace: true }) });
  };
  const error = signIn.error instanceof ApiError ? signIn.error.problem.detail : signIn.error?.message;

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Ward</h1>
      <p className="muted">Cyber-security and threat intelligence for the health network.</p>
      <form onSubmit={submit} className="stack">
        <label>
          User name
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
