/** A refused write's problems, one per field, in plain words. */
import { ApiError } from '../../api/client';
import { ErrorNote } from '../Status';

export function Problems({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || !error.problem.problems?.length) return <ErrorNote error={error} />;
  return (
    <div className="error" role="alert">
      <p>{error.problem.detail}</p>
      <ul>
        {error.problem.problems.map((p) => {
          const field = (p as { field?: string }).field;
          return <li key={`${field}:${p.reason}`}>{field ? `${field}: ${p.reason}` : p.reason}</li>;
        })}
      </ul>
    </div>
  );
}
