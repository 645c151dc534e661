import type middy from '@middy/core';
import type { HttpEvent, HttpRequestContext, HttpResult } from '../types.ts';

/**
 * Answers that are not HTML (JSON, problems, CSV, redirects) get the policy OWASP's REST cheat sheet gives
 * APIs: nothing loads from them and nothing frames them (ASVS 3.4.3, 3.4.6). HTML answers keep the page
 * policy http-security-headers sets for them.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function apiContentSecurity(): middy.MiddlewareObj<HttpEvent, HttpResult, Error, HttpRequestContext> {
  const stamp = (request: middy.Request<HttpEvent, HttpResult, Error, HttpRequestContext>) => {
    const { response } = request;
    if (!response) return;
    const headers = response.headers ?? {};
    const named = (wanted: string) => Object.keys(headers).find((name) => name.toLowerCase() === wanted);
    const contentType = named('content-type');
    if (named('content-security-policy') || String(contentType ? headers[contentType] : '').includes('text/html')) return;
    response.headers = { ...headers, 'Content-Security-Policy': API_CONTENT_SECURITY_POLICY };
  };
  return { after: stamp, onError: stamp };
}
