import { describe, expect, it } from 'vitest';
import { runScheduleNow } from '../../infra/local/schedules.ts';
import { browserWorldPerFile, emailsTo } from './support/browser-world.ts';
import { saveScreenshot } from './support/chromium.ts';
import { expectSecretOutOfUrls, openMailedLink } from './support/mailed-link.ts';

/**
 * A forgotten password over HTTP: the account asks for a link, the outbox schedule sends it to the SES
 * emulator, the owner opens the emailed link in headless Chromium, sets a new password with the plain
 * form (no JavaScript), the old session is refused and the new password signs in. The token leaves the
 * address bar for the page's cookie at once and travels in no later URL or Referer.
 */

const world = browserWorldPerFile();


describe('the password-reset page in a browser', () => {
  it('sets a new password from the emailed link; the old session ends and the new password signs in', async () => {
    const suffix = Date.now().toString(36);
    const account = { username: `reset_${suffix}`, email: `reset.${suffix}@example.com`, password: `old-kettle-${suffix}`, full_name: 'Reset Tester' };
    const registered = await world.call('POST', '/api/auth/register', { body: account });
    const newPassword = `new-violet-${suffix}`;

    const asked = await world.call('POST', '/api/auth/password/forgot', { body: { email: account.email } });
    await runScheduleNow('outbox');
    // Registration mailed a verification link too: the reset mail is the one with its subject.
    const mail = (await emailsTo(world, account.email)).find((email) => email.subject === 'Reset your password');
    const link = /http:\/\/localhost:\d+\/password\/reset\/\S+/.exec(mail?.body.text ?? '')?.[0] as string;
    const page = await world.browser.newPage({ viewport: { width: 390, height: 844 } });
    const visit = await openMailedLink(page, link, '__Host-reset-token');
    const policy = visit.opened?.headers()['content-security-policy'] ?? '';
    await page.locator('#new_password').fill(newPassword);
    await page.locator('#confirm_password').fill(newPassword);
    await Promise.all([page.waitForSelector('#reset-done'), page.locator('button[type="submit"]').click()]);
    await saveScreenshot(page, 'password-reset-done.png', { fullPage: true });
    const done = await page.locator('h1').textContent();
    await expectSecretOutOfUrls(visit, { secret: link.split('/').at(-1) as string, page: '/password/reset', cookie: '__Host-reset-token' });
    await page.goto(link);
    const reopened = await page.locator('#reset-refused h1').textContent();
    await page.close();

    expect(registered.status).toBe(201);
    expect(asked.status).toBe(202);
    expect(mail?.subject).toBe('Reset your password');
    expect(link).toBeTruthy();
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('script-src');
    expect(done).toBe('Your password is changed');
    expect(reopened).toBe('This link does not work');
    expect((await world.call('GET', '/api/auth/user', { token: registered.body.data.access_token })).status).toBe(401);
    expect((await world.call('POST', '/api/auth/login', { body: { login: account.username, password: account.password } })).status).toBe(401);
    expect((await world.call('POST', '/api/auth/login', { body: { login: account.email, password: newPassword } })).status).toBe(200);
  });
});
