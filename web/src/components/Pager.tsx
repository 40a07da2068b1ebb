/**
 * Cursor paging as the API does it: a stack of the cursors of the pages seen, so "Previous" goes
 * back and "Next" follows the page's nextCursor.
 */
import { useState } from 'react';

export function useCursor(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: string[] }>({ key: resetKey, stack: [] });
  const stack = state.key === resetKey ? state.stack : [];
  return {
    cursor: stack[stack.length - 1],
    page: stack.length + 1,
    next: (cursor: string) => setState({ key: resetKey, stack: [...stack, cursor] }),
    previous: () => setState({ key: resetKey, stack: stack.slice(0, -1) }),
  };
}

interface Props {
  label: string;
  /** The list's cursor state (useCursor). */
  cursor: ReturnType<typeof useCursor>;
  nextCursor: string | null | undefined;
}

export function Pager({ label, cursor, nextCursor }: Props) {
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={cursor.previous} disabled={cursor.page === 1}>
        Previous
      </button>
      <span aria-live="polite">Page {cursor.page}</span>
      <button type="button" onClick={() => nextCursor && cursor.next(nextCursor)} disabled={!nextCursor}>
        Next
      </button>
    </nav>
  );
}
