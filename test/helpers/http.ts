import type { ErrorBody } from '../../shared/errors.js';

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like API client: keeps its session cookie and sends our own Origin on writes. */
export class ApiClient {
  private cookie: string | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly origin: string | null = baseUrl,
  ) {}

  get sessionCookie(): string | null {
    return this.cookie;
  }

  /** Carries a session opened elsewhere (a single sign-on's callback), as the browser would from then on. */
  adopt(cookie: string): this {
    this.cookie = cookie;
    return this;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    const init: RequestInit = { method, headers: { ...headers }, redirect: 'manual' };
    const h = init.headers as Record<string, string>;
    if (this.cookie) h.cookie = this.cookie;
    if (this.origin && method !== 'GET' && !('origin' in h)) h.origin = this.origin;
    if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + path, init);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('sg_session='));
    if (setCookie) {
      const value = setCookie.split(';')[0]!;
      this.cookie = value === 'sg_session=' ? null : value;
    }
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  patch<T = unknown>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = unknown>(path: string) {
    return this.request<T>('DELETE', path);
  }

  async login(email: string, password = 'demo'): Promise<this> {
    const res = await this.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return this;
  }
}

export function errorCode(res: JsonResponse): string | undefined {
  return (res.body as ErrorBody | null)?.error?.code;
}

export async function signedIn(baseUrl: string, email: string): Promise<ApiClient> {
  return new ApiClient(baseUrl).login(email);
}

export const DEMO = {
  admin: 'admin@demo.test',
  chair: 'chair@demo.test',
  police: 'police@demo.test',
  health: 'health@demo.test',
  schools: 'schools@demo.test',
  council: 'council@demo.test',
  observer: 'observer@demo.test',
} as const;
