import { describe, expect, it } from 'vitest';
import { browserWorldPerFile } from './support/browser-world.ts';
import { saveScreenshot } from './support/chromium.ts';
import { expectSecretOutOfUrls, openMailedLink } from './support/mailed-link.ts';

/**
 * A guest opens their invitation in headless Chromium (Debian's package), answers with the plain form,
 * and sees the answer; the planner sees the event's counters change. The code leaves the address bar for
 * the page's cookie at once and travels in no later URL or Referer. A screenshot is kept in test-output/.
 */

const world = browserWorldPerFile();


describe('the RSVP page in a browser', () => {
  it('answers the invitation with the form and the event counters follow', async () => {
    const created = await world.call('POST', '/api/events', {
      token: world.planner.token,
      body: { name: 'Ada & Grace <3', event_date: '2031-06-20T17:00:00Z', timezone: 'Europe/London', location: 'Kew Gardens', event_type: 'wedding', capacity: 50 },
    });
    const eventId: string = created.body.data.id;
    const added = await world.call('POST', `/api/events/${eventId}/guests`, {
      token: world.planner.token,
      body: { name: 'Grace Hopper', email: 'grace@example.com', plus_one_limit: 2 },
    });
    const code: string = added.body.data[0].invitation_code;
    const page = await world.browser.newPage({ viewport: { width: 390, height: 844 } });

    const visit = await openMailedLink(page, `${world.stack.apiUrl}/rsvp/${code}`, '__Host-invitation-code');
    const heading = await page.locator('h1').textContent();
    await page.locator('input[name="status"][value="yes"]').check();
    await page.locator('select[name="plus_one_count"]').selectOption('1');
    await page.locator('input[name="dietary_restrictions"]').fill('vegetarian');
    await page.locator('textarea[name="note"]').fill('Can not wait!');
    await Promise.all([page.waitForURL(/answered=1/), page.locator('button[type="submit"]').click()]);
    await saveScreenshot(page, 'rsvp-page.png', { fullPage: true });
    const answeredAt = new URL(page.url());

    await expectSecretOutOfUrls(visit, { secret: code, page: '/rsvp', cookie: '__Host-invitation-code' });
    expect(`${answeredAt.pathname}${answeredAt.search}`).toBe('/rsvp?answered=1');
    expect(heading).toBe('Ada & Grace <3');
    expect(await page.locator('#page-message').textContent()).toContain('your answer is saved');
    expect(await page.locator('#answer-status').textContent()).toBe('Attending');
    expect(await page.locator('#answer-plus-ones').textContent()).toBe('1');
    const event = await world.call('GET', `/api/events/${eventId}`, { token: world.planner.token });
    expect(event.body.data).toMatchObject({ guest_count: 1, rsvp_yes: 1, rsvp_pending: 0, attending_headcount: 2 });
    await page.close();
  });
});
