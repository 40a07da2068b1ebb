/**
 * How a page says it is loading, failed, or asked for something the person may not see.
 */
import type { ReactElement } from 'react';
import { ApiError } from '../api/client';

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** An organisation (or other record) that does not exist or lies outside the person's organisations. */
export function NotYours({ what }: { what: string }) {
  return (
    <section className="notice" aria-labelledby="not-yours">
      <h1 id="not-yours">Not found, or not yours</h1>
      <p>
        {what} does not exist, or it is outside the organisations you can see. Ward shows each person only
        their own organisation and those under it.
      </p>
      <p>
        <a href="/">Go to your overview</a>
      </p>
    </section>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  const message =
    error instanceof ApiError ? error.problem.detail || error.problem.title : (error as Error)?.message;
  return (
    <p className="error" role="alert">
      Something went wrong: {message}
    </p>
  );
}

/** The query's state as a message, or null when there is data to show. */
export function queryState(
  q: { isPending: boolean; error: unknown; data?: unknown },
  what: string,
): ReactElement | null {
  if (q.error instanceof ApiError && q.error.status === 404) return <NotYours what={what} />;
  if (q.error) return <ErrorNote error={q.error} />;
  if (q.isPending || q.data === undefined) return <Loading what={what} />;
  return null;
}
