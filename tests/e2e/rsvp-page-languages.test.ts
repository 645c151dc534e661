import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserWorldPerFile } from './support/browser-world.ts';
import { saveScreenshot } from './support/chromium.ts';
import { openMailedLink } from './support/mailed-link.ts';

/**
 * The RSVP page in the guest's language, in headless Chromium: in French (the event's default language)
 * answered with the keyboard alone, and in German (the browser's Accept-Language) with JavaScript off.
 * The page has no script at all, so both paths are the plain HTML form's.
 */
const world = browserWorldPerFile();

/** Presses Tab until the element matching `selector` has the focus (a keyboard user's only way there). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 40; presses += 1) {
    await page.keyboard.press('Tab');
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function invite(body: Record<string, unknown>, guest: Record<string, unknown>): Promise<{ eventId: string; guestId: string; code: string }> {
  const created = await world.call('POST', '/api/events', {
    token: world.planner.token,
    body: { event_date: '2031-06-20T17:00:00Z', timezone: 'Europe/Paris', location: 'Musée d’Orsay', event_type: 'party', ...body },
  });
  const eventId: string = created.body.data.id;
  const added = await world.call('POST', `/api/events/${eventId}/guests`, { token: world.planner.token, body: guest });
  return { eventId, guestId: added.body.data[0].id, code: added.body.data[0].invitation_code };
}

describe('the RSVP page in the guest’s language', () => {
  it('answers in French with the keyboard only (Tab, Space, typing, Enter), the new email included', async () => {
    const { guestId, code } = await invite({ name: 'Gala', default_language: 'fr' }, { name: 'Grace Hopper', email: 'grace@example.com' });
    const context = await world.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();

    await openMailedLink(page, `${world.stack.apiUrl}/rsvp/${code}`, '__Host-invitation-code');
    const lang = await page.locator('html').getAttribute('lang');
    const when = await page.locator('#event-when').textContent();
    await tabTo(page, 'input[name="status"]');
    // Tab enters the radio group at its first choice (oui); Space chooses it.
    await page.keyboard.press('Space');
    await tabTo(page, '#email');
    await page.keyboard.type('grace.hopper@example.com');
    await tabTo(page, 'button[type="submit"]');
    await Promise.all([page.waitForURL(/answered=1/), page.keyboard.press('Enter')]);
    await saveScreenshot(page, 'rsvp-page-fr.png', { fullPage: true });
    const guest = await world.call('GET', `/api/guests/${guestId}`, { token: world.planner.token });

    expect(lang).toBe('fr');
    expect(when).toBe('vendredi 20 juin 2031, 19:00 (UTC+2)');
    expect(await page.locator('#page-message').textContent()).toBe('Merci, votre réponse est enregistrée.');
    expect(await page.locator('#answer-status').textContent()).toBe('Présent·e');
    expect(guest.body.data).toMatchObject({ rsvp_status: 'yes', email: 'grace.hopper@example.com' });
    await context.close();
  });

  it('answers in German, the browser’s language, with JavaScript disabled', async () => {
    const { guestId, code } = await invite({ name: 'Sommerfest' }, { name: 'Mary Somerville', plus_one_limit: 1 });
    const context = await world.browser.newContext({ javaScriptEnabled: false, locale: 'de-DE' });
    const page = await context.newPage();

    await openMailedLink(page, `${world.stack.apiUrl}/rsvp/${code}`, '__Host-invitation-code');
    const title = await page.title();
    await page.getByLabel('Nein, leider nicht').check();
    await page.getByLabel('Telefon').fill('+49 30 1234567');
    await Promise.all([page.waitForURL(/answered=1/), page.getByRole('button', { name: 'Antwort senden' }).click()]);
    await saveScreenshot(page, 'rsvp-page-de.png', { fullPage: true });
    const guest = await world.call('GET', `/api/guests/${guestId}`, { token: world.planner.token });

    expect(title).toBe('Sommerfest: Ihre Einladung');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.locator('#page-message').textContent()).toBe('Vielen Dank, Ihre Antwort ist gespeichert.');
    expect(await page.locator('#answer-status').textContent()).toBe('Nimmt nicht teil');
    expect(guest.body.data).toMatchObject({ rsvp_status: 'no', phone: '+49 30 1234567' });
    await context.close();
  });
});
