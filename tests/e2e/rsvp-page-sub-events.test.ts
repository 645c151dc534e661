import { describe, expect, it } from 'vitest';
import { browserWorldPerFile } from './support/browser-world.ts';
import { saveScreenshot } from './support/chromium.ts';
import { openMailedLink } from './support/mailed-link.ts';

/**
 * A guest invited to two of an event's three sub-events (docs/sub-events.md) answers per sub-event on the
 * RSVP page in headless Chromium: the page shows exactly those two, the plain form records one yes and
 * one no, and the planner's counts follow. A screenshot is kept in test-output/.
 */
const world = browserWorldPerFile();

describe('the RSVP page with sub-events in a browser', () => {
  it('asks per sub-event the guest is invited to, never the third, and records the answers', async () => {
    const planner = { token: world.planner.token };
    const created = await world.call('POST', '/api/events', {
      ...planner, body: { name: 'Ada & Grace', event_date: '2031-06-21T15:00:00Z', timezone: 'Europe/London', event_type: 'wedding' },
    });
    const eventId: string = created.body.data.id;
    const subEvent = async (body: Record<string, unknown>) => (await world.call('POST', `/api/events/${eventId}/sub-events`, { ...planner, body })).body.data;
    const dinner = await subEvent({ title: 'Rehearsal dinner', starts_at: '2031-06-20T18:00:00Z', location_name: 'Trattoria Roma', capacity: 10 });
    const ceremony = await subEvent({ title: 'Ceremony', starts_at: '2031-06-21T14:00:00Z', location_name: 'Kew Gardens' });
    const afterParty = await subEvent({ title: 'Secret after-party', starts_at: '2031-06-21T23:00:00Z' });
    const added = await world.call('POST', `/api/events/${eventId}/guests`, { ...planner, body: { name: 'Grace Hopper', email: 'grace.sub@example.com' } });
    const guest = added.body.data[0];
    const invited = await world.call('PUT', `/api/guests/${guest.id}/sub-events`, { ...planner, body: { sub_event_ids: [dinner.id, ceremony.id] } });
    expect(invited.status, JSON.stringify(invited.body)).toBe(200);
    const page = await world.browser.newPage({ viewport: { width: 390, height: 844 } });

    await openMailedLink(page, `${world.stack.apiUrl}/rsvp/${guest.invitation_code}`, '__Host-invitation-code');
    const legends = await page.locator('fieldset[id^="sub-event-"] legend').allTextContents();
    const text = await page.locator('body').textContent();
    await page.locator('input[name="status"][value="yes"]').check();
    await page.locator(`input[name="sub_events.${dinner.id}"][value="yes"]`).check();
    await page.locator(`input[name="sub_events.${ceremony.id}"][value="no"]`).check();
    await Promise.all([page.waitForURL(/answered=1/), page.locator('button[type="submit"]').click()]);
    await saveScreenshot(page, 'rsvp-page-sub-events.png', { fullPage: true });

    expect(legends).toHaveLength(2);
    expect(legends[0]).toContain('Rehearsal dinner');
    expect(legends[0]).toContain('Trattoria Roma');
    expect(legends[1]).toContain('Ceremony');
    expect(text).not.toContain('Secret after-party');
    expect(await page.locator(`#sub-event-status-${dinner.id}`).textContent()).toBe('Attending');
    expect(await page.locator(`#sub-event-status-${ceremony.id}`).textContent()).toBe('Not attending');
    expect(await page.locator(`#sub-event-status-${afterParty.id}`).count()).toBe(0);
    const listed = await world.call('GET', `/api/events/${eventId}/sub-events`, planner);
    const counts = Object.fromEntries(listed.body.data.map((row: { title: string; invited_count: number; attending_count: number; declined_count: number }) => [row.title, [row.invited_count, row.attending_count, row.declined_count]]));
    expect(counts).toEqual({ 'Rehearsal dinner': [1, 1, 0], Ceremony: [1, 0, 1], 'Secret after-party': [0, 0, 0] });
    await page.close();
  });
});
