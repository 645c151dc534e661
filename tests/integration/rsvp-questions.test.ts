import { beforeAll, describe, expect, it } from 'vitest';
import { listAllGuests } from '../../shared/data/guests/reads.ts';
import { listQuestions } from '../../shared/data/questions/records.ts';
import { recountAnswers } from '../../shared/domain/questions/answers.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, codeOf, guestsApi, people, rsvpApi, rsvpPage } from './guests-fixtures.ts';

/**
 * Custom RSVP questions (docs/questions.md): definitions, answers checked on every route that takes them
 * and kept in the answer's own transaction, counters per choice equal to a recount, and edits that never
 * lose an answer already given.
 */
let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

type Question = { id: string; version: number; options: { id: string; count: number; price: number | null }[]; answer_count: number };

async function addQuestion(eventId: string, body: Record<string, unknown>): Promise<Question> {
  const response = await guestsApi(ada, 'POST', `/api/events/${eventId}/questions`, { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data;
}

/** Each question's stored counters next to a recount of the guests' answers. */
async function countsAndRecount(eventId: string) {
  const questions = await listQuestions(eventId);
  const recounted = recountAnswers(await listAllGuests(eventId));
  const stored = Object.fromEntries(questions.map((question) => [question.id, {
    answers: question.answer_count,
    choices: Object.fromEntries(Object.entries(question.choice_counts).filter(([, count]) => count !== 0)),
  }]));
  const expected = Object.fromEntries(questions.map((question) => [question.id, recounted.get(question.id) ?? { answers: 0, choices: {} }]));
  return { stored, expected };
}

/** An answer resubmitted after a 503 (contention, nothing written), as a guest's browser would. */
async function answer(code: string, body: Record<string, unknown>) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await rsvpApi('POST', '/api/rsvp', { body, headers: { 'invitation-code': code } });
    if (response.status !== 503 || attempt === 10) return response;
  }
}

const form = (fields: Record<string, string>) => ({
  rawBody: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

async function weddingWithQuestions() {
  const event = await createEvent(ada, { name: 'Wedding', event_date: '2031-06-20T17:00:00Z', event_type: 'wedding', currency: 'EUR' });
  const meal = await addQuestion(event.id, {
    kind: 'single_choice', label: 'Your meal', required: true, audience: 'attending',
    options: [{ label: 'Beef', price: 95 }, { label: 'Fish', price: 85 }, { label: 'Vegetarian', price: 80 }],
  });
  const extras = await addQuestion(event.id, { kind: 'multiple_choice', label: 'Also coming to', options: [{ id: 'brunch', label: 'Sunday brunch' }, { id: 'hike', label: 'The hike' }] });
  const song = await addQuestion(event.id, { kind: 'text', label: 'A song for the dance floor' });
  const age = await addQuestion(event.id, { kind: 'number', label: 'Age of children coming', audience: 'per_party' });
  const bus = await addQuestion(event.id, { kind: 'yes_no', label: 'Will you take the shuttle?', required: true });
  return { event, meal, extras, song, age, bus };
}

describe('defining questions', () => {
  it('makes option ids from labels, prices in the event currency, and lists them in order with zero counts', async () => {
    const { event, meal, bus } = await weddingWithQuestions();

    const listed = await guestsApi(ada, 'GET', `/api/events/${event.id}/questions`);

    expect(meal.options.map((option) => [option.id, option.price, option.count])).toEqual([['beef', 95, 0], ['fish', 85, 0], ['vegetarian', 80, 0]]);
    expect(bus.options.map((option) => option.id)).toEqual(['yes', 'no']);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((question: { label: string }) => question.label)).toEqual(['Your meal', 'Also coming to', 'A song for the dance floor', 'Age of children coming', 'Will you take the shuttle?']);
    const bad = await guestsApi(ada, 'POST', `/api/events/${event.id}/questions`, { body: { kind: 'single_choice', label: 'Meal', options: [{ label: 'Beef', price: 1.234 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((problem: { path: string }) => problem.path)).toEqual(['options.0.price']);
  });
});

describe('answering', () => {
  it('checks answers on the JSON route (all problems at once), keeps them in the guest and counts them', async () => {
    const { event, meal, extras, song, age, bus } = await weddingWithQuestions();
    const [grace, alan] = await addGuests(ada, event.id, [{ name: 'Grace' }, { name: 'Alan' }]);

    const refused = await answer(codeOf(grace), { status: 'yes', answers: { [meal.id]: 'lobster', [extras.id]: ['brunch', 'spa'], [age.id]: 'seven', nope: 'x' } });
    const saved = await answer(codeOf(grace), { status: 'yes', answers: { [meal.id]: 'fish', [extras.id]: ['brunch', 'hike'], [song.id]: 'September', [age.id]: 7, [bus.id]: true } });
    const declined = await answer(codeOf(alan), { status: 'no', answers: { [meal.id]: 'beef', [bus.id]: false } });

    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((problem: { path: string }) => problem.path).sort()).toEqual(
      [`answers.${age.id}`, `answers.${bus.id}`, `answers.${extras.id}`, `answers.${meal.id}`, 'answers.nope'].sort(),
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.data.guest.answers).toEqual({ [meal.id]: ['fish'], [extras.id]: ['brunch', 'hike'], [song.id]: 'September', [age.id]: 7, [bus.id]: true });
    expect(saved.body.data.questions.map((question: { id: string }) => question.id)).toEqual([meal.id, extras.id, song.id, age.id, bus.id]);
    // Declining drops the attending-only meal (not asked), keeps the rest.
    expect(declined.status).toBe(200);
    expect(declined.body.data.guest.answers).toEqual({ [bus.id]: false });
    const { stored, expected } = await countsAndRecount(event.id);
    expect(stored).toEqual(expected);
    expect(stored[meal.id]).toEqual({ answers: 1, choices: { fish: 1 } });
    expect(stored[bus.id]).toEqual({ answers: 2, choices: { yes: 1, no: 1 } });
  });

  it('requires what is required, on the planner route too, and a left-out question keeps its answer', async () => {
    const { event, meal, bus } = await weddingWithQuestions();
    const [grace] = await addGuests(ada, event.id, [{ name: 'Grace' }]);

    const missing = await guestsApi(ada, 'POST', `/api/guests/${grace.id}/rsvp`, { body: { status: 'yes', answers: { [bus.id]: false } } });
    const recorded = await guestsApi(ada, 'POST', `/api/guests/${grace.id}/rsvp`, { body: { status: 'yes', answers: { [meal.id]: 'beef', [bus.id]: false } } });
    const noteOnly = await answer(codeOf(grace), { status: 'yes', note: 'See you there' });
    const shown = await guestsApi(ada, 'GET', `/api/guests/${grace.id}`);

    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: `answers.${meal.id}`, message: 'Required: Your meal' }]);
    expect(recorded.status).toBe(200);
    expect(noteOnly.status).toBe(200);
    expect(shown.body.data.answers).toEqual({ [meal.id]: ['beef'], [bus.id]: false });
  });

  it('takes the answers from the page\'s form without JavaScript, and shows the questions on the page', async () => {
    const { event, meal, extras, song, bus } = await weddingWithQuestions();
    const [grace] = await addGuests(ada, event.id, [{ name: 'Grace' }]);

    const page = await rsvpPage('GET', codeOf(grace));
    const refused = await rsvpPage('POST', codeOf(grace), form({ status: 'yes', [`answers.${meal.id}`]: '', [`answers.${bus.id}`]: 'yes' }));
    const posted = await rsvpPage('POST', codeOf(grace), form({
      status: 'yes', [`answers.${meal.id}`]: 'vegetarian', [`answers.${extras.id}`]: '', [`answers.${extras.id}.hike`]: '1', [`answers.${song.id}`]: 'Dancing Queen', [`answers.${bus.id}`]: 'no',
    }));
    const after = await rsvpPage('GET', codeOf(grace), { headers: { 'accept-language': 'fr' } });

    expect(page.body).toContain(`name="answers.${meal.id}" value="beef"`);
    expect(page.body).toContain(`name="answers.${extras.id}.brunch"`);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Please check your answer: Your meal: an answer is required.');
    expect(posted.status).toBe(303);
    expect(after.body).toContain(`name="answers.${meal.id}" value="vegetarian" checked`);
    expect(after.body).toContain('<dd>The hike</dd>');
    const shown = await guestsApi(ada, 'GET', `/api/guests/${grace.id}`);
    expect(shown.body.data.answers).toEqual({ [meal.id]: ['vegetarian'], [extras.id]: ['hike'], [song.id]: 'Dancing Queen', [bus.id]: false });
  });
});

describe('changing a question keeps the answers given', () => {
  it('refuses to remove a chosen option or delete an answered question (409 naming the answers), lets it be retired', async () => {
    const { event, meal, song, bus } = await weddingWithQuestions();
    const guests = await addGuests(ada, event.id, [{ name: 'A' }, { name: 'B' }, { name: 'C' }]);
    const given = await Promise.all(guests.map((guest, index) => answer(codeOf(guest), { status: 'yes', answers: { [meal.id]: index < 2 ? 'beef' : 'fish', [song.id]: 'x', [bus.id]: true } })));
    expect(given.map((response) => response.status)).toEqual([200, 200, 200]);

    const removeBeef = await guestsApi(ada, 'PUT', `/api/questions/${meal.id}`, { body: { options: [{ label: 'Fish' }, { label: 'Vegetarian' }] } });
    const toText = await guestsApi(ada, 'PUT', `/api/questions/${meal.id}`, { body: { kind: 'text' } });
    const deleteAnswered = await guestsApi(ada, 'DELETE', `/api/questions/${song.id}`);
    const retire = await guestsApi(ada, 'PUT', `/api/questions/${meal.id}`, { body: { options: [{ label: 'Beef', retired: true }, { label: 'Fish' }, { label: 'Vegetarian' }], label: 'Main course' } });
    const [newcomer] = await addGuests(ada, event.id, [{ name: 'Late' }]);
    const retiredChoice = await guestsApi(ada, 'POST', `/api/guests/${newcomer.id}/rsvp`, { body: { status: 'yes', answers: { [meal.id]: 'beef', [bus.id]: true } } });
    const holderKeeps = await guestsApi(ada, 'POST', `/api/guests/${guests[0].id}/rsvp`, { body: { status: 'yes', answers: { [meal.id]: 'beef' }, note: 'still beef' } });

    expect(removeBeef.status).toBe(409);
    expect(removeBeef.body.code).toBe('answers_affected');
    expect(removeBeef.body.detail).toContain('2 answers');
    expect(removeBeef.body.errors).toEqual([{ path: 'options.beef', message: '2 answers chose it: retire it instead (retired: true)' }]);
    expect(toText.status).toBe(409);
    expect(toText.body.detail).toContain('3 answers');
    expect(deleteAnswered.status).toBe(409);
    expect(retire.status, JSON.stringify(retire.body)).toBe(200);
    expect(retire.body.data.options.map((option: { id: string; retired: boolean; count: number }) => [option.id, option.retired, option.count])).toEqual([['beef', true, 2], ['fish', false, 1], ['vegetarian', false, 0]]);
    expect(retiredChoice.status).toBe(400);
    expect(holderKeeps.status).toBe(200);
    const unanswered = await addQuestion(event.id, { kind: 'text', label: 'Unused' });
    expect((await guestsApi(ada, 'DELETE', `/api/questions/${unanswered.id}`)).status).toBe(200);
    // A guest removed takes their answers out of the counts.
    expect((await guestsApi(ada, 'DELETE', `/api/guests/${guests[2].id}`)).status).toBe(200);
    const { stored, expected } = await countsAndRecount(event.id);
    expect(stored).toEqual(expected);
    expect(stored[meal.id]).toEqual({ answers: 2, choices: { beef: 2 } });
  });
});

describe('the caterer\'s counts under concurrent answers', () => {
  it('equal a recount after 20 guests answer and change at once while an option is being removed, and export as CSV', { timeout: 60_000 }, async () => {
    const { event, meal, extras } = await weddingWithQuestions();
    const guests = await addGuests(ada, event.id, people(20));
    const meals = ['beef', 'fish', 'vegetarian'];
    const first = guests.map((guest, index) => answer(codeOf(guest), { status: 'yes', answers: { [meal.id]: meals[index % 3], [extras.id]: index % 2 ? ['brunch'] : ['brunch', 'hike'] } }));
    const again = guests.slice(0, 10).map((guest, index) => answer(codeOf(guest), { status: index % 4 === 0 ? 'no' : 'yes', answers: { [meal.id]: meals[(index + 1) % 3] } }));
    const removal = guestsApi(ada, 'PUT', `/api/questions/${extras.id}`, { body: { options: [{ id: 'brunch', label: 'Sunday brunch' }, { id: 'spa', label: 'Spa' }] } });

    const responses = await Promise.all([...first, ...again]);
    const removed = await removal;

    expect(responses.map((response) => response.status).filter((status) => status !== 200 && status !== 400)).toEqual([]);
    const { stored, expected } = await countsAndRecount(event.id);
    expect(stored).toEqual(expected);
    expect([200, 409]).toContain(removed.status);
    // Removal wins only while no answer holds `hike`; once any does, it is refused: never an orphaned answer.
    if (removed.status === 200) expect(stored[extras.id]?.choices.hike ?? 0).toBe(0);
    else expect(stored[extras.id]?.choices.hike ?? 0).toBeGreaterThan(0);
    const csv = await guestsApi(ada, 'GET', `/api/events/${event.id}/questions/export`);
    expect(csv.status).toBe(200);
    expect(csv.headers['Content-Type']).toBe('text/csv; charset=utf-8');
    const beef = stored[meal.id]?.choices.beef ?? 0;
    expect(csv.body).toContain(`Your meal,single_choice,beef,Beef,${beef},95,${95 * beef},EUR`);
  });
});
