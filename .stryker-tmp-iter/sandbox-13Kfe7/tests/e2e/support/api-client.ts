/** A thin fetch wrapper for driving the local API over HTTP: JSON in, parsed JSON (or problem) out. */
// @ts-nocheck

export type ApiResponse = {
  status: number;
  headers: Headers;
  body: any; // any: each test reads the JSON shape of the route it calls
};

export type RequestOptions = {
  body?: unknown;
  /** Sent as is, for malformed or oversized bodies. */
  rawBody?: string | Buffer;
  token?: string;
  headers?: Record<string, string>;
};

export function apiClient(baseUrl: string) {
  return async function call(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body,
    });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, headers: response.headers, body: isJson && text ? JSON.parse(text) : text };
  };
}
