// Thin fetch wrapper for /api/v1: same-origin cookies, CSRF header on every non-GET,
// problem+json errors turned into ApiError, and a hook for "the session is gone" (401).

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  request_id?: string;
  errors?: FieldError[];
  current_version?: number;
  changed_fields?: string[];
  /** the record as it is now, sent with a 412 version conflict */
  current?: Record<string, unknown>;
  /** seconds, from a Retry-After header */
  retry_after?: number;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
  /** The last path segment of the problem type, e.g. "invalid-credentials". */
  get slug(): string {
    return problemSlug(this.problem);
  }
}

export function problemSlug(problem: Problem): string {
  const type = problem.type ?? '';
  return type.slice(type.lastIndexOf('/') + 1);
}

/** 401 answers that mean "wrong input", not "your session is gone". */
const WRONG_INPUT_401 = new Set(['invalid-credentials', 'invalid-code']);

let csrfToken: string | null = null;
let language = 'en';
let onSessionLost: (() => void) | null = null;
let fallbackTitles = {
  network: 'The server cannot be reached. Check your connection and try again.',
  generic: 'Something went wrong (error {status}). Please try again.',
};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function getCsrfToken(): string | null {
  return csrfToken;
}
export function setApiLanguage(lang: string): void {
  language = lang;
}
export function setFallbackTitles(titles: { network: string; generic: string }): void {
  fallbackTitles = titles;
}
export function onUnauthorized(handler: () => void): void {
  onSessionLost = handler;
}

export interface RequestOptions {
  body?: unknown;
  ifMatch?: string | number;
  /** Do not treat a 401 as "session lost" (login and 2FA screens handle it themselves). */
  expect401?: boolean;
  /** Read a successful answer as a file (e.g. a PDF) instead of JSON. */
  asBlob?: boolean;
}

export async function api<T = unknown>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': language,
  };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch {
    throw new ApiError({ title: fallbackTitles.network, status: 0 });
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    if (options.asBlob) return (await response.blob()) as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const problem = await readProblem(response);
  const error = new ApiError(problem);
  if (response.status === 401 && !(options.expect401 && WRONG_INPUT_401.has(error.slug))) {
    onSessionLost?.();
  }
  throw error;
}

async function readProblem(response: Response): Promise<Problem> {
  let problem: Problem = {
    title: fallbackTitles.generic.replace('{status}', String(response.status)),
    status: response.status,
  };
  try {
    const data = (await response.json()) as Partial<Problem>;
    if (data && typeof data === 'object') {
      problem = {
        ...data,
        title: typeof data.title === 'string' && data.title ? data.title : problem.title,
        status: response.status,
        errors: Array.isArray(data.errors) ? data.errors : undefined,
      };
    }
  } catch {
    /* not JSON: keep the generic title */
  }
  const retryAfter = Number(response.headers.get('Retry-After'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) problem.retry_after = retryAfter;
  return problem;
}

/** The message(s) the server gave for one field, or undefined. */
export function fieldError(problem: Problem | null | undefined, field: string): string | undefined {
  const messages = problem?.errors?.filter((e) => e.field === field).map((e) => e.message);
  return messages && messages.length ? messages.join(' ') : undefined;
}

/** Turn anything thrown into a Problem to show. */
export function toProblem(error: unknown, fallbackTitle: string): Problem {
  if (error instanceof ApiError) return error.problem;
  return { title: fallbackTitle, status: 0 };
}
