import type { Problem } from '@zhengqi/contracts/common';

/** A failed API call, carrying the server's problem+json. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.messageEn);
  }
}

let csrfToken = '';

/** Remembers the CSRF token the server issued with the session (login or /auth/me). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

async function toError(res: Response): Promise<ApiError> {
  let body: Problem;
  try {
    body = (await res.json()) as Problem;
  } catch {
    body = { type: 'about:blank', title: res.statusText, status: res.status, code: res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL', message: res.statusText, messageEn: res.statusText };
  }
  return new ApiError(res.status, body);
}

/** Calls the JSON API with the session cookie and, for state changes, the CSRF header. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') {
    headers['x-csrf-token'] = csrfToken;
  }
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(url, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!res.ok) {
    throw await toError(res);
  }
  return (await res.json()) as T;
}

/** Sends a file body (xlsx import) and returns the JSON answer. */
export async function upload<T>(url: string, file: Blob): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    body: file,
  });
  if (!res.ok) {
    throw await toError(res);
  }
  return (await res.json()) as T;
}

/** Builds a query string from defined values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      p.set(k, String(v));
    }
  }
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}
