import type { Cookie, Page, Response } from 'playwright-core';
import { expect } from 'vitest';

/**
 * A mailed link opened in headless Chromium (shared/pages/mailed-link.ts): the link's own answer, the
 * address the page lands on, the cookie that keeps the secret, and every request the page makes after
 * the link (its URL and Referer), to check that the secret travels in none of them.
 */
export type MailedLinkVisit = {
  /** The clean page's answer, after the link's redirect. */
  opened: Response | null;
  linkStatus: number | undefined;
  landedOn: string;
  cookie: Cookie | undefined;
  /** The URL and Referer of each request after the link's own, up to now. */
  laterRequests: () => Promise<string[]>;
};

export async function openMailedLink(page: Page, link: string, cookieName: string): Promise<MailedLinkVisit> {
  const seen: Promise<string>[] = [];
  page.on('request', (request) => {
    seen.push(request.allHeaders().then((headers) => `${request.url()} referer=${headers.referer ?? ''}`));
  });
  const opened = await page.goto(link);
  const linkResponse = await opened?.request().redirectedFrom()?.response();
  return {
    opened,
    linkStatus: linkResponse?.status(),
    landedOn: page.url(),
    cookie: (await page.context().cookies()).find((candidate) => candidate.name === cookieName),
    laterRequests: async () => (await Promise.all(seen)).slice(1),
  };
}

/**
 * The link answered 303 to its clean page, the secret sits in an HttpOnly, SameSite=Lax `__Host-` cookie
 * (Secure, Path=/, this host only: Chromium keeps it from http://localhost as from https), the page sends
 * no Referer, and no request after the link carries the secret in its URL or Referer.
 */
export async function expectSecretOutOfUrls(visit: MailedLinkVisit, expected: { secret: string; page: string; cookie: string }): Promise<void> {
  expect(visit.linkStatus).toBe(303);
  expect(new URL(visit.landedOn).pathname).toBe(expected.page);
  expect(visit.landedOn).not.toContain(expected.secret);
  expect(visit.cookie).toMatchObject({ name: expected.cookie, path: '/', httpOnly: true, secure: true, sameSite: 'Lax' });
  expect(visit.opened?.headers()['referrer-policy']).toBe('no-referrer');
  const later = await visit.laterRequests();
  expect(later.length).toBeGreaterThan(0);
  expect(later.filter((request) => request.includes(expected.secret))).toEqual([]);
}
