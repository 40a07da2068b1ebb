/**
 * Changing one's password: required before anything else after signing in with a one-time
 * password, and open from the account page at any time. Other sessions end when it changes.
 */
import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/client';
import { useChangePassword } from '../api/queries';

export function ChangePasswordForm({ required }: { required: boolean }) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(next !== again);
    if (next === again) change.mutate({ current, next });
  };
  const error = mismatch
    ? 'The two new passwords differ.'
    : change.error instanceof ApiError
      ? change.error.problem.detail
      : change.error?.message;

  return (
    <form onSubmit={submit} className="stack" aria-label="Change password">
      {required && (
        <p>
          You signed in with a one-time password. Choose your own password (12 characters or more) before you
          go on.
        </p>
      )}
      <label>
        {required ? 'One-time password' : 'Current password'}
        <input
          name="current"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <label>
        New password
        <input
          name="next"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </label>
      <label>
        New password again
        <input
          name="again"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          value={again}
          onChange={(e) => setAgain(e.target.value)}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {change.data && (
        <p role="status">
          Password changed.{' '}
          {change.data.endedSessions > 0
            ? `Your ${change.data.endedSessions} other session(s) were signed out.`
            : 'You had no other sessions.'}
        </p>
      )}
      <button type="submit" className="primary" disabled={change.isPending}>
        {change.isPending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}

/** The whole page shown instead of the dashboard until a one-time password is changed. */
export function ChangePasswordPage() {
  return (
    <main id="main" className="sign-in">
      <h1>Choose your password</h1>
      <ChangePasswordForm required />
    </main>
  );
}
