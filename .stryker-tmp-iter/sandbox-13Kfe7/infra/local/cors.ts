// @ts-nocheck
import { corsPolicy } from '../../shared/routes.ts';

/**
 * CORS the way an HTTP API with a CORS configuration applies it: API Gateway answers preflights itself
 * (204, with the Access-Control-Allow-* headers only for an allowed origin, so a browser refuses the
 * rest), and on other answers it replaces whatever CORS headers the function set with its own.
 */
export function isAllowedOrigin(origin: string | undefined, allowedOrigins: readonly string[]): origin is string {
  return origin !== undefined && (allowedOrigins.includes('*') || allowedOrigins.includes(origin));
}

export const isPreflight = (method: string, headers: Record<string, string | undefined>): boolean =>
  method === 'OPTIONS' && headers.origin !== undefined && headers['access-control-request-method'] !== undefined;

function allowOrigin(origin: string, allowedOrigins: readonly string[]): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': allowedOrigins.includes('*') ? '*' : origin,
    Vary: 'Origin',
  };
}

export function preflightHeaders(origin: string | undefined, allowedOrigins: readonly string[]): Record<string, string> {
  if (!isAllowedOrigin(origin, allowedOrigins)) return {};
  return {
    ...allowOrigin(origin, allowedOrigins),
    // The stack allows OPTIONS on top of the table's methods; so does this.
    'Access-Control-Allow-Methods': [...corsPolicy.allowMethods, 'OPTIONS'].join(','),
    'Access-Control-Allow-Headers': corsPolicy.allowHeaders.join(','),
    'Access-Control-Max-Age': String(corsPolicy.maxAgeSeconds),
  };
}

/** The answer's headers with the function's CORS headers replaced by API Gateway's. */
export function withGatewayCors(
  headers: Record<string, string>,
  origin: string | undefined,
  allowedOrigins: readonly string[],
): Record<string, string> {
  const withoutFunctionCors = Object.fromEntries(
    Object.entries(headers).filter(([name]) => !name.toLowerCase().startsWith('access-control-')),
  );
  if (!isAllowedOrigin(origin, allowedOrigins)) return withoutFunctionCors;
  const varyName = Object.keys(withoutFunctionCors).find((name) => name.toLowerCase() === 'vary');
  const { [varyName ?? 'Vary']: vary, ...rest } = withoutFunctionCors;
  return {
    ...rest,
    ...allowOrigin(origin, allowedOrigins),
    // The answer depends on the Origin too, on top of whatever the function said it depends on.
    Vary: vary && !/\borigin\b/i.test(vary) ? `${vary}, Origin` : vary ?? 'Origin',
    'Access-Control-Expose-Headers': corsPolicy.exposeHeaders.join(','),
  };
}
