/**
 * The route table: the one source of truth for the HTTP API. The CDK stack makes one function per group
 * and one HTTP API route per entry from it; the local server routes requests through it; each group's
 * handler dispatches on the same `operation` names. Add a route here, then its operation in the group.
 */
export const functionGroups = ['health', 'auth', 'events'] as const;
export type FunctionGroup = (typeof functionGroups)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RouteDefinition = {
  method: HttpMethod;
  /** API Gateway path syntax: `/api/events/{id}`. */
  path: string;
  group: FunctionGroup;
  operation: string;
  /** protected routes need a valid access token, checked at API Gateway and again in the handler. */
  access: 'public' | 'protected';
  summary: string;
};

const route = (
  method: HttpMethod,
  path: string,
  group: FunctionGroup,
  operation: string,
  access: RouteDefinition['access'],
  summary: string,
): RouteDefinition => ({ method, path, group, operation, access, summary });

export const routes: readonly RouteDefinition[] = [
  route('GET', '/api/health', 'health', 'health', 'public', 'Liveness and readiness of the API'),

  route('POST', '/api/auth/register', 'auth', 'register', 'public', 'Create an account and sign in'),
  route('POST', '/api/auth/login', 'auth', 'login', 'public', 'Sign in with username or email and password'),
  route('POST', '/api/auth/refresh', 'auth', 'refresh', 'public', 'Exchange a refresh token for new tokens'),
  route('POST', '/api/auth/logout', 'auth', 'logout', 'protected', 'End the current session'),
  route('GET', '/api/auth/user', 'auth', 'currentUser', 'protected', 'The signed-in user and their stats'),

  route('GET', '/api/events', 'events', 'listEvents', 'protected', 'Events the caller organizes or helps plan'),
  route('POST', '/api/events', 'events', 'createEvent', 'protected', 'Create an event'),
  route('GET', '/api/events/{id}', 'events', 'getEvent', 'protected', 'One event with its summaries'),
  route('PUT', '/api/events/{id}', 'events', 'updateEvent', 'protected', 'Change an event'),
  route('DELETE', '/api/events/{id}', 'events', 'deleteEvent', 'protected', 'Delete an event and everything in it'),
  route('GET', '/api/events/{id}/activity', 'events', 'listActivity', 'protected', "An event's audit trail, newest first"),
];

/** `GET /api/events/{id}`: API Gateway's routeKey for a route. */
export const routeKey = (definition: Pick<RouteDefinition, 'method' | 'path'>): string =>
  `${definition.method} ${definition.path}`;

/** Scheduled functions, fired by EventBridge schedules in the stack and by timers locally. */
export const schedules = [
  { name: 'reminders', entry: 'reminders', everyMinutes: 15, summary: 'Reminders for items due soon' },
  { name: 'overspend', entry: 'overspend', everyMinutes: 60, summary: 'Overspend alerts for budgets' },
] as const;

/**
 * CORS as API Gateway applies it (the stack's corsPreflight and the local server both read this);
 * allowed origins come from CORS_ALLOWED_ORIGINS. The browser may send these request headers and read
 * these response headers.
 */
export const corsPolicy = {
  allowMethods: [...new Set(routes.map((definition) => definition.method))],
  allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'],
  exposeHeaders: ['Location', 'Retry-After', 'X-Request-Id'],
  maxAgeSeconds: 600,
} as const;
