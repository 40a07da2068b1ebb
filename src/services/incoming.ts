/**
 * Input that arrives with a request (an upload). A service takes it as a function it calls only
 * once it has decided the caller may act, so nothing of a refused caller's upload is read or
 * saved; callers that already hold the input (the CLI, tests) pass it as it is.
 */

export type Incoming<T> = T | (() => Promise<T>);

/** A file read as text: its name (for messages) and its content. */
export interface TextFile {
  name: string;
  text: string;
}

/** The input itself, fetched now if it was deferred. */
export async function receive<T>(input: Incoming<T>): Promise<T> {
  return typeof input === 'function' ? (input as () => Promise<T>)() : input;
}
