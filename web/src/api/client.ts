/**
 * Calls Ward's API from the browser: JSON in and out, the session cookie, the CSRF token on every
 * write, and problem documents turned into `ApiError`s a page can explain.
 */

export interface Problem {
  title: string;
  status: number;
  detail: string;
  problems?: { file: string; line: number; reason: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
  }
}

let csrfToken: string | null = null;

/** Remembered from sign-in or the session; sent as X-CSRF-Token on writes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export const API = '/api/v1';

async function toError(res: Response): Promise<ApiError> {
  const body = await res.json().catch(() => null);
  const problem: Problem =
    body && typeof body === 'object' && 'status' in body
      ? (body as Problem)
      : { title: res.statusText, status: res.status, detail: `the server answered ${res.status}` };
  return new ApiError(res.status, problem);
}

/** GET (or, with a body, POST/PATCH/PUT/DELETE) a path under /api/v1. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const ask = () =>
    fetch(`${API}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const early = method === 'GET' ? takeEarly(path) : undefined;
  // An early answer that is not a success is asked again: the person may have signed in since.
  const res = await (early ? early.then((r) => (r.ok ? r : ask()), ask) : ask());
  if (!res.ok) throw await toError(res);
  return (res.status === 204 ? null : await res.json()) as T;
}

/**
 * The answer to a read index.html started before the scripts ran (`window.__wardEarly`, keyed by
 * path), if any: taken once, so every later read of the path asks anew.
 */
function takeEarly(path: string): Promise<Response> | undefined {
  const early = (window as { __wardEarly?: Record<string, Promise<Response>> }).__wardEarly;
  const answer = early?.[path];
  if (answer) delete early[path];
  return answer;
}

/** POSTs a text body (a CSV file's content) under /api/v1; resolves with the JSON answer. */
export async function postText<T>(path: string, text: string, contentType = 'text/csv'): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': contentType };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`${API}${path}`, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: text,
  });
  if (!res.ok) throw await toError(res);
  return (await res.json()) as T;
}

/** A query string from the defined values. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}

/**
 * Uploads a multipart form with progress (fetch cannot report upload progress); resolves with the
 * JSON answer or rejects with an ApiError.
 */
export function upload<T>(path: string, form: FormData, onProgress: (share: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API}${path}`);
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, { title: 'network', status: 0, detail: 'the upload failed' }));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else
        reject(
          new ApiError(
            xhr.status,
            (body as Problem) ?? { title: 'error', status: xhr.status, detail: `answered ${xhr.status}` },
          ),
        );
    };
    xhr.send(form);
  });
}
