import createClient, { type Client, type ClientPathsWithMethod, type FetchResponse, type MaybeOptionalInit } from 'openapi-fetch';
import type { paths } from './generated/api.ts';
import { type LiveOptions, LiveUpdates } from './live.ts';
import { ApiProblem } from './problem.ts';
import { memorySessionStore, SessionKeeper, type SessionStore, type TokenAnswer } from './session.ts';
import { createTransport, type FetchLike, type RetryPolicy } from './transport.ts';

export type ClientOptions = {
  /** Where the API is, e.g. `https://api.example.com` or `http://localhost:3000` (no trailing `/api`). */
  baseUrl: string;
  /** The WebSocket API for live updates (`wss://.../live`; locally `ws://localhost:3001`). */
  webSocketUrl?: string;
  /** Where the tokens live; in memory unless given (e.g. a sessionStorage-backed store per tab). */
  store?: SessionStore;
  retry?: RetryPolicy;
  /** The session ended without sign-out (its refresh token was refused): show the sign-in page. */
  onSessionEnded?: () => void;
  /** For tests and non-browser runtimes. */
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  newIdempotencyKey?: () => string;
};

type Method = 'get' | 'post' | 'put' | 'delete';
type PathOf<M extends Method> = ClientPathsWithMethod<Client<paths>, M>;
type InitOf<P extends keyof paths, M extends Method> = MaybeOptionalInit<paths[P], M>;
/** Optional when every field of the init is optional, as in openapi-fetch. */
type InitArgs<I> = undefined extends I ? [init?: I] : [init: I];
/** A route's success body (JSON), before the envelope is taken off. */
type SuccessBody<P extends keyof paths, M extends Method> = NonNullable<FetchResponse<NonNullable<paths[P][M]>, {}, 'application/json'>['data']>;
/** What `{"data": ...}` holds. */
export type DataOf<P extends keyof paths, M extends Method> = SuccessBody<P, M> extends { data: infer D } ? D : SuccessBody<P, M>;

type Page = { data: unknown[]; meta: { next_cursor: string | null } };
/** Routes whose answers are cursor pages: `{"data": [...], "meta": {"next_cursor": ...}}`. */
export type PagedPath = {
  [P in PathOf<'get'>]: SuccessBody<P, 'get'> extends Page ? P : never;
}[PathOf<'get'>];
export type PageOf<P extends PagedPath> = SuccessBody<P, 'get'> extends infer B extends Page ? B : never;
export type ItemOf<P extends PagedPath> = PageOf<P>['data'][number];

async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiProblem.fromResponse(response, error);
  return data as T;
}

const bodyData = <T>(body: T) => (body as { data: unknown }).data;

export type EventPlanningClient = ReturnType<typeof createEventPlanningClient>;

/**
 * The typed client. `get`/`post`/`put`/`delete` answer what the route's `{"data"}` holds and throw
 * `ApiProblem` for anything else; `raw` is the underlying openapi-fetch client (`{data, error,
 * response}`, the whole body) for headers, CSV and other media types.
 */
export function createEventPlanningClient(options: ClientOptions) {
  const fetchFn: FetchLike = options.fetch ?? ((request) => fetch(request));
  const shared = {
    fetch: fetchFn,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.newIdempotencyKey ? { newIdempotencyKey: options.newIdempotencyKey } : {}),
  };
  // The exchange goes through a transport without a session: it never carries, refreshes or resends a
  // token on a network failure (the server may have rotated it already).
  const exchangeClient = createClient<paths>({ baseUrl: options.baseUrl, fetch: createTransport(shared) });
  const session = new SessionKeeper({
    store: options.store ?? memorySessionStore(),
    ...(options.now ? { now: options.now } : {}),
    ...(options.onSessionEnded ? { onSessionEnded: options.onSessionEnded } : {}),
    exchange: async (refreshToken) => {
      const { data, response, error } = await exchangeClient.POST('/api/auth/refresh', { body: { refresh_token: refreshToken } });
      if (response.status === 401) return null;
      if (!data) throw ApiProblem.fromResponse(response, error);
      return data.data;
    },
  });
  const raw = createClient<paths>({ baseUrl: options.baseUrl, fetch: createTransport({ ...shared, session }) });

  const call = <M extends Method>(method: M) =>
    async <P extends PathOf<M>>(path: P, ...init: InitArgs<InitOf<P, M>>): Promise<DataOf<P, M>> =>
      bodyData(await unwrap(raw.request(method, path as never, ...(init as [never])))) as DataOf<P, M>;

  /** One page of a list: its items and `meta` (counts, `next_cursor`). */
  const page = async <P extends PagedPath>(path: P, ...init: InitArgs<InitOf<P, 'get'>>): Promise<PageOf<P>> =>
    (await unwrap(raw.GET(path as never, ...(init as [never])))) as PageOf<P>;

  /** Every item of a list, page after page (`?cursor=` from `meta.next_cursor`), fetched as you iterate. */
  async function* paginate<P extends PagedPath>(path: P, ...init: InitArgs<InitOf<P, 'get'>>): AsyncGenerator<ItemOf<P>, void, undefined> {
    const first = (init[0] ?? {}) as { params?: { query?: Record<string, unknown> } };
    let cursor: string | null = null;
    do {
      const query: Record<string, unknown> = { ...first.params?.query, ...(cursor ? { cursor } : {}) };
      const current: PageOf<P> = await page(path, ...([{ ...first, params: { ...first.params, query } }] as InitArgs<InitOf<P, 'get'>>));
      yield* current.data as ItemOf<P>[];
      cursor = current.meta.next_cursor;
    } while (cursor);
  }

  /**
   * A connect ticket for the WebSocket (the transport refreshes the session on a 401 first); null once the
   * session is over, or never began.
   */
  const realtimeTicket = async (): Promise<string | null> => {
    if (!session.tokens) return null;
    try {
      return (await call('post')('/api/realtime/ticket')).ticket;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) return null;
      throw error;
    }
  };

  const signIn = (answer: TokenAnswer & { user: DataOf<'/api/auth/register', 'post'>['user'] }) => {
    session.signedIn(answer);
    return answer.user;
  };
  /** The password step: signed in, or (for an account with a second factor) the challenge for signInWithSecondFactor. */
  const passwordStep = (answer: DataOf<'/api/auth/login', 'post'>) => ('mfa_required' in answer ? answer : signIn(answer));

  return {
    raw,
    get: call('get'),
    post: call('post'),
    put: call('put'),
    delete: call('delete'),
    page,
    paginate,
    session,
    /** Creates the account and keeps its session. */
    signUp: async (body: InitOf<'/api/auth/register', 'post'>['body']) => signIn(await call('post')('/api/auth/register', { body })),
    /**
     * Signs in (username, email or login, and password) and keeps the session; answers the user. An account
     * with a second factor answers `{ mfa_required: true, challenge }` instead: pass the challenge with a code
     * to signInWithSecondFactor.
     */
    signIn: async (body: InitOf<'/api/auth/login', 'post'>['body']) => passwordStep(await call('post')('/api/auth/login', { body })),
    /** The second step: the challenge and a code from the authenticator app (or a recovery code); keeps the session. */
    signInWithSecondFactor: async (body: InitOf<'/api/auth/login/mfa', 'post'>['body']) => signIn(await call('post')('/api/auth/login/mfa', { body })),
    /** Ends the session on the server, then forgets the tokens (also when the server had ended it already). */
    signOut: async () => {
      try {
        await call('post')('/api/auth/logout');
      } catch (error) {
        if (!(error instanceof ApiProblem && error.status === 401)) throw error;
      } finally {
        session.signedOut();
      }
    },
    /** Live counters and notifications over the WebSocket API (needs `webSocketUrl`). */
    live: (liveOptions: Omit<LiveOptions, 'url' | 'ticket'> = {}) => {
      if (!options.webSocketUrl) throw new Error('createEventPlanningClient: live updates need webSocketUrl');
      return new LiveUpdates({ ...liveOptions, url: options.webSocketUrl, ticket: realtimeTicket });
    },
  };
}
