import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { runScheduleNow } from '../../infra/local/schedules.ts';
import { browserWorldPerFile } from './support/browser-world.ts';
import { saveScreenshot } from './support/chromium.ts';
import { expectSecretOutOfUrls, openMailedLink } from './support/mailed-link.ts';
import { type StoredEmail, storedEmailsTo } from '../../infra/local/ses-store.ts';

/**
 * A person registers through the HTTP API, the outbox sends the verification mail to the SES emulator,
 * and the link in the mail actually received is opened in headless Chromium: opening it verifies
 * nothing (mail scanners prefetch links); the page's button does. The token leaves the address bar for
 * the page's cookie at once and travels in no later URL or Referer. A screenshot is kept in test-output/.
 */
const world = browserWorldPerFile();

const mailsTo = (address: string): Promise<StoredEmail[]> => storedEmailsTo(inject('sesEndpoint'), address);

describe('the email verification page in a browser', () => {
  it('opens the link from the mail, confirms with the button, and the account shows verified', async () => {
    const suffix = randomBytes(4).toString('hex');
    const email = `browser.${suffix}@example.com`;
    const registered = await world.call('POST', '/api/auth/register', {
      body: { username: `browser_${suffix}`, email, password: `violet-kettle-${suffix}`, full_name: 'Grace Browser' },
    });
    const token: string = registered.body.data.access_token;
    await runScheduleNow('outbox');
    const [mail] = await mailsTo(email);
    const link = /(https?:\/\/\S+\/verify-email\/\S+)/.exec(mail?.body.text ?? '')?.[1] ?? '';
    const page = await world.browser.newPage({ viewport: { width: 390, height: 844 } });

    const visit = await openMailedLink(page, link, '__Host-verification-token');
    const opened = visit.opened;
    const heading = await page.locator('h1').textContent();
    const afterOpening = await world.call('GET', '/api/auth/user', { token });
    await Promise.all([page.waitForLoadState('load'), page.locator('#confirm-email').click()]);
    await page.locator('#page-message').waitFor();
    await saveScreenshot(page, 'verify-email-page.png', { fullPage: true });
    const afterConfirming = await world.call('GET', '/api/auth/user', { token });

    expect(mail?.subject).toBe('Confirm your email address');
    await expectSecretOutOfUrls(visit, { secret: link.split('/').at(-1) as string, page: '/verify-email', cookie: '__Host-verification-token' });
    expect(link.startsWith(`${world.stack.apiUrl}/verify-email/`)).toBe(true);
    expect(opened?.status()).toBe(200);
    expect(opened?.headers()['content-security-policy']).toMatch(/default-src 'none'/);
    expect(await page.locator('script').count()).toBe(0);
    expect(heading).toBe('Confirm your email address');
    expect(await page.locator('h1').textContent()).toBe('Email address confirmed');
    expect(afterOpening.body.data.email_verified).toBe(false);
    expect(await page.locator('#page-message').textContent()).toContain(email);
    expect(afterConfirming.body.data.email_verified).toBe(true);
    await page.close();
  });
});
