/** The signed-in person: their roles, their password, and API tokens for scripts (created, shown once, revoked). */
import { type FormEvent, useState } from 'react';
import { useCreateToken, useRevokeToken, useSession, useTokens } from '../api/queries';
import { date } from '../components/format';
import { queryState } from '../components/Status';
import { ChangePasswordForm } from './ChangePasswordPage';

export default function AccountPage() {
  const session = useSession();
  const tokens = useTokens({ limit: 50 });
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, expiresInDays: days }, { onSuccess: () => setName('') });
  };
  const state = queryState(tokens, 'tokens');
  const me = session.data?.user.username;
  return (
    <>
      <h1>Your account</h1>
      <p>
        Signed in as <strong>{me}</strong>.
      </p>
      <h2>Your roles</h2>
      <ul id="roles">
        {session.data?.memberships.map((m) => (
          <li key={`${m.org}-${m.role}`}>
            {m.role.replace('_', ' ')} on {m.org} and everything under it
          </li>
        ))}
      </ul>
      <section aria-labelledby="password">
        <h2 id="password">Password</h2>
        <ChangePasswordForm required={false} />
      </section>
      <section aria-labelledby="tokens">
        <h2 id="tokens">API tokens</h2>
        <p>Scripts use a token instead of your password. It is shown once: copy it when it appears.</p>
        <form onSubmit={submit} className="inline">
          <label>
            What it is for
            <input required maxLength={64} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            Days valid
            <input
              type="number"
              min={1}
              max={366}
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
            />
          </label>
          <button type="submit" disabled={create.isPending}>
            Create token
          </button>
        </form>
        {create.data && (
          <p className="ok" aria-live="polite">
            New token (shown once): <code id="new-token">{create.data.token}</code>
          </p>
        )}
        {state ?? (
          <div className="table-wrap">
            <table id="tokens-table">
              <caption>Tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Revoke</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data?.items
                  .filter((t) => !t.revoked)
                  .map((t) => (
                    <tr key={t.id}>
                      <th scope="row">{t.name}</th>
                      <td>{t.username}</td>
                      <td>{date(t.expiresAt)}</td>
                      <td>{date(t.lastUsedAt)}</td>
                      <td>
                        <button
                          type="button"
                          onClick={() => revoke.mutate(t.id)}
                          aria-label={`Revoke ${t.name}`}
                        >
                          Revoke
                        </button>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
