import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHandler } from '../../infra/local/function-entries.ts';
import { calendarFeedKeys } from '../../shared/data/keys.ts';
import { CALENDAR_FEED_RATE_WINDOW_SECONDS, CALENDAR_FEED_REQUESTS_PER_WINDOW } from '../../shared/domain/calendar/rate-limit.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent, getItem } from './events-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/**
 * Calendar feeds (docs/calendar-feeds.md): the feed parsed by ical.js holds the right entries, per the
 * member's permissions; a rotated or revoked URL answers 404; the token is stored only as its hash.
 * One event seeded for the file; each test makes its own feeds.
 */
let organizer: SignedInUser;
let eventId: string;
const ids = { dayItem: '', timedItem: '', trickyItem: '', dueTask: '', undatedTask: '' };
const trickyTitle = 'Florist; roses, peonies & "ranunculus" \\ call back — Ünïcödé 🌸 '.repeat(3).trim();

// Each fetch from its own address: the route's per-address limit is security-rate-limits' to test.
let addresses = 0;
const readFeed = async (token: string) =>
  invoke(await loadHandler<GroupHandler>('timeline'), makeHttpEvent({ method: 'GET', path: `/calendar/${token}`, sourceIp: `198.18.7.${(addresses += 1) % 250}` }));
type GroupHandler = Parameters<typeof invoke>[0];

type Feed = { status: number; headers: Record<string, string>; body: string };
const fetchFeed = async (url: string): Promise<Feed> => {
  const answer = await readFeed(new URL(url).pathname.split('/').pop() as string);
  return { status: answer.status, headers: answer.headers, body: typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body) };
};
const newFeed = async (user: SignedInUser) => (await expectStatus(201, user, 'POST', `/api/events/${eventId}/calendar-feed`)).data as { url: string; webcal_url: string; shows: string[] };

const parsed = (ics: string) => new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
const byUid = (ics: string) => new Map(parsed(ics).map((entry) => [entry.uid, entry]));

beforeAll(async () => {
  organizer = await signedInUser();
  eventId = (await createEvent(organizer)).id; // 2027-06-20T18:00:00Z, Europe/London, with 10 default milestones
  const addTimeline = async (body: Record<string, unknown>) => (await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/timeline`, { body })).data.id as string;
  const addTask = async (body: Record<string, unknown>) => (await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/checklist`, { body })).data.id as string;
  ids.dayItem = await addTimeline({ title: 'Send the save-the-dates', due_date: '2027-05-10' });
  ids.timedItem = await addTimeline({ title: 'Cake tasting', due_date: '2027-04-02T14:30:00Z' });
  ids.trickyItem = await addTimeline({ title: trickyTitle.slice(0, 200), description: 'Line one\nLine two; with, punctuation', due_date: '2027-05-11' });
  ids.dueTask = await addTask({ task: 'Order the rings', category: 'attire', due_date: '2027-03-15' });
  ids.undatedTask = await addTask({ task: 'Choose a playlist', category: 'music' });
}, 60_000);

describe('GET /calendar/{token}', () => {
  it('answers an iCalendar object that ical.js parses into the event, every timeline due date and the dated checklist tasks', async () => {
    const feed = await newFeed(organizer);

    const answer = await fetchFeed(feed.url);

    expect(answer.status).toBe(200);
    expect(answer.headers['Content-Type']).toBe('text/calendar; charset=utf-8');
    expect(answer.headers['Cache-Control']).toBe('no-store');
    const timeline = (await call(organizer, 'GET', `/api/events/${eventId}/timeline`)).body.data as { id: string }[];
    const entries = byUid(answer.body);
    expect([...entries.keys()].sort()).toEqual([
      `event-${eventId}@event-planning`,
      ...timeline.map((item) => `timeline-${item.id}@event-planning`),
      `checklist-${ids.dueTask}@event-planning`,
    ].sort());
    expect(timeline.length).toBe(13);
    const event = entries.get(`event-${eventId}@event-planning`);
    expect(event?.summary).toBe('Ada & Grace wedding');
    expect(event?.location).toBe('Kew Gardens, Richmond, London TW9 3AE');
    expect(event?.startDate.toJSDate().toISOString()).toBe('2027-06-20T18:00:00.000Z');
    expect(event?.endDate.toJSDate().toISOString()).toBe('2027-06-20T23:00:00.000Z'); // the end of its day in London (BST)
  });

  it('shows a day as an all-day entry on that day in the event zone, a time at its instant, with text escaped and lines folded', async () => {
    const { url } = await newFeed(organizer);

    const { body } = await fetchFeed(url);

    const entries = byUid(body);
    const day = entries.get(`timeline-${ids.dayItem}@event-planning`);
    expect(day?.startDate.isDate).toBe(true);
    expect(day?.startDate.toString()).toBe('2027-05-10'); // stored as 2027-05-09T23:00:00Z: midnight in London
    const timed = entries.get(`timeline-${ids.timedItem}@event-planning`);
    expect(timed?.startDate.isDate).toBe(false);
    expect(timed?.startDate.toJSDate().toISOString()).toBe('2027-04-02T14:30:00.000Z');
    const task = entries.get(`checklist-${ids.dueTask}@event-planning`);
    expect(task?.summary).toBe('Order the rings');
    expect(task?.startDate.toString()).toBe('2027-03-15');
    const tricky = entries.get(`timeline-${ids.trickyItem}@event-planning`);
    expect(tricky?.summary).toBe(trickyTitle.slice(0, 200));
    expect(tricky?.description).toContain('Line one\nLine two; with, punctuation');
    // RFC 5545 3.1: CRLF line ends, no line longer than 75 octets, and DTSTAMP on every entry.
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
    expect(body.split('\r\n').some((line) => line.startsWith(' '))).toBe(true);
    expect(body.match(/^DTSTAMP:/gm)?.length).toBe(entries.size);
    expect(body).toContain('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n');
  });

  it('answers the same bytes again while nothing changed (stable UIDs and DTSTAMPs), and a changed item with a higher SEQUENCE', async () => {
    const { url } = await newFeed(organizer);
    const first = await fetchFeed(url);
    const again = await fetchFeed(url);
    expect(again.body).toBe(first.body);

    const item = (await call(organizer, 'GET', `/api/events/${eventId}/timeline`)).body.data.find((entry: { id: string }) => entry.id === ids.timedItem);
    await expectStatus(200, organizer, 'PUT', `/api/timeline/${ids.timedItem}`, { body: { status: 'completed' }, headers: { 'if-match': String(item.version) } });
    const changed = byUid((await fetchFeed(url)).body).get(`timeline-${ids.timedItem}@event-planning`);

    expect(changed?.summary).toBe('✓ Cake tasting');
    expect(changed?.sequence).toBe(item.version);
  });

  it('leaves out the timeline for a member without read on it, and the checklist for one without read on that', async () => {
    const noTimeline = await signedInUser();
    const noChecklist = await signedInUser();
    await addMember(eventId, noTimeline.userId, 'assistant', { timeline: 'none' });
    await addMember(eventId, noChecklist.userId, 'viewer', { checklist: 'none' });

    const withoutTimeline = await newFeed(noTimeline);
    const withoutChecklist = await newFeed(noChecklist);
    const timelineLess = [...byUid((await fetchFeed(withoutTimeline.url)).body).keys()];
    const checklistLess = [...byUid((await fetchFeed(withoutChecklist.url)).body).keys()];

    expect(withoutTimeline.shows).toEqual(['event', 'checklist', 'sub_events']);
    expect(timelineLess.filter((uid) => uid.startsWith('timeline-'))).toEqual([]);
    expect(timelineLess).toContain(`checklist-${ids.dueTask}@event-planning`);
    expect(timelineLess).toContain(`event-${eventId}@event-planning`);
    expect(withoutChecklist.shows).toEqual(['event', 'timeline', 'sub_events']);
    expect(checklistLess.filter((uid) => uid.startsWith('checklist-'))).toEqual([]);
    expect(checklistLess).toContain(`timeline-${ids.dayItem}@event-planning`);
  });

  it('holds each sub-event at its own time and place for a member who may read the guests, and none for one who may not', async () => {
    const reception = (await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/sub-events`, {
      body: { title: 'Reception', starts_at: '2027-06-20T19:00:00Z', ends_at: '2027-06-20T23:30:00Z', location_name: 'The Orangery', location_address: 'Kew, Richmond' },
    })).data as { id: string };
    const noGuests = await signedInUser();
    await addMember(eventId, noGuests.userId, 'assistant', { guests: 'none' });

    const planner = byUid((await fetchFeed((await newFeed(organizer)).url)).body);
    const withoutGuests = await newFeed(noGuests);
    const guestLess = [...byUid((await fetchFeed(withoutGuests.url)).body).keys()];

    const entry = planner.get(`sub-event-${reception.id}@event-planning`);
    expect(entry?.summary).toBe('Reception (Ada & Grace wedding)');
    expect(entry?.location).toBe('The Orangery, Kew, Richmond');
    expect(entry?.startDate.toJSDate().toISOString()).toBe('2027-06-20T19:00:00.000Z');
    expect(entry?.endDate.toJSDate().toISOString()).toBe('2027-06-20T23:30:00.000Z');
    expect(withoutGuests.shows).toEqual(['event', 'timeline', 'checklist']);
    expect(guestLess.filter((uid) => uid.startsWith('sub-event-'))).toEqual([]);
    await expectStatus(200, organizer, 'DELETE', `/api/sub-events/${reception.id}`);
  });

  it('follows permissions as they change: a member whose timeline read is taken away stops seeing it at the next fetch', async () => {
    const member = await signedInUser();
    await addMember(eventId, member.userId, 'assistant');
    const { url } = await newFeed(member);
    expect([...byUid((await fetchFeed(url)).body).keys()].some((uid) => uid.startsWith('timeline-'))).toBe(true);

    const teamMember = (await call(organizer, 'GET', `/api/events/${eventId}/team`)).body.data.find((entry: { user_id: string }) => entry.user_id === member.userId);
    await expectStatus(200, organizer, 'PUT', `/api/team/${teamMember.id}`, { body: { permissions: { timeline: 'none' } } });

    expect([...byUid((await fetchFeed(url)).body).keys()].some((uid) => uid.startsWith('timeline-'))).toBe(false);
  });
});

describe('rotation and revocation', () => {
  it('stores only the hash of the token, and a rotated URL answers 404 while the new one works', async () => {
    const member = await signedInUser();
    await addMember(eventId, member.userId, 'viewer');
    const first = await newFeed(member);
    const stored = await getItem(calendarFeedKeys.item(eventId, member.userId));
    const token = new URL(first.url).pathname.split('/').pop() as string;
    expect(JSON.stringify(stored)).not.toContain(token.slice(52));
    expect(first.webcal_url).toBe(first.url.replace(/^https?:/, 'webcal:'));

    const second = await newFeed(member);

    expect(second.url).not.toBe(first.url);
    expect((await fetchFeed(first.url)).status).toBe(404);
    expect((await fetchFeed(second.url)).status).toBe(200);
  });

  it('answers 404 for a revoked URL, and the status route then says there is none (active: false)', async () => {
    const member = await signedInUser();
    await addMember(eventId, member.userId, 'viewer');
    const { url } = await newFeed(member);
    const status = await expectStatus(200, member, 'GET', `/api/events/${eventId}/calendar-feed`);
    expect(status.data).toMatchObject({ active: true, shows: ['event', 'timeline', 'checklist', 'sub_events'] });
    expect(status.data).not.toHaveProperty('url');

    await expectStatus(200, member, 'DELETE', `/api/events/${eventId}/calendar-feed`);

    const revoked = await fetchFeed(url);
    expect(revoked.status).toBe(404);
    expect(revoked.headers['Content-Type']).toBe('application/problem+json');
    expect((await expectStatus(200, member, 'GET', `/api/events/${eventId}/calendar-feed`)).data).toMatchObject({ active: false, created_at: null, rotated_at: null });
    await expectStatus(200, member, 'DELETE', `/api/events/${eventId}/calendar-feed`); // again: nothing left to revoke, same answer
  });

  it('answers 404 once the member has left the team, and does not come back when they are added again', async () => {
    const member = await signedInUser();
    await addMember(eventId, member.userId, 'viewer');
    const { url } = await newFeed(member);
    const teamMember = (await call(organizer, 'GET', `/api/events/${eventId}/team`)).body.data.find((entry: { user_id: string }) => entry.user_id === member.userId);

    await expectStatus(200, organizer, 'DELETE', `/api/team/${teamMember.id}`);
    expect((await fetchFeed(url)).status).toBe(404);
    await addMember(eventId, member.userId, 'viewer');

    expect((await fetchFeed(url)).status).toBe(404);
  });

  it('answers 404 for a token of another shape, an unknown secret and another event', async () => {
    const { url } = await newFeed(organizer);
    const token = new URL(url).pathname.split('/').pop() as string;
    const otherSecret = `${token.slice(0, 52)}${'A'.repeat(43)}`;
    const otherEvent = (await createEvent(organizer)).id;

    for (const candidate of ['nope', otherSecret, `${otherEvent}${token.slice(26)}`, `${token}x`]) {
      const answer = await readFeed(candidate);
      expect(answer.status, candidate).toBe(404);
      expect(answer.body.code).toBe('not_found');
    }
  });

  it('answers 404 once the event is deleted', async () => {
    const owner = await signedInUser();
    const doomed = (await createEvent(owner)).id;
    const { url } = (await expectStatus(201, owner, 'POST', `/api/events/${doomed}/calendar-feed`)).data;

    await expectStatus(200, owner, 'DELETE', `/api/events/${doomed}`);

    expect((await fetchFeed(url)).status).toBe(404);
  });

  it('answers 404 to someone outside the team on the managing routes', async () => {
    const stranger = await signedInUser();

    await expectStatus(404, stranger, 'POST', `/api/events/${eventId}/calendar-feed`);
    await expectStatus(404, stranger, 'GET', `/api/events/${eventId}/calendar-feed`);
  });
});

describe('the per-address limit of GET /calendar/{token}', () => {
  it('answers 429 with Retry-After past the burst from one address, while another address is still served', async () => {
    const { url } = await newFeed(organizer);
    const token = new URL(url).pathname.split('/').pop() as string;
    const handler = await loadHandler<GroupHandler>('timeline');
    const from = (sourceIp: string) => invoke(handler, makeHttpEvent({ method: 'GET', path: `/calendar/${token}`, sourceIp }));
    const burst = Math.ceil(CALENDAR_FEED_REQUESTS_PER_WINDOW / 10);

    const allowed = [];
    for (let index = 0; index < burst; index += 1) allowed.push((await from('198.18.99.1')).status);
    const over = await from('198.18.99.1');
    const elsewhere = await from('198.18.99.2');

    expect(allowed).toEqual(Array.from({ length: burst }, () => 200));
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('rate_limited');
    expect(Number(over.headers['Retry-After'])).toBeGreaterThan(0);
    expect(Number(over.headers['Retry-After'])).toBeLessThanOrEqual(CALENDAR_FEED_RATE_WINDOW_SECONDS);
    expect(elsewhere.status).toBe(200);
  });
});
