import { describe, expect, it } from 'vitest';
import { runScheduleNow } from '../../infra/local/schedules.ts';
import { browserWorldPerFile, emailsTo } from './support/browser-world.ts';
import { saveScreenshot } from './support/chromium.ts';

/**
 * The whole invitation loop over HTTP: a planner queues invitations, the outbox schedule sends them to
 * the SES emulator, the guest opens the emailed link in headless Chromium and answers yes, the
 * confirmation arrives with its calendar file, and the history shows the invitation opened and answered.
 */

const world = browserWorldPerFile();

describe('invitations end to end', () => {
  it('sends the invitation, the guest answers from the emailed link, and the stats show it', async () => {
    const address = `linus.${Date.now()}@example.com`;
    const created = await world.call('POST', '/api/events', {
      token: world.planner.token,
      body: { name: 'Summer <party>', event_date: '2031-08-01T18:00:00Z', timezone: 'Europe/Paris', location: 'Jardin', event_type: 'party' },
    });
    const eventId: string = created.body.data.id;
    await world.call('POST', `/api/events/${eventId}/guests`, { token: world.planner.token, body: { name: 'Linus', email: address } });

    const queued = await world.call('POST', `/api/events/${eventId}/invitations`, { token: world.planner.token, body: { invitation_template: 'formal' } });
    await runScheduleNow('outbox');
    const [invitation] = await emailsTo(world, address);
    const link = /http:\/\/localhost:\d+\/rsvp\/[A-Za-z0-9_-]{43}/.exec(invitation?.body.text ?? '')?.[0] as string;
    const page = await world.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(link);
    await page.locator('input[name="status"][value="yes"]').check();
    await Promise.all([page.waitForURL(/answered=1/), page.locator('button[type="submit"]').click()]);
    await saveScreenshot(page, 'invitation-answered.png', { fullPage: true });
    await page.close();
    await runScheduleNow('outbox');
    const confirmation = (await emailsTo(world, address)).find((email) => email.subject.startsWith('Your answer'));
    const batches = await world.call('GET', `/api/events/${eventId}/invitations`, { token: world.planner.token });
    const history = await world.call('GET', `/api/events/${eventId}/invitations?batch_id=${batches.body.data[0].id}`, { token: world.planner.token });

    expect(queued.status).toBe(202);
    expect(invitation?.subject).toBe('Invitation: Summer <party>');
    expect(link).toBeTruthy();
    expect(invitation?.attachments.some((file) => file.contentType.startsWith('text/calendar'))).toBe(true);
    const calendar = Buffer.from(confirmation?.attachments.find((file) => file.contentType.startsWith('text/calendar'))?.content ?? '', 'base64').toString('utf8');
    expect(calendar).toContain('DTSTART;TZID=Europe/Paris:20310801T200000');
    expect(batches.body.data[0]).toMatchObject({ status: 'sent', queued: 1, sent: 1, opened: 1, answered: 1, open_rate: 1, response_rate: 1 });
    expect(history.body.data[0]).toMatchObject({ status: 'sent', rsvp_status: 'yes', opened_at: expect.any(String), responded_at: expect.any(String) });
  });
});
