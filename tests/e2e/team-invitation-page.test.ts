import { describe, expect, it } from 'vitest';
import { runScheduleNow } from '../../infra/local/schedules.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { browserWorldPerFile, emailsTo } from './support/browser-world.ts';
import { saveScreenshot } from './support/chromium.ts';
import { expectSecretOutOfUrls, openMailedLink } from './support/mailed-link.ts';

/**
 * A team invitation end to end: the planner invites an address over HTTP, the outbox mails it to the
 * SES emulator, the invited person opens the link of the mail actually received in headless Chromium
 * and sees the event, role and inviter with a way to accept in the planning app (the token in the URL's
 * fragment); accepting with that token works once, and the page then says it was accepted. The token
 * leaves the address bar for the page's cookie at once and travels in no later URL or Referer.
 */
const world = browserWorldPerFile();

async function invitationTo(address: string) {
  return (await emailsTo(world, address)).find((email) => email.subject.startsWith('You are invited to plan'));
}

describe('the team invitation page in a browser', () => {
  it('opens from the emailed link, explains the invitation and links to the app; the token accepts once', async () => {
    const address = `dana.${Date.now()}@corp.example`;
    const created = await world.call('POST', '/api/events', {
      token: world.planner.token,
      body: { name: 'Ada & Grace <3', event_date: '2031-06-20T17:00:00Z', timezone: 'Europe/London', location: 'Kew Gardens', event_type: 'wedding' },
    });
    const eventId: string = created.body.data.id;
    await world.call('POST', `/api/events/${eventId}/team`, { token: world.planner.token, body: { email: address, role: 'coordinator' } });
    await runScheduleNow('outbox');
    const mail = await invitationTo(address);
    const link = /http:\/\/localhost:\d+\/team-invitations\/[A-Za-z0-9_-]{43}/.exec(mail?.body.text ?? '')?.[0] as string;
    const token = link.split('/').at(-1) as string;
    const page = await world.browser.newPage({ viewport: { width: 390, height: 844 } });

    const visit = await openMailedLink(page, link, '__Host-team-invitation');
    const opened = visit.opened;
    const heading = await page.locator('h1').textContent();
    const summary = await page.locator('#invitation-summary').textContent();
    const acceptHref = await page.locator('#accept-link').getAttribute('href');
    const sentTo = await page.locator('#invitation-address').textContent();
    const scripts = await page.locator('script').count();
    await saveScreenshot(page, 'team-invitation-page.png', { fullPage: true });
    await expectSecretOutOfUrls(visit, { secret: token, page: '/team-invitations', cookie: '__Host-team-invitation' });
    const invitee = await signedInUser(undefined, { verified: false });
    const accepted = await world.call('POST', `/api/events/${eventId}/team/accept`, { token: invitee.token, body: { token } });
    const reused = await world.call('POST', `/api/events/${eventId}/team/accept`, { token: (await signedInUser()).token, body: { token } });
    const reopened = await page.goto(link);
    const afterwards = await page.locator('h1').textContent();
    await page.close();

    expect(opened?.status()).toBe(200);
    expect(opened?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(heading).toBe('Ada & Grace <3');
    expect(summary).toContain(`Test ${world.planner.username} invited you`);
    expect(summary).toContain('coordinator');
    expect(sentTo).toContain(address);
    expect(acceptHref).toBe(`${process.env.CORS_ALLOWED_ORIGINS?.split(',')[0]}/accept-invitation?event_id=${eventId}#token=${token}`);
    expect(scripts).toBe(0);
    expect(accepted.status).toBe(200);
    expect(accepted.body.data).toMatchObject({ user_id: invitee.userId, role: 'coordinator', status: 'active' });
    expect([reused.status, reused.body.code]).toEqual([409, 'invitation_taken']);
    expect(reopened?.status()).toBe(409);
    expect(afterwards).toBe('Invitation already accepted');
  });
});
