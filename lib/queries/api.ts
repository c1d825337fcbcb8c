/** The one way the browser talks to the JSON API. */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(message: string, status: number, code: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: Error;
    /** `inlineErrors`: the component shows the error itself, so no toast. */
    mutationMeta: { inlineErrors?: boolean };
    queryMeta: { inlineErrors?: boolean };
  }
}

type ApiInit = { method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; body?: unknown; signal?: AbortSignal };

async function errorFrom(res: Response): Promise<ApiError> {
  let code = 'HTTP_ERROR';
  let message = `the server answered ${res.status} ${res.statusText}`.trim();
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) message = body.error.message;
    if (body.error?.code) code = body.error.code;
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiError(message, res.status, code);
}

/** Sends JSON, returns the parsed answer, and throws an ApiError with the server's message otherwise. */
export async function apiFetch<T>(path: string, init: ApiInit = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const hasBody = method !== 'GET';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      signal: init.signal,
      credentials: 'same-origin',
      headers: hasBody
        ? { 'Content-Type': 'application/json', Accept: 'application/json' }
        : { Accept: 'application/json' },
      body: hasBody ? JSON.stringify(init.body ?? {}) : undefined,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('Wharf could not be reached: check your connection', 0, 'NETWORK');
  }
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
