import * as z from 'zod';
import { publicOperation } from '../http/group.ts';
import { text } from '../http/responses.ts';
import type { HttpResult, RequestInfo } from '../http/types.ts';
import { renderProblemPage } from './rsvp-page.ts';

/**
 * The pages a mailed link opens (an invitation's RSVP page, a password reset, an email verification, a
 * team invitation) keep the link's secret out of every URL the browser keeps or sends on: the link's
 * first request (`GET /rsvp/{code}`) moves the secret into a cookie and redirects to the page's clean
 * path (303), so the address bar, the history, bookmarks and any Referer hold `/rsvp` only. The page and
 * its form read the cookie.
 *
 * The cookie: HttpOnly (no script reads it), an hour, and `__Host-` (Secure, this host only, Path=/): no
 * sibling host under the same parent domain (another API on execute-api.amazonaws.com) can set or replace
 * it, which a path-scoped `__Secure-` cookie would allow; each page reads its own cookie by name, nothing
 * else reads any, and the frontend's cross-origin calls send no cookies (CORS without credentials).
 * Browsers keep Secure cookies from http://localhost, so the local server works as deployed.
 * SameSite=Lax, not Strict: a link clicked in webmail is a cross-site navigation, and a Strict cookie set
 * by its answer would not be sent on the redirect that follows (the redirect chain started on another
 * site), so the guest would land on "open the link again"; Lax cookies go with top-level GET navigations
 * and same-site form posts, which is every request these pages get, and not with a cross-site post.
 */
export type MailedLink = {
  /** The clean page: the redirect's target. */
  page: string;
  cookie: string;
  /** What the page calls the secret when it is missing. */
  noun: string;
};

export const mailedLinks = {
  rsvp: { page: '/rsvp', cookie: '__Host-invitation-code', noun: 'invitation' },
  passwordReset: { page: '/password/reset', cookie: '__Host-reset-token', noun: 'password reset' },
  verifyEmail: { page: '/verify-email', cookie: '__Host-verification-token', noun: 'email confirmation' },
  teamInvitation: { page: '/team-invitations', cookie: '__Host-team-invitation', noun: 'team invitation' },
} as const satisfies Record<string, MailedLink>;

/** Long enough to read the page and answer, short enough that a shared computer forgets it soon. */
export const LINK_COOKIE_MAX_AGE_SECONDS = 60 * 60;

/** The longest secret a link carries is far shorter; anything longer is not one of ours. */
const MAX_SECRET_LENGTH = 2048;

/** A page is personal: never cached, and never named in a Referer. */
const pageHeaders = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

export function htmlPage(statusCode: number, body: string, headers: Record<string, string> = {}): HttpResult {
  const result = text(statusCode, body, 'text/html; charset=utf-8');
  return { ...result, headers: { ...result.headers, ...pageHeaders, ...headers } };
}

/** What follows a link cookie's value: `__Host-` needs Secure and Path=/, and no Domain. */
export const linkCookieAttributes = (maxAgeSeconds: number): string => `Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Lax`;

const cookieOf = (link: MailedLink, value: string, maxAgeSeconds: number): string => `${link.cookie}=${value}; ${linkCookieAttributes(maxAgeSeconds)}`;

/** The path parameter of a link, by its name in the path: any text up to the limit (an unknown one is the page's own refusal). */
const secretText = z.string().max(MAX_SECRET_LENGTH);
export const linkSecretParams = {
  code: z.object({ code: secretText }).transform(({ code }) => ({ secret: code })),
  token: z.object({ token: secretText }).transform(({ token }) => ({ secret: token })),
};

/**
 * The operation of a link's path form: the secret into the cookie, then on to the clean page. A GET (the
 * mailed link) is sent on with 303; a POST (a form of a page rendered before the cookie) with 307, which
 * repeats the post, body and all, at the clean path.
 */
export function linkOpening(link: MailedLink, param: 'code' | 'token', status: 303 | 307) {
  return publicOperation({
    params: linkSecretParams[param],
    handle: async ({ params }) => ({
      ...htmlPage(status, '', { Location: link.page }),
      cookies: [cookieOf(link, encodeURIComponent(params.secret), LINK_COOKIE_MAX_AGE_SECONDS)],
    }),
  });
}

/** Drops the cookie with the answer (a used reset or verification token is of no more use). */
export const forgettingLinkSecret = (link: MailedLink, result: HttpResult): HttpResult => ({
  ...result,
  cookies: [...(result.cookies ?? []), cookieOf(link, '', 0)],
});

const secretCookie = z.string().min(1).max(MAX_SECRET_LENGTH * 3);

/** The secret in the page's cookie, or null when it is missing, empty, too long or not percent-encoding. */
export function linkSecret(link: MailedLink, request: RequestInfo): string | null {
  const parsed = secretCookie.safeParse(request.cookies[link.cookie]);
  if (!parsed.success) return null;
  try {
    const secret = decodeURIComponent(parsed.data);
    return secret.length > 0 && secret.length <= MAX_SECRET_LENGTH ? secret : null;
  } catch {
    return null;
  }
}

/**
 * Runs a page with the secret of its cookie; without one (never opened from the link, expired, or
 * garbage) the answer is a 400 page that says to open the link from the email again.
 */
export async function withLinkSecret(link: MailedLink, request: RequestInfo, render: (secret: string) => Promise<HttpResult>): Promise<HttpResult> {
  const secret = linkSecret(link, request);
  if (secret !== null) return render(secret);
  return htmlPage(400, renderProblemPage('Please open the link from your email', `This ${link.noun} page opens from the link in your email, and stays open for an hour after that. Open the link in your email again.`));
}
