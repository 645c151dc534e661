import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ANONYMOUS_NAME_PREFIX, anonymisedGuest, redactChanges, removedGuestFields, withoutPersonalFields } from '../../domain/guests/privacy.ts';
import type { GuestRecord } from '../../domain/guests/rules.ts';
import { ServiceUnavailableError } from '../../http/errors.ts';
import { auditPut, type FieldChange } from '../audit.ts';
import { db, tableName } from '../client.ts';
import { queryPages } from '../collection.ts';
import { derivedAttributes, guestFromItem, guestKey, legacySearchText } from './reads.ts';
import { childKeys, eventKeys, guestListKeys, invitationCodeKeys, invitationKeys, noticeKeys, outboxKeys } from '../keys.ts';
import { LIVE_EVENT_CONDITION } from '../events/live-event.ts';
import { eventRowBatchIds } from '../invitations/recipients.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';

/**
 * Purging an event's guest data (issue 8), in steps that each find their remaining work by a Query of
 * what is not yet purged, so a purge stopped anywhere (the time budget, a crash) resumes where it was
 * and a repeated purge writes nothing twice:
 * 1. guests, 25 per transaction: each guest anonymised (conditional on its version) together with the
 *    deletion of its email claim and invitation-code lookup, and the event's `guest_purge_numbered`
 *    (how many guests were given a `Guest <n>` name) moved on, conditional on the value read;
 * 2. invitation rows: the address and SES's delivery detail removed;
 * 3. the event's audit entries about guests: their changes, guest name and domain events redacted;
 * 4. the event's notices (GSI1): the recipient's name and address, the changes, the snapshotted
 *    recipients and the addresses in the once-only sent records;
 * then `guest_data_purged_at` on the event. Counters, dietary counts (GUESTSTATS), waitlist order and the
 * budget are never touched. No Scan: every step is a Query of the event's collection or its notices.
 */
export type PurgeCounts = { guests: number; invitation_rows: number; audit_entries: number; notices: number; sent_records: number };

export type PurgeResult = { outcome: 'done'; purged_at: string; counts: PurgeCounts } | { outcome: 'unfinished'; counts: PurgeCounts } | { outcome: 'gone' };

type Item = Record<string, unknown>;

const GUESTS_PER_TRANSACTION = 25;
const PAGE_SIZE = 100;
const UPDATES_IN_FLIGHT = 10;
const GUEST_ATTEMPTS = 8;

class EventGone extends Error {}

/** Runs `work` over the items, at most UPDATES_IN_FLIGHT at a time. */
async function inFlight<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += UPDATES_IN_FLIGHT) await Promise.all(items.slice(start, start + UPDATES_IN_FLIGHT).map(work));
}

/** An UpdateItem of an item that must still exist (an item deleted meanwhile is simply skipped). */
async function updateExisting(input: { Key: Item; UpdateExpression: string; ExpressionAttributeValues?: Item; ExpressionAttributeNames?: Record<string, string>; ConditionExpression?: string }): Promise<boolean> {
  try {
    await db().send(new UpdateCommand({
      TableName: tableName(),
      ...input,
      ConditionExpression: input.ConditionExpression ? `attribute_exists(pk) AND ${input.ConditionExpression}` : 'attribute_exists(pk)',
    }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

async function readEvent(eventId: string): Promise<Item | null> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: eventKeys.item(eventId), ConsistentRead: true }));
  const event = result.Item;
  return event && !event.deleting_at ? event : null;
}

const numberedSoFar = (event: Item): number => (typeof event.guest_purge_numbered === 'number' ? event.guest_purge_numbered : 0);

/** One guest's anonymisation: its item updated at the version read, its claim and code lookup deleted. */
function guestWrites(before: GuestRecord, number: number, at: string): TransactItem[] {
  const after = anonymisedGuest(before, number, at);
  const derived = derivedAttributes(after);
  const update: TransactItem = {
    Update: {
      Key: guestKey(before),
      UpdateExpression:
        'SET #name = :name, dietary_restrictions = :none, code_hash = :code, anonymised_at = :at, updated_at = :at, #version = #version + :one, ' +
        `gsi2pk = :byNamePk, gsi2sk = :byName, gsi3pk = :byStatusPk, gsi3sk = :byName${after.answers ? ', answers = :answers' : ''} ` +
        `REMOVE ${[...removedGuestFields, 'gsi1pk', 'gsi1sk', legacySearchText].join(', ')}`,
      ConditionExpression: '#version = :read',
      ExpressionAttributeNames: { '#name': 'name', '#version': 'version' },
      ExpressionAttributeValues: { ':name': after.name, ':none': [], ':code': after.code_hash, ':at': at, ':one': 1,
        ':byNamePk': derived.gsi2pk, ':byName': derived.gsi2sk, ':byStatusPk': derived.gsi3pk, ':read': before.version, ...(after.answers ? { ':answers': after.answers } : {}) },
    },
  };
  return [
    update,
    ...(before.email ? [{ Delete: { Key: guestListKeys.emailClaim(before.event_id, before.email) } }] : []),
    ...(before.code_hash ? [{ Delete: { Key: invitationCodeKeys.item(before.code_hash) } }] : []),
  ];
}

/**
 * A guest with something personal on it: never anonymised, or edited since (a planner may still change
 * a guest after a purge, and a later purge must not skip it).
 */
const personalLeft = {
  FilterExpression: [
    'attribute_not_exists(anonymised_at)',
    ...removedGuestFields.map((_, index) => `attribute_exists(#p${index})`),
    'size(dietary_restrictions) > :zero',
    'NOT begins_with(#name, :anonymous)',
  ].join(' OR '),
  ExpressionAttributeNames: { '#name': 'name', ...Object.fromEntries(removedGuestFields.map((field, index) => [`#p${index}`, field])) },
  ExpressionAttributeValues: { ':zero': 0, ':anonymous': ANONYMOUS_NAME_PREFIX },
};

/** Step 1: every guest with personal data left, a page of 25 per transaction. False when time ran out. */
async function anonymiseGuests(eventId: string, at: string, timeLeft: () => boolean, counts: PurgeCounts): Promise<boolean> {
  let event = await readEvent(eventId);
  if (!event) throw new EventGone();
  let startKey: Item | undefined;
  do {
    if (!timeLeft()) return false;
    let page: { Items?: Item[]; LastEvaluatedKey?: Item } = {};
    for (let attempt = 1; ; attempt += 1) {
      page = await db().send(new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: personalLeft.FilterExpression,
        ExpressionAttributeNames: personalLeft.ExpressionAttributeNames,
        ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': childKeys.prefix('guest'), ...personalLeft.ExpressionAttributeValues },
        Limit: GUESTS_PER_TRANSACTION,
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }));
      const guests = (page.Items ?? []).map(guestFromItem);
      if (guests.length === 0) break;
      const numbered = numberedSoFar(event);
      const eventUpdate: TransactItem = {
        Update: {
          Key: eventKeys.item(eventId),
          UpdateExpression: 'SET guest_purge_numbered = :next',
          ConditionExpression: `${LIVE_EVENT_CONDITION} AND ${numbered === 0 ? 'attribute_not_exists(guest_purge_numbered)' : 'guest_purge_numbered = :read'}`,
          ExpressionAttributeValues: { ':next': numbered + guests.length, ...(numbered === 0 ? {} : { ':read': numbered }) },
        },
      };
      try {
        await transact([eventUpdate, ...guests.flatMap((guest, index) => guestWrites(guest, numbered + index + 1, at))]);
        counts.guests += guests.length;
        event = { ...event, guest_purge_numbered: numbered + guests.length };
        break;
      } catch (error) {
        const raced = error instanceof TransactionConditionFailed || error instanceof ServiceUnavailableError;
        if (!raced || attempt >= GUEST_ATTEMPTS) throw error;
        // A guest answered or was edited, or another purge numbered guests meanwhile: read both again.
        event = await readEvent(eventId);
        if (!event) throw new EventGone();
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return true;
}

/** Step 2: the addresses (and SES's delivery detail, which may quote one) on invitation rows. */
async function scrubInvitationRows(eventId: string, timeLeft: () => boolean, counts: PurgeCounts): Promise<boolean> {
  // The rows of each batch (its shards), then any left in the event's collection from before migration 0008.
  const partitions = [
    ...(await eventRowBatchIds(eventId)).flatMap((batchId) => invitationKeys.recipientPartitions(batchId).map((pk) => ({ pk, prefix: invitationKeys.recipientSortPrefix }))),
    { pk: eventKeys.partition(eventId), prefix: invitationKeys.legacyRecipientPrefix },
  ];
  for (const { pk, prefix } of partitions) {
    const pages = queryPages({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'attribute_exists(email) OR attribute_exists(delivery_detail)',
      ProjectionExpression: 'pk, sk',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      Limit: PAGE_SIZE,
      ConsistentRead: true,
    });
    for await (const rows of pages) {
      await inFlight(rows, async (row) => {
        if (await updateExisting({ Key: { pk: row.pk, sk: row.sk }, UpdateExpression: 'REMOVE email, delivery_detail' })) counts.invitation_rows += 1;
      });
      if (!timeLeft()) return false;
    }
  }
  return true;
}

/** The redacted changes, or null when there was nothing personal in them. */
function redacted(changes: unknown): FieldChange[] | null {
  if (!Array.isArray(changes)) return null;
  const clean = redactChanges(changes as FieldChange[]);
  return JSON.stringify(clean) === JSON.stringify(changes) ? null : clean;
}

/** Step 3: the changes recorded in the event's audit entries about guests. */
async function redactGuestAudit(eventId: string, at: string, timeLeft: () => boolean, counts: PurgeCounts): Promise<boolean> {
  const pages = queryPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    FilterExpression: 'entity_type = :guest AND attribute_not_exists(redacted_at)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': eventKeys.auditPrefix, ':guest': 'guest' },
    Limit: PAGE_SIZE,
    ConsistentRead: true,
  });
  for await (const entries of pages) {
    await inFlight(entries, async (entry) => {
      const changes = redacted(entry.changes) ?? entry.changes;
      // The entry's display name of the guest and its domain events (published or still to publish) too.
      const events = entry.domain_events === undefined ? {} : { ':events': withoutPersonalFields(entry.domain_events) };
      const update = {
        Key: { pk: entry.pk, sk: entry.sk },
        UpdateExpression: `SET changes = :changes, redacted_at = :at${entry.domain_events === undefined ? '' : ', domain_events = :events'} REMOVE subject`,
        ExpressionAttributeValues: { ':changes': changes, ':at': at, ...events },
      };
      if (await updateExisting(update)) counts.audit_entries += 1;
    });
    if (!timeLeft()) return false;
  }
  return true;
}

/** One notice: its sent records' guest addresses and snapshotted recipients first, then the notice itself (marked last). */
async function redactNotice(notice: Item, at: string, counts: PurgeCounts): Promise<void> {
  const noticeId = String(notice.id);
  const partition = noticeKeys.item(noticeId).pk;
  for await (const records of queryPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    FilterExpression: 'attribute_exists(email)',
    ProjectionExpression: 'pk, sk',
    ExpressionAttributeValues: { ':pk': partition, ':prefix': `${outboxKeys.noticeSentPrefix}guest#` },
    ConsistentRead: true,
  })) {
    await inFlight(records, async (record) => {
      if (await updateExisting({ Key: { pk: record.pk, sk: record.sk }, UpdateExpression: 'REMOVE email' })) counts.sent_records += 1;
    });
  }
  for await (const parts of queryPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': partition, ':prefix': noticeKeys.recipientsPrefix },
    ConsistentRead: true,
  })) {
    await inFlight(parts, async (part) => {
      await updateExisting({ Key: { pk: part.pk, sk: part.sk }, UpdateExpression: 'SET recipients = :recipients', ExpressionAttributeValues: { ':recipients': withoutPersonalFields(part.recipients) } });
    });
  }
  const changes = redacted(notice.changes);
  const sets = ['redacted_at = :at', ...(changes ? ['changes = :changes'] : []), ...(notice.recipient ? ['recipient = :recipient'] : [])];
  await updateExisting({
    Key: noticeKeys.item(noticeId),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeValues: { ':at': at, ...(changes ? { ':changes': changes } : {}), ...(notice.recipient ? { ':recipient': withoutPersonalFields(notice.recipient) } : {}) },
  });
  counts.notices += 1;
}

/** Step 4: every notice of the event not yet redacted (GSI1 `NOTICES#<eventId>`). */
async function redactNotices(eventId: string, at: string, timeLeft: () => boolean, counts: PurgeCounts): Promise<boolean> {
  const pages = queryPages({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    FilterExpression: 'attribute_not_exists(redacted_at)',
    ProjectionExpression: 'id, recipient, changes',
    ExpressionAttributeValues: { ':pk': noticeKeys.byEventPartition(eventId) },
    Limit: PAGE_SIZE,
  });
  for await (const notices of pages) {
    await inFlight(notices, (notice) => redactNotice(notice, at, counts));
    if (!timeLeft()) return false;
  }
  return true;
}

/**
 * Purges the event's guest data until done or until `deadline` (epoch ms) has passed between two pages,
 * then marks the event purged with the audit entry `guests.purged` (counts only) by `actorId`; 'gone' when the event does not exist or is being deleted (its deletion removes everything anyway).
 */
export async function purgeEventGuestData(eventId: string, options: { now: Date; deadline: number; actorId: string }): Promise<PurgeResult> {
  const at = options.now.toISOString();
  const timeLeft = () => Date.now() < options.deadline;
  const counts: PurgeCounts = { guests: 0, invitation_rows: 0, audit_entries: 0, notices: 0, sent_records: 0 };
  try {
    // In order, each only once the one before finished: a guest's address goes before its copies do.
    const finished =
      (await anonymiseGuests(eventId, at, timeLeft, counts)) &&
      (await scrubInvitationRows(eventId, timeLeft, counts)) &&
      (await redactGuestAudit(eventId, at, timeLeft, counts)) &&
      (await redactNotices(eventId, at, timeLeft, counts));
    if (!finished) return { outcome: 'unfinished', counts };
  } catch (error) {
    if (error instanceof EventGone) return { outcome: 'gone' };
    throw error;
  }
  const audit = auditPut({ eventId }, {
    actor_id: options.actorId, action: 'guests.purged', entity_type: 'event', entity_id: eventId, at,
    changes: [{ field: 'guest_data_purged_at', before: null, after: at }, { field: 'purged', before: null, after: counts }],
  });
  try {
    await transact([
      { Update: { Key: eventKeys.item(eventId), UpdateExpression: 'SET guest_data_purged_at = :at', ConditionExpression: LIVE_EVENT_CONDITION, ExpressionAttributeValues: { ':at': at } } },
      audit,
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) return { outcome: 'gone' };
    throw error;
  }
  return { outcome: 'done', purged_at: at, counts };
}
