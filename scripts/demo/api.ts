/**
 * The demo's only way into the world: the public HTTP API, as a frontend calls it. Answers are unwrapped
 * from `{"data"}`; a problem document becomes a DemoApiError naming the call and the problem's `code`.
 * 429 and 503 (nothing was written, says the API) are retried after their `Retry-After`.
 */
export class DemoApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export type ApiAnswer<T> = { data: T; meta?: Record<string, unknown>; status: number };

const MAX_TRIES = 5;

const waitSeconds = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export type Api = {
  readonly baseUrl: string;
  // The shapes of the routes' answers are documented in the OpenAPI document; the demo reads few fields.
  call<T = any>(method: string, path: string, options?: { body?: unknown; token?: string }): Promise<ApiAnswer<T>>;
};

export function demoApi(baseUrl: string): Api {
  async function call<T>(method: string, path: string, options: { body?: unknown; token?: string } = {}): Promise<ApiAnswer<T>> {
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      const body = text ? JSON.parse(text) : {};
      if (response.ok) return { data: body.data as T, meta: body.meta, status: response.status };
      const retryAfter = Number(response.headers.get('retry-after') ?? '1');
      if ((response.status === 429 || response.status === 503) && attempt < MAX_TRIES) {
        await waitSeconds(Math.min(Number.isFinite(retryAfter) ? retryAfter : 1, 10));
        continue;
      }
      const detail = body.errors?.length ? `${body.detail ?? body.title}: ${JSON.stringify(body.errors)}` : (body.detail ?? body.title ?? text);
      throw new DemoApiError(response.status, body.code, `${method} ${path} answered ${response.status} ${body.code ?? ''}: ${detail}`);
    }
  }
  return { baseUrl, call };
}
