import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runReminders } from '../../functions/reminders/handler.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { eventReminderWrites } from '../../shared/data/events/reminders.ts';
import { dueKeys, eventReminderKeys } from '../../shared/data/keys.ts';
import { listEventNotices, type NoticeRecord } from '../../shared/data/notices.ts';
import type { EventRecord } from '../../shared/domain/events/rules.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { api, createEvent, getItem, weddingInput } from './events-fixtures.ts';

/**
 * The guests' reminders (RSVP reminder, day-before) with the clock moved by hand. Each test uses its own
 * days, far from the real clock and from the other tests' days, so the per-day partitions do not overlap.
 * The notices are what the job owes; the outbox sender (another group) turns them into emails.
 */
const at = (iso: string) => new Date(iso);
const noticesOf = async (eventId: string, kind: NoticeRecord['kind']) =>
  (await listEventNotices(eventId)).filter((notice) => notice.kind === kind);

async function plannedEvent(input: Record<string, unknown>) {
  const organizer = await signedInUser();
  const event = await createEvent(organizer, { ...weddingInput, ...input });
  return { organizer, eventId: event.id as string };
}

afterEach(() => vi.restoreAllMocks());

describe('RSVP and day-before reminders', () => {
  it('sends each exactly once as the clock moves, and a rerun sends nothing new', async () => {
    // London in summer (UTC+1): the deadline is 14 days before 19:00 local, the reminder 3 days before that.
    const { eventId } = await plannedEvent({ event_date: '2033-09-20T18:00:00Z', timezone: 'Europe/London', rsvp_deadline: 'P14D' });
    const sends = vi.spyOn(db(), 'send');

    const early = await runReminders(at('2033-09-03T17:45:00Z'));
    const rsvpDue = await runReminders(at('2033-09-03T18:00:00Z'));
    const rsvpRerun = await runReminders(at('2033-09-03T18:15:00Z'));
    const dayBeforeEarly = await runReminders(at('2033-09-19T17:45:00Z'));
    const dayBeforeDue = await runReminders(at('2033-09-19T18:05:00Z'));
    const dayBeforeRerun = await runReminders(at('2033-09-20T09:00:00Z'));

    expect([early, rsvpDue, rsvpRerun].map((run) => run.sent.rsvp_reminder)).toEqual([0, 1, 0]);
    expect([dayBeforeEarly, dayBeforeDue, dayBeforeRerun].map((run) => run.sent.day_before)).toEqual([0, 1, 0]);
    const [rsvp, ...moreRsvp] = await noticesOf(eventId, 'rsvp_reminder');
    expect(moreRsvp).toEqual([]);
    expect(rsvp).toMatchObject({ audience: 'guests_answer_pending', status: 'pending', details: { reminder: 'rsvp_reminder', rsvp_deadline: '2033-09-06T18:00:00Z' } });
    const [dayBefore, ...moreDayBefore] = await noticesOf(eventId, 'day_before_reminder');
    expect(moreDayBefore).toEqual([]);
    expect(dayBefore).toMatchObject({ audience: 'guests_attending', event: { name: weddingInput.name, event_date: '2033-09-20T18:00:00Z', location_name: 'Kew Gardens' } });
    // Found through the day index only: Queries of GSI2, never a Scan.
    const commands = sends.mock.calls.map(([command]) => command.constructor.name);
    expect(commands).not.toContain('ScanCommand');
    expect(commands).toContain('QueryCommand');
  });

  it('sends exactly once when two runs race', async () => {
    const { eventId } = await plannedEvent({ event_date: '2033-11-15T18:00:00Z', timezone: 'UTC' });

    const runs = await Promise.all([1, 2, 3].map(() => runReminders(at('2033-11-14T19:00:00Z'))));

    expect(runs.reduce((sum, run) => sum + run.sent.day_before, 0)).toBe(1);
    expect(await noticesOf(eventId, 'day_before_reminder')).toHaveLength(1);
  });

  it('moves the reminders with a changed event date and deadline', async () => {
    const { organizer, eventId } = await plannedEvent({ event_date: '2034-02-10T12:00:00Z', timezone: 'UTC', rsvp_deadline: 'P7D' });

    const moved = await api(organizer, 'PUT', `/api/events/${eventId}`, { body: { event_date: '2034-02-20T12:00:00Z', rsvp_deadline: '2034-02-15T00:00:00Z' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const oldRsvp = await runReminders(at('2034-01-31T12:30:00Z'));
    const oldDayBefore = await runReminders(at('2034-02-09T12:30:00Z'));
    const newRsvp = await runReminders(at('2034-02-12T00:30:00Z'));
    const newDayBefore = await runReminders(at('2034-02-19T12:30:00Z'));

    expect([oldRsvp.sent.rsvp_reminder, oldDayBefore.sent.day_before]).toEqual([0, 0]);
    expect([newRsvp.sent.rsvp_reminder, newDayBefore.sent.day_before]).toEqual([1, 1]);
    expect(await getItem(eventReminderKeys.marker(eventId, 'day_before'))).toMatchObject({ gsi2pk: dueKeys.partition('2034-02-19', eventId), remind_at: '2034-02-19T12:00:00Z' });
    expect((await noticesOf(eventId, 'rsvp_reminder'))[0]?.details).toMatchObject({ rsvp_deadline: '2034-02-15T00:00:00Z' });
  });

  it('sends nothing for a cancelled event, and its markers leave the index', async () => {
    const { organizer, eventId } = await plannedEvent({ event_date: '2034-04-10T12:00:00Z', timezone: 'UTC', rsvp_deadline: 'P7D' });

    const cancelled = await api(organizer, 'PUT', `/api/events/${eventId}`, { body: { status: 'cancelled' } });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const rsvpRun = await runReminders(at('2034-03-31T12:30:00Z'));
    const dayBeforeRun = await runReminders(at('2034-04-09T12:30:00Z'));

    expect([rsvpRun.sent.rsvp_reminder, dayBeforeRun.sent.day_before]).toEqual([0, 0]);
    expect(await noticesOf(eventId, 'rsvp_reminder')).toEqual([]);
    expect(await noticesOf(eventId, 'day_before_reminder')).toEqual([]);
    expect(await getItem(eventReminderKeys.marker(eventId, 'rsvp_reminder'))).toBeNull();
    expect(await getItem(eventReminderKeys.marker(eventId, 'day_before'))).toBeNull();
  });

  it('reads a busy day page by page and skips markers whose event is gone', async () => {
    // 230 markers on one day (more than two pages of 100), written as the events' transactions would.
    const events = Array.from({ length: 230 }, (_, index) => ({
      id: `GONE${String(index).padStart(22, '0')}`, event_date: '2034-06-02T10:00:00Z', timezone: 'UTC', status: 'planning',
    }) as EventRecord);
    const puts = events.flatMap((event) => eventReminderWrites(event)).flatMap((write) => ('Put' in write ? [write.Put.Item] : []));
    for (let start = 0; start < puts.length; start += 25) {
      await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: puts.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    const sends = vi.spyOn(db(), 'send');

    const run = await runReminders(at('2034-06-01T10:30:00Z'));

    expect(run.days.find((day) => day.day === '2034-06-01')?.due).toBe(230);
    expect(run.stale).toBe(230);
    expect(run.sent.day_before).toBe(0);
    const queried = sends.mock.calls.flatMap(([command]) => (command.constructor.name === 'QueryCommand'
      ? [(command.input as { ExpressionAttributeValues?: Record<string, unknown> }).ExpressionAttributeValues?.[':day']]
      : []));
    // Every shard of the day, and the legacy unsharded key, is read.
    expect(dueKeys.partitionsToRead('2034-06-01').filter((partition) => !queried.includes(partition))).toEqual([]);
    expect(sends.mock.calls.map(([command]) => command.constructor.name)).not.toContain('ScanCommand');
  });
});
