import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserWorldPerFile } from './support/browser-world.ts';
import { saveScreenshot } from './support/chromium.ts';
import { openMailedLink } from './support/mailed-link.ts';

/**
 * A party's page in headless Chromium (docs/parties.md): the party's link lists every member and one
 * form answers for all of them (answer, meal, dietary needs per member). In Spanish (the first member's
 * language) with the keyboard alone, and in French (the event's) with JavaScript off, where a refusal
 * (a meal missing) is shown in French by the member's name before the corrected answer is saved. With
 * sub-events, with and without JavaScript: each member is asked only theirs, and one submission answers them.
 */
const world = browserWorldPerFile();

async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 60; presses += 1) {
    await page.keyboard.press('Tab');
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** An event with a required meal for attending guests, three guests and their party; the party's code. */
async function partyOfThree(event: Record<string, unknown>, firstLanguage?: string) {
  const token = world.planner.token;
  const created = await world.call('POST', '/api/events', { token, body: { event_date: '2031-06-20T17:00:00Z', timezone: 'Europe/Paris', event_type: 'wedding', ...event } });
  const eventId: string = created.body.data.id;
  const meal = await world.call('POST', `/api/events/${eventId}/questions`, {
    token, body: { kind: 'single_choice', label: 'Menu', required: true, audience: 'attending', options: [{ id: 'beef', label: 'Bœuf' }, { id: 'fish', label: 'Poisson' }] },
  });
  const added = await world.call('POST', `/api/events/${eventId}/guests`, {
    token,
    body: { guest_list: [{ name: 'Ada', ...(firstLanguage ? { language: firstLanguage } : {}), plus_one_limit: 1 }, { name: 'Byron' }, { name: 'Clara' }] },
  });
  const memberIds = (added.body.data as { id: string }[]).map((guest) => guest.id);
  const party = await world.call('POST', `/api/events/${eventId}/parties`, { token, body: { name: 'Lovelace', member_ids: memberIds } });
  expect(party.status, JSON.stringify(party.body)).toBe(201);
  return { eventId, partyId: party.body.data.id as string, code: party.body.data.invitation_code as string, mealId: meal.body.data.id as string };
}

/**
 * An event with three sub-events and a party of three: Ada is invited to the dinner and the ceremony,
 * Byron to the ceremony, Clara to none; the reception (another guest's) is nobody's in the party.
 */
async function partyWithSubEvents(name: string) {
  const token = world.planner.token;
  const created = await world.call('POST', '/api/events', { token, body: { name, event_date: '2031-06-21T13:00:00Z', timezone: 'Europe/Paris', event_type: 'wedding' } });
  const eventId: string = created.body.data.id;
  const subEvent = async (body: Record<string, unknown>) => (await world.call('POST', `/api/events/${eventId}/sub-events`, { token, body })).body.data.id as string;
  const dinner = await subEvent({ title: 'Rehearsal dinner', starts_at: '2031-06-20T18:00:00Z' });
  const ceremony = await subEvent({ title: 'Ceremony', starts_at: '2031-06-21T13:00:00Z' });
  const reception = await subEvent({ title: 'Reception', starts_at: '2031-06-21T17:00:00Z' });
  const added = await world.call('POST', `/api/events/${eventId}/guests`, { token, body: { guest_list: [{ name: 'Ada' }, { name: 'Byron' }, { name: 'Clara' }, { name: 'Other' }] } });
  const [ada, byron, clara, other] = (added.body.data as { id: string }[]).map((guest) => guest.id);
  const invite = (guestId: string | undefined, ids: string[]) => world.call('PUT', `/api/guests/${guestId}/sub-events`, { token, body: { sub_event_ids: ids } });
  await Promise.all([invite(ada, [dinner, ceremony]), invite(byron, [ceremony]), invite(other, [reception])]);
  const party = await world.call('POST', `/api/events/${eventId}/parties`, { token, body: { name: 'Lovelace', member_ids: [ada, byron, clara] } });
  expect(party.status, JSON.stringify(party.body)).toBe(201);
  return { code: party.body.data.invitation_code as string, dinner, ceremony, reception };
}

/**
 * A German event with a required per_party question (where the party stays) and a brunch with its own
 * question (asked only of its guests): Ada is invited to the brunch, Byron is not; their party's code.
 */
async function partyWithOwnQuestions(name: string) {
  const token = world.planner.token;
  const created = await world.call('POST', '/api/events', { token, body: { name, event_date: '2031-06-21T13:00:00Z', timezone: 'Europe/Berlin', event_type: 'wedding', default_language: 'de' } });
  const eventId: string = created.body.data.id;
  const brunch = (await world.call('POST', `/api/events/${eventId}/sub-events`, { token, body: { title: 'Brunch', starts_at: '2031-06-22T09:00:00Z' } })).body.data.id as string;
  const question = async (body: Record<string, unknown>) => (await world.call('POST', `/api/events/${eventId}/questions`, { token, body })).body.data.id as string;
  const stay = await question({ kind: 'single_choice', label: 'Unterkunft', required: true, audience: 'per_party', options: [{ id: 'hotel', label: 'Hotel' }, { id: 'home', label: 'Zu Hause' }] });
  const song = await question({ kind: 'text', label: 'Lieblingslied', audience: 'every_guest', sub_event_id: brunch });
  const added = await world.call('POST', `/api/events/${eventId}/guests`, { token, body: { guest_list: [{ name: 'Ada' }, { name: 'Byron' }] } });
  const [ada, byron] = (added.body.data as { id: string }[]).map((guest) => guest.id);
  await world.call('PUT', `/api/guests/${ada}/sub-events`, { token, body: { sub_event_ids: [brunch] } });
  const party = await world.call('POST', `/api/events/${eventId}/parties`, { token, body: { name: 'Lovelace', member_ids: [ada, byron] } });
  expect(party.status, JSON.stringify(party.body)).toBe(201);
  return { eventId, partyId: party.body.data.id as string, code: party.body.data.invitation_code as string, brunch, stay, song };
}

/** A sub-event's counts as the planners read them. */
const countsOf = async (subEventId: string) => {
  const { attending_count, declined_count, pending_count } = (await world.call('GET', `/api/sub-events/${subEventId}`, { token: world.planner.token })).body.data;
  return { attending_count, declined_count, pending_count };
};

const membersOf = async (partyId: string) =>
  ((await world.call('GET', `/api/parties/${partyId}`, { token: world.planner.token })).body.data.members as { name: string; rsvp_status: string; answers: Record<string, unknown>; dietary_restrictions: string[] }[]);

describe("a party's RSVP page", () => {
  it('answers for every member in Spanish with the keyboard only', async () => {
    const { partyId, code, mealId } = await partyOfThree({ name: 'Boda' }, 'es');
    const context = await world.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();

    await openMailedLink(page, `${world.stack.apiUrl}/rsvp/${code}`, '__Host-invitation-code');
    const listed = await page.locator('#current-answers dt').allTextContents();
    // Ada: yes (Tab enters the group at its first choice, Space takes it), the fish, a dietary need.
    await tabTo(page, 'input[name="members.0.status"]');
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name="members.0.dietary_restrictions"]');
    await page.keyboard.type('vegetarian');
    await tabTo(page, `input[name="members.0.answers.${mealId}"]`);
    await page.keyboard.press('ArrowDown');
    // Byron: yes, beef. Clara: no (ArrowRight moves the choice from yes to no).
    await tabTo(page, 'input[name="members.1.status"]');
    await page.keyboard.press('Space');
    await tabTo(page, `input[name="members.1.answers.${mealId}"]`);
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name="members.2.status"]');
    await page.keyboard.press('ArrowRight');
    await tabTo(page, 'button[type="submit"]');
    await Promise.all([page.waitForURL(/answered=1/), page.keyboard.press('Enter')]);
    await saveScreenshot(page, 'party-page-es.png', { fullPage: true });
    const members = await membersOf(partyId);

    expect(listed).toEqual(['Ada', 'Byron', 'Clara']);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.locator('#page-message').textContent()).toBe('Gracias, las respuestas de su grupo están guardadas.');
    expect(members.map((member) => [member.name, member.rsvp_status, member.answers[mealId] ?? null, member.dietary_restrictions])).toEqual([
      ['Ada', 'yes', ['fish'], ['vegetarian']],
      ['Byron', 'yes', ['beef'], []],
      ['Clara', 'no', null, []],
    ]);
    await context.close();
  });

  it.each([true, false])("asks each member only the sub-events they are invited to, and one submission answers them (JavaScript %s)", async (javaScriptEnabled) => {
    const { code, dinner, ceremony, reception } = await partyWithSubEvents(`Sub-events ${javaScriptEnabled ? 'with' : 'without'} JavaScript`);
    const context = await world.browser.newContext({ javaScriptEnabled, locale: 'en-GB' });
    const page = await context.newPage();

    await openMailedLink(page, `${world.stack.apiUrl}/rsvp/${code}`, '__Host-invitation-code');
    const asked = await Promise.all([0, 1, 2].map((index) => page.locator(`#member-${index} fieldset legend`).allTextContents()));
    const whole = await page.content();
    await page.locator('#member-0').getByLabel('Yes, attending').check();
    await page.locator(`#m0-sub-event-${dinner}`).getByLabel('Yes, I will attend').check();
    await page.locator(`#m0-sub-event-${ceremony}`).getByLabel('No, I cannot').check();
    await page.locator('#member-1').getByLabel('No, not attending').check();
    await page.locator(`#m1-sub-event-${ceremony}`).getByLabel('Yes, I will attend').check();
    await page.locator('#member-2').getByLabel('Yes, attending').check();
    await Promise.all([page.waitForURL(/answered=1/), page.getByRole('button', { name: 'Send our answers' }).click()]);
    const shown = await Promise.all([0, 1].map((index) => page.locator(`#member-${index}-sub-events`).textContent()));

    expect(asked.map((legends) => legends.map((legend) => legend.split(' ')[0]))).toEqual([['Rehearsal', 'Ceremony'], ['Ceremony'], []]);
    expect(whole).not.toContain('Reception');
    expect(whole).not.toContain(reception);
    expect(await page.locator('#page-message').textContent()).toBe("Thank you, your party's answers are saved.");
    expect(shown[0]).toBe('Rehearsal dinner: Attending; Ceremony: Not attending');
    expect(shown[1]).toBe('Ceremony: Attending');
    expect(await page.locator('#member-2-sub-events').count()).toBe(0);
    expect(await countsOf(dinner)).toEqual({ attending_count: 1, declined_count: 0, pending_count: 0 });
    expect(await countsOf(ceremony)).toEqual({ attending_count: 1, declined_count: 1, pending_count: 0 });
    expect(await countsOf(reception)).toEqual({ attending_count: 0, declined_count: 0, pending_count: 1 });
    await context.close();
  });

  it('answers in French with JavaScript off; a missing meal is refused in French by the member\'s name', async () => {
    const { partyId, code, mealId } = await partyOfThree({ name: 'Mariage', default_language: 'fr' });
    const context = await world.browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    const page = await context.newPage();

    await openMailedLink(page, `${world.stack.apiUrl}/rsvp/${code}`, '__Host-invitation-code');
    const heading = await page.locator('#party-name').textContent();
    for (const index of [0, 1, 2]) await page.locator(`#member-${index}`).getByLabel('Oui, présent·e').check();
    await page.locator('#member-0').getByLabel('Poisson').check();
    await page.locator('#member-1').getByLabel('Bœuf').check();
    await page.getByRole('button', { name: 'Envoyer nos réponses' }).click();
    const refusal = await page.locator('#page-message').textContent();
    const afterRefusal = await membersOf(partyId);
    await page.locator('#member-0').getByLabel('Oui, présent·e').check();
    await page.locator('#member-1').getByLabel('Oui, présent·e').check();
    await page.locator('#member-0').getByLabel('Poisson').check();
    await page.locator('#member-1').getByLabel('Bœuf').check();
    await page.locator('#member-2').getByLabel('Non, absent·e').check();
    await Promise.all([page.waitForURL(/answered=1/), page.getByRole('button', { name: 'Envoyer nos réponses' }).click()]);
    await saveScreenshot(page, 'party-page-fr.png', { fullPage: true });
    const members = await membersOf(partyId);

    expect(heading).toBe('Votre groupe : Lovelace');
    expect(refusal).toBe('Merci de vérifier votre réponse : Clara : Menu : réponse obligatoire.');
    expect(afterRefusal.map((member) => member.rsvp_status)).toEqual(['pending', 'pending', 'pending']);
    expect(await page.locator('#page-message').textContent()).toBe('Merci, les réponses de votre groupe sont enregistrées.');
    expect(members.map((member) => [member.rsvp_status, member.answers[mealId] ?? null])).toEqual([['yes', ['fish']], ['yes', ['beef']], ['no', null]]);
    await context.close();
  });

  it.each([true, false])('asks a per_party question once and a sub-event\'s question only of its guest, in German (JavaScript %s: the keyboard alone, else without JavaScript)', async (javaScriptEnabled) => {
    const { eventId, partyId, code, brunch, stay, song } = await partyWithOwnQuestions(`Eigene Fragen ${javaScriptEnabled ? 'mit' : 'ohne'} JavaScript`);
    const context = await world.browser.newContext({ javaScriptEnabled, locale: 'en-GB' });
    const page = await context.newPage();

    await openMailedLink(page, `${world.stack.apiUrl}/rsvp/${code}`, '__Host-invitation-code');
    const asked = {
      party: await page.locator(`#party-questions [name="answers.${stay}"]`).count(),
      perMember: await page.locator(`[name$=".answers.${stay}"]`).count(),
      adaSong: await page.locator(`#m0-sub-event-${brunch} [name="members.0.answers.${song}"]`).count(),
      byronSong: await page.locator(`[name="members.1.answers.${song}"]`).count(),
    };
    let refusal: string | null = null;
    if (javaScriptEnabled) {
      // Ada: yes, the brunch yes, a song; Byron: no (ArrowRight moves from yes to no); the party: at home (ArrowDown to the second option).
      await tabTo(page, 'input[name="members.0.status"]');
      await page.keyboard.press('Space');
      await tabTo(page, `input[name="members.0.sub_events.${brunch}"]`);
      await page.keyboard.press('Space');
      await tabTo(page, `input[name="members.0.answers.${song}"]`);
      await page.keyboard.type('Waterloo');
      await tabTo(page, 'input[name="members.1.status"]');
      await page.keyboard.press('ArrowRight');
      await tabTo(page, `input[name="answers.${stay}"]`);
      await page.keyboard.press('ArrowDown');
      await tabTo(page, 'button[type="submit"]');
      await Promise.all([page.waitForURL(/answered=1/), page.keyboard.press('Enter')]);
    } else {
      // The party's question left out first: refused in German by the party's name, nothing saved.
      await page.locator('#member-0').getByLabel('Ja, nimmt teil').check();
      await page.locator('#member-1').getByLabel('Nein, nimmt nicht teil').check();
      await page.getByRole('button', { name: 'Unsere Antworten senden' }).click();
      refusal = await page.locator('#page-message').textContent();
      await page.locator('#member-0').getByLabel('Ja, nimmt teil').check();
      await page.locator('#member-1').getByLabel('Nein, nimmt nicht teil').check();
      await page.locator(`#m0-sub-event-${brunch}`).getByLabel('Ja, ich komme').check();
      await page.locator(`#m0-sub-event-${brunch}`).getByLabel('Lieblingslied').fill('Waterloo');
      await page.locator('#party-questions').getByLabel('Zu Hause').check();
      await Promise.all([page.waitForURL(/answered=1/), page.getByRole('button', { name: 'Unsere Antworten senden' }).click()]);
    }
    const card = { party: await page.locator('#current-answers .party-answer').allTextContents(), ada: await page.locator('#member-0-sub-events').textContent(), byron: await page.locator('#member-1-sub-events').count() };
    const stored = (await world.call('GET', `/api/parties/${partyId}`, { token: world.planner.token })).body.data;
    // The party's own answers as its link reads them (the planners' party view lists the members).
    const partyAnswers = (await world.call('GET', '/api/party-rsvp', { headers: { 'invitation-code': code } })).body.data.answers;
    const summary = (await world.call('GET', `/api/events/${eventId}/questions`, { token: world.planner.token })).body.data as { id: string; answer_count: number; options: { id: string; count: number }[] }[];

    expect(asked).toEqual({ party: 2, perMember: 0, adaSong: 1, byronSong: 0 });
    if (!javaScriptEnabled) expect(refusal).toBe('Bitte prüfen Sie Ihre Antwort: Lovelace: Unterkunft: Antwort erforderlich.');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.locator('#page-message').textContent()).toBe('Danke, die Antworten Ihrer Gruppe sind gespeichert.');
    expect(card).toEqual({ party: ['Zu Hause'], ada: 'Brunch: Nimmt teil (Lieblingslied: Waterloo)', byron: 0 });
    expect(partyAnswers).toEqual({ [stay]: ['home'] });
    expect((stored.members as { name: string; rsvp_status: string; answers: Record<string, unknown> }[]).map((member) => [member.name, member.rsvp_status, member.answers])).toEqual([
      ['Ada', 'yes', { [song]: 'Waterloo' }],
      ['Byron', 'no', {}],
    ]);
    // Counted once for the party (not per member), the song once for Ada.
    expect(summary.map(({ id, answer_count, options }) => ({ id, answer_count, options: options.map((option) => [option.id, option.count]) }))).toEqual([
      { id: stay, answer_count: 1, options: [['hotel', 0], ['home', 1]] },
      { id: song, answer_count: 1, options: [] },
    ]);
    expect(await countsOf(brunch)).toEqual({ attending_count: 1, declined_count: 0, pending_count: 0 });
    await context.close();
  });
});
