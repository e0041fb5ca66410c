// JSON API client: Bearer tokens in sessionStorage, one refresh on 401, problem+json → ApiError,
// Idempotency-Key on creating POSTs.
import { t, type Key } from './i18n';

export interface User { id: string; role: string; full_name: string; full_name_ar?: string; username?: string }
export interface Session { access_token: string; refresh_token: string; user: User }
export interface FieldError { field?: string; message?: string }
export interface Problem {
  type?: string; title?: string; status?: number; detail?: string; errors?: FieldError[];
  [k: string]: unknown;
}
export interface Page<T> { items: T[]; next_cursor?: string | null }

const SESSION_KEY = 'hf.session';
export const SESSION_EXPIRED_EVENT = 'hf-session-expired';

export const CLIENT_MESSAGE = 'urn:healthflow:client-message';
/** An error written by the portal (validation before sending), shown like an API error. */
export function clientError(message: string): ApiError { return new ApiError(422, { type: CLIENT_MESSAGE, detail: message }); }

export class ApiError extends Error {
  constructor(public status: number, public problem: Problem, public requestId?: string, public retryAfter?: string) {
    super(problem.detail || problem.title || `HTTP ${status}`);
  }
  /** Last path segment of the problem type, e.g. "mfa-required". */
  get kind(): string {
    const ty = this.problem.type ?? '';
    return ty.split(/[/#:]/).filter(Boolean).pop() ?? '';
  }
  is(suffix: string): boolean { return (this.problem.type ?? '').endsWith(suffix); }
}

export function getSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch { return null; }
}
export function setSession(s: Session | null): void {
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

export interface RequestOptions {
  /** Send an Idempotency-Key (POSTs that create). A string reuses a key (retry of the same action). */
  idempotent?: boolean | string;
  /** Override the bearer token (enrolment token). */
  token?: string;
  /** Do not attach auth or try refresh (login). */
  anonymous?: boolean;
  /** Return the raw text (SVG, CSV). */
  text?: boolean;
  signal?: AbortSignal;
}

let refreshing: Promise<boolean> | null = null;

async function refresh(): Promise<boolean> {
  const s = getSession();
  if (!s?.refresh_token) return false;
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const r = await fetch('/api/v1/auth/refresh', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ refresh_token: s.refresh_token }),
        });
        if (!r.ok) return false;
        const body = await r.json();
        setSession({ ...s, access_token: body.access_token, refresh_token: body.refresh_token ?? s.refresh_token, user: body.user ?? s.user });
        return true;
      } catch { return false; } finally { setTimeout(() => { refreshing = null; }, 0); }
    })();
  }
  return refreshing;
}

async function parseProblem(r: Response): Promise<Problem> {
  const ct = r.headers.get('content-type') ?? '';
  try {
    if (ct.includes('json')) return (await r.json()) as Problem;
    const text = await r.text();
    return { status: r.status, title: r.statusText, detail: text.slice(0, 300) || undefined };
  } catch { return { status: r.status, title: r.statusText }; }
}

export async function request<T = unknown>(method: string, path: string, body?: unknown, opts: RequestOptions = {}, retried = false): Promise<T> {
  const headers: Record<string, string> = { Accept: opts.text ? '*/*' : 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = opts.token ?? (opts.anonymous ? undefined : getSession()?.access_token);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.idempotent) headers['Idempotency-Key'] = typeof opts.idempotent === 'string' ? opts.idempotent : newIdempotencyKey();
  let r: Response;
  try {
    r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'network', detail: String(e) });
  }
  if (r.status === 401 && !opts.anonymous && !opts.token && getSession()) {
    const problem = await parseProblem(r.clone());
    // A second-factor answer on an action (e.g. signing a controlled prescription) is not an ended session.
    if (/mfa-(required|invalid|enrollment-required)$/.test(problem.type ?? '')) {
      throw new ApiError(401, problem, r.headers.get('x-request-id') ?? undefined);
    }
    if (!retried && (await refresh())) return request<T>(method, path, body, opts, true);
    setSession(null);
    window.dispatchEvent(new CustomEvent(SESSION_EXPIRED_EVENT));
    throw new ApiError(401, { ...problem, type: 'urn:healthflow:session-expired' }, r.headers.get('x-request-id') ?? undefined);
  }
  if (!r.ok) {
    throw new ApiError(r.status, await parseProblem(r), r.headers.get('x-request-id') ?? undefined, r.headers.get('retry-after') ?? undefined);
  }
  if (r.status === 204) return undefined as T;
  if (opts.text) return (await r.text()) as T;
  const ct = r.headers.get('content-type') ?? '';
  if (!ct.includes('json')) return (await r.text()) as T;
  return (await r.json()) as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
  /** POST that creates something: always carries an Idempotency-Key. */
  create: <T>(path: string, body: unknown, key?: string, opts?: RequestOptions) => request<T>('POST', path, body, { ...opts, idempotent: key ?? true }),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
};

export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export async function logout(): Promise<void> {
  const s = getSession();
  if (s) {
    // The access token names the session; the body takes no fields.
    try { await request('POST', '/api/v1/auth/logout', undefined, {}, true); } catch { /* already gone */ }
  }
  setSession(null);
}

/** The problem turned into sentences the user can act on, in the current language. */
export interface Explained { message: string; fields: { field: string; message: string }[]; detail?: string }

export function explain(err: unknown): Explained {
  if (!(err instanceof ApiError)) return { message: t('err_generic'), fields: [] };
  const p = err.problem;
  const fields = (p.errors ?? []).map((e) => ({ field: e.field ?? '', message: e.message ?? '' }));
  // A message the portal itself wrote (already in the user's language).
  if (p.type === CLIENT_MESSAGE) return { message: p.detail ?? '', fields };
  const detail = p.detail && p.detail !== p.title ? p.detail : undefined;
  let key: Key;
  let params: Record<string, string | number> | undefined;
  if (err.is('session-expired')) key = 'err_session';
  else if (err.is('mfa-enrollment-required')) key = 'err_mfa_enrollment_required';
  else if (err.is('mfa-required')) key = 'err_mfa_required';
  else if (err.is('mfa-invalid')) key = 'err_401_code';
  else if (err.is('verification-required')) key = 'err_verification_required';
  else switch (err.status) {
    case 0: key = 'err_network'; break;
    case 400: key = 'err_400'; break;
    case 401: key = 'err_401'; break;
    case 403: key = 'err_403'; break;
    case 404: key = 'err_404'; break;
    case 405: case 501: key = 'err_feature_missing'; break;
    case 409: if (detail || p.title) { key = 'err_409'; params = { detail: detail ?? p.title ?? '' }; } else key = 'err_409_plain'; break;
    case 413: key = 'err_413'; break;
    case 415: key = 'err_415'; break;
    case 422: key = 'err_422'; break;
    case 429: if (err.retryAfter) { key = 'err_429'; params = { seconds: err.retryAfter }; } else key = 'err_429_plain'; break;
    case 503: key = 'err_503'; break;
    default: key = err.status >= 500 ? 'err_5xx' : 'err_generic'; params = { ref: err.requestId ?? '—' };
  }
  if (key === 'err_422' && fields.length === 0 && detail) return { message: `${t('err_422')} ${detail}`, fields, detail };
  return { message: t(key, params), fields, detail: key === 'err_409' ? undefined : detail };
}
