import * as z from 'zod';
import { LINK_COOKIE_MAX_AGE_SECONDS, linkCookieAttributes, linkSecretParams, type MailedLink } from '../pages/mailed-link.ts';
import type { OperationContract } from './operation-contract.ts';

/**
 * The contracts of the pages a mailed link opens (shared/pages/mailed-link.ts): the link's path form that
 * moves its secret into a cookie and redirects, and the clean page that reads the cookie.
 */

/** GET {page}/{secret} (303, the mailed link) or POST (307, a form of a page rendered before the cookie). */
export function linkOpeningContract(link: MailedLink, param: 'code' | 'token', status: 303 | 307): OperationContract {
  const success = {
    description: status === 303
      ? `The ${param} is kept in a cookie that ${link.page} reads, and the browser goes there (so the ${param} leaves the address bar)`
      : `The ${param} is kept in a cookie that ${link.page} reads, and the browser posts the same form there`,
    headers: {
      Location: link.page,
      'Set-Cookie': `${link.cookie}=<the ${param}>; ${linkCookieAttributes(LINK_COOKIE_MAX_AGE_SECONDS)}`,
    },
  };
  return {
    params: linkSecretParams[param],
    responses: { [status]: success },
    ...(status === 307 ? { idempotencyKeyIgnored: 'A public page: there is no caller to keep a key for. It only sends the post on to its page.' } : {}),
  };
}

/** The clean page's cookie, as the OpenAPI document shows it. */
export const linkCookie = (link: MailedLink) =>
  z.object({ [link.cookie]: z.string().meta({ description: `Set by the mailed link (${link.page}/{…}); HttpOnly, an hour` }) });

/** What a clean page answers without its cookie. */
export const MISSING_LINK_COOKIE = 'The cookie the mailed link sets is missing, expired or not valid: a page saying to open the link from the email again';
