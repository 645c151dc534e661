import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { runGuestDataPurges } from '../../functions/privacy/handler.ts';
import { sha256 } from '../../shared/auth/tokens.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { purgeEventGuestData } from '../../shared/data/guests/purge.ts';
import { guestEmailKeys, guestListKeys, guestPurgeKeys, invitationCodeKeys, noticeKeys } from '../../shared/data/keys.ts';
import { listEventNotices } from '../../shared/data/notices.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, collection, createEvent, getItem, weddingInput } from './events-fixtures.ts';
import { addGuests, codeOf, countersAndRecount, rsvpApi } from './guests-fixtures.ts';
import { emailsFor, runSender, uniqueTag } from './invitations-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/**
 * Issue 8: an event's guest data purged (by the organizer, and by the scheduled job past the retention)
 * leaves nothing personal anywhere in the table (the event's collection, the code lookups, the email
 * index, the notices and their sent records), while every count, summary and budget figure stays.
 */
type World = { planner: SignedInUser; eventId: string; personal: string[]; dietary: string[]; codeHashes: string[]; emails: string[] };

/** An event with invited guests who answered (through the outbox to the SES emulator), edits and a removal. */
async function guestWorld(eventDate: string): Promise<World> {
  const planner = await signedInUser();
  const tag = uniqueTag();
  const event = await createEvent(planner, { ...weddingInput, event_date: eventDate, timezone: 'UTC' });
  const eventId = event.id as string;
  await expectStatus(201, planner, 'POST', `/api/events/${eventId}/budget/items`, { body: { category: 'venue', description: 'Hall', estimated_cost: 4000 } });
  await expectStatus(201, planner, 'POST', `/api/events/${eventId}/budget/items`, { body: { category: 'catering', description: 'Dinner', per_guest: true, unit_cost: 55.5 } });
  const input = ['Zephyrine', 'Bartholomew', 'Ottoline', 'Peregrine'].map((first, index) => ({
    name: `${first} Quill-${tag}`,
    email: `${first.toLowerCase()}.${tag}@example.com`,
    phone: `+44 20 7946 ${tag.slice(0, 2).replace(/\D/g, '1')}${index}${index}`,
    dietary_restrictions: [`no-kiwi-${tag}-${index}`],
    special_needs: `ramp please ${tag} ${index}`,
    notes: `met at school ${tag} ${index}`,
    party_name: `House ${tag} ${index}`,
    plus_one_allowed: true,
    plus_one_limit: 2,
  }));
  const guests = await addGuests(planner, eventId, input);
  await expectStatus(202, planner, 'POST', `/api/events/${eventId}/invitations`, { body: {} });
  await runSender();
  const answers = [
    { status: 'yes', plus_one_count: 2, dietary_restrictions: [`halal-${tag}`], note: `so happy ${tag}` },
    { status: 'no', note: `sorry ${tag}` },
    { status: 'maybe', special_needs: `hearing loop ${tag}` },
  ];
  for (const [index, answer] of answers.entries()) {
    const response = await rsvpApi('POST', `/api/rsvp/${codeOf(guests[index] as { rsvp_url: string })}`, { body: answer });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }
  await expectStatus(200, planner, 'PUT', `/api/guests/${guests[1]?.id}`, { body: { notes: `changed mind ${tag}`, phone: '+44 20 7946 5555' } });
  await expectStatus(200, planner, 'DELETE', `/api/guests/${guests[3]?.id}`);
  await runSender();
  expect((await emailsFor(tag)).length).toBeGreaterThanOrEqual(4 + answers.length + 1);
  return {
    planner,
    eventId,
    // The removed guest left only their name and address behind (in the audit trail and their notice).
    personal: [
      ...input.slice(0, 3).flatMap((guest) => [guest.name, guest.email, guest.phone, guest.special_needs, guest.notes, guest.party_name]),
      ...[input[3]?.name, input[3]?.email].map(String),
      ...answers.flatMap((answer) => [answer.note, answer.special_needs]).filter((value): value is string => Boolean(value)),
      `changed mind ${tag}`, '+44 20 7946 5555',
    ],
    dietary: [...input.slice(0, 3).flatMap((guest) => guest.dietary_restrictions), `halal-${tag}`],
    codeHashes: guests.map((guest) => sha256(guest.invitation_code)),
    emails: input.map((guest) => guest.email),
  };
}

/** Every item that could hold a guest's data: the collection, the code lookups, the email index, the notices. */
async function everythingAbout(world: World) {
  const items: Record<string, unknown>[] = [...(await collection(world.eventId))];
  for (const hash of world.codeHashes) {
    const lookup = await db().send(new GetCommand({ TableName: tableName(), Key: invitationCodeKeys.item(hash), ConsistentRead: true }));
    if (lookup.Item) items.push(lookup.Item);
  }
  for (const email of world.emails) {
    const indexed = await db().send(new QueryCommand({ TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': guestEmailKeys.partition(email) } }));
    items.push(...(indexed.Items ?? []));
  }
  for (const notice of await listEventNotices(world.eventId)) {
    const partition = await db().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': noticeKeys.item(notice.id).pk }, ConsistentRead: true }));
    items.push(...(partition.Items ?? []));
  }
  return items;
}

/** The personal values (dietary ones outside the list's aggregate counts) found anywhere in those items. */
async function personalValuesFound(world: World): Promise<string[]> {
  const items = await everythingAbout(world);
  const text = JSON.stringify(items).toLowerCase();
  const withoutStats = JSON.stringify(items.filter((item) => item.sk !== guestListKeys.stats(world.eventId).sk)).toLowerCase();
  return [
    ...world.personal.filter((value) => text.includes(value.toLowerCase())),
    ...world.dietary.filter((value) => withoutStats.includes(value.toLowerCase())),
  ];
}

/** What a planner sees of the event's figures: the event, the guest list's totals, the budget. */
async function figures(world: World) {
  const event = await expectStatus(200, world.planner, 'GET', `/api/events/${world.eventId}`);
  const guests = await expectStatus(200, world.planner, 'GET', `/api/events/${world.eventId}/guests`);
  const budget = await expectStatus(200, world.planner, 'GET', `/api/events/${world.eventId}/budget`);
  return { event: event.data, guestTotals: guests.meta, guestStatuses: guests.data.map((guest: { rsvp_status: string; plus_one_count: number }) => [guest.rsvp_status, guest.plus_one_count]), budget: budget.data };
}

describe("purging the guests' personal data", () => {
  it('by the organizer: nothing personal remains anywhere, every total is unchanged, and a repeat purges nothing', async () => {
    const world = await guestWorld('2031-05-10T17:00:00Z');
    const before = await figures(world);
    const foundBefore = await personalValuesFound(world);

    const purged = await expectStatus(200, world.planner, 'POST', `/api/events/${world.eventId}/guests/purge`, { body: { force: true } });
    const after = await figures(world);
    const foundAfter = await personalValuesFound(world);
    const again = await expectStatus(200, world.planner, 'POST', `/api/events/${world.eventId}/guests/purge`, { body: { force: true } });

    // The search finds every value before, so finding none after means they are gone.
    expect(foundBefore).toEqual([...world.personal, ...world.dietary]);
    expect(foundAfter).toEqual([]);
    expect(after).toEqual(before);
    expect(before.guestTotals).toMatchObject({ totals: { guests: 3, yes: 1, no: 1, maybe: 1 }, expected_headcount: 3 });
    expect(Object.keys(before.guestTotals.dietary_summary)).toHaveLength(3);
    expect(purged.data).toMatchObject({ status: 'done', guest_data_purged_at: expect.any(String), purged: { guests: 3, invitation_rows: 4 } });
    expect(purged.data.purged.notices).toBeGreaterThanOrEqual(4);
    expect(purged.data.purged.sent_records).toBeGreaterThanOrEqual(3);
    expect(again.data.purged).toEqual({ guests: 0, invitation_rows: 0, audit_entries: 0, notices: 0, sent_records: 0 });
    const countersNow = await countersAndRecount(world.eventId);
    expect(countersNow.stored).toEqual(countersNow.recounted);
    const guests = (await collection(world.eventId)).filter((item) => String(item.sk).startsWith('GUEST#'));
    expect(guests.map((guest) => guest.name).sort()).toEqual(['Guest 1', 'Guest 2', 'Guest 3']);
    expect(guests.every((guest) => guest.gsi1pk === undefined && guest.code_hash === '' && guest.anonymised_at)).toBe(true);
    const activity = await expectStatus(200, world.planner, 'GET', `/api/events/${world.eventId}/activity`);
    expect(activity.data.filter((entry: { action: string }) => entry.action === 'guests.purged')).toHaveLength(2);
  });

  it('purges again a guest the planner gave personal data after a purge, keeping its number', async () => {
    const planner = await signedInUser();
    const tag = uniqueTag();
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-05-15T17:00:00Z' });
    const [guest] = await addGuests(planner, event.id, [{ name: 'First Name', email: `first.${tag}@example.com` }]);
    await expectStatus(200, planner, 'POST', `/api/events/${event.id}/guests/purge`, { body: { force: true } });
    await expectStatus(200, planner, 'PUT', `/api/guests/${guest.id}`, { body: { email: `back.${tag}@example.com`, notes: `Back ${tag}` } });

    const again = await expectStatus(200, planner, 'POST', `/api/events/${event.id}/guests/purge`, { body: { force: true } });
    const stored = await collection(event.id);

    expect(again.data.purged.guests).toBe(1);
    expect(JSON.stringify(stored)).not.toContain(tag);
    expect(stored.find((item) => item.id === guest.id)?.name).toBe('Guest 1');
  });

  it('makes the old invitation links stop working', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-05-12T17:00:00Z' });
    const [guest] = await addGuests(planner, event.id, [{ name: 'Linked Guest', email: `linked.${uniqueTag()}@example.com` }]);

    await expectStatus(200, planner, 'POST', `/api/events/${event.id}/guests/purge`, { body: { force: true } });
    const page = await rsvpApi('GET', `/api/rsvp/${codeOf(guest)}`);

    expect(page.status).toBe(404);
  });

  it('is for the organizer alone, and only after the event (or cancelled) unless forced', async () => {
    const planner = await signedInUser();
    const coordinator = await signedInUser();
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-05-11T17:00:00Z' });
    await addMember(event.id, coordinator.userId, 'coordinator');
    await addGuests(planner, event.id, [{ name: 'Early Guest', email: `early.${uniqueTag()}@example.com` }]);

    const early = await call(planner, 'POST', `/api/events/${event.id}/guests/purge`);
    const byCoordinator = await call(coordinator, 'POST', `/api/events/${event.id}/guests/purge`, { body: { force: true } });
    await expectStatus(200, planner, 'PUT', `/api/events/${event.id}`, { body: { status: 'cancelled' } });
    const cancelled = await call(planner, 'POST', `/api/events/${event.id}/guests/purge`);

    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'event_not_ended', detail: expect.stringContaining('2031-05-11T23:00:00Z') });
    expect(byCoordinator.status).toBe(403);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.data.purged.guests).toBe(1);
  });

  it('by the scheduled job once the retention has passed: not a moment before, then all of it, once', async () => {
    const world = await guestWorld('2031-08-20T17:00:00Z');
    const before = await figures(world);
    const marker = await getItem(guestPurgeKeys.marker(world.eventId));

    // Ends at midnight UTC after the 20th; 90 days (the default retention) later.
    const tooEarly = await runGuestDataPurges(new Date('2031-11-18T23:00:00Z'), Date.now() + 60_000);
    const stillThere = await personalValuesFound(world);
    const due = await runGuestDataPurges(new Date('2031-11-19T01:00:00Z'), Date.now() + 60_000);
    const after = await figures(world);
    const rerun = await runGuestDataPurges(new Date('2031-11-19T02:00:00Z'), Date.now() + 60_000);

    expect(marker).toMatchObject({ due_at: '2031-11-19T00:00:00Z', gsi2pk: 'GUESTPURGE#2031-11-19' });
    expect(tooEarly.purged).toBe(0);
    expect(stillThere).toHaveLength(world.personal.length + world.dietary.length);
    expect(due).toMatchObject({ due: 1, purged: 1, guests: 3, unfinished: 0 });
    expect(await personalValuesFound(world)).toEqual([]);
    expect(after).toEqual(before);
    expect(await getItem(guestPurgeKeys.marker(world.eventId))).toBeNull();
    expect(rerun.due).toBe(0);
    const activity = await expectStatus(200, world.planner, 'GET', `/api/events/${world.eventId}/activity`);
    expect(activity.data.find((entry: { action: string }) => entry.action === 'guests.purged')).toMatchObject({ actor_id: 'system:privacy' });
  });

  it('moves the purge with the event date', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-09-01T17:00:00Z', timezone: 'UTC' });

    await expectStatus(200, planner, 'PUT', `/api/events/${event.id}`, { body: { event_date: '2031-10-01T17:00:00Z' } });

    expect(await getItem(guestPurgeKeys.marker(event.id))).toMatchObject({ due_at: '2031-12-31T00:00:00Z', gsi2pk: 'GUESTPURGE#2031-12-31' });
  });

  it('resumes a purge that stopped part-way, numbering each guest once', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-05-13T17:00:00Z', capacity: 500 });
    const tag = uniqueTag();
    await addGuests(planner, event.id, Array.from({ length: 60 }, (_, index) => ({ name: `Many ${tag} ${index}`, email: `many.${index}.${tag}@example.com` })));
    // The second guest transaction fails (a crash mid-purge): the first 25 guests are purged, the rest not.
    let transactions = 0;
    const name = `crash-${tag}`;
    db().middlewareStack.add((next) => async (args) => {
      if (args.input && 'TransactItems' in (args.input as object)) {
        transactions += 1;
        if (transactions === 2) throw Object.assign(new Error('connection reset'), { name: 'NetworkingError' });
      }
      return next(args);
    }, { step: 'initialize', name });

    const crashed = await purgeEventGuestData(event.id, { now: new Date(), deadline: Date.now() + 60_000, actorId: planner.userId }).catch((error: Error) => error.message);
    db().middlewareStack.remove(name);
    const halfway = (await collection(event.id)).filter((item) => String(item.sk).startsWith('GUEST#') && item.anonymised_at).length;
    const resumed = await purgeEventGuestData(event.id, { now: new Date(), deadline: Date.now() + 60_000, actorId: planner.userId });
    const guests = (await collection(event.id)).filter((item) => String(item.sk).startsWith('GUEST#'));

    expect(crashed).toBe('connection reset');
    expect(halfway).toBe(25);
    expect(resumed).toMatchObject({ outcome: 'done', counts: { guests: 35 } });
    expect(new Set(guests.map((guest) => guest.name)).size).toBe(60);
    expect(guests.every((guest) => /^Guest \d+$/.test(String(guest.name)) && !guest.email)).toBe(true);
    expect((await collection(event.id)).filter((item) => String(item.sk).startsWith('GUESTEMAIL#'))).toEqual([]);
  });

  it('stops when its time is up and says so, touching nothing more', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-05-14T17:00:00Z' });
    await addGuests(planner, event.id, [{ name: 'Later Guest', email: `later.${uniqueTag()}@example.com` }]);

    const result = await purgeEventGuestData(event.id, { now: new Date(), deadline: Date.now() - 1, actorId: planner.userId });

    expect(result).toMatchObject({ outcome: 'unfinished', counts: { guests: 0 } });
    expect((await collection(event.id)).find((item) => String(item.sk).startsWith('GUEST#'))?.name).toBe('Later Guest');
  });
});
