import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchKey } from '../../shared/data/invitations/rows.ts';
import { newChildId } from '../../shared/data/ids.ts';
import { childKeys, invitationKeys, sessionKeys } from '../../shared/data/keys.ts';
import type { InvitationRowStatus } from '../../shared/domain/invitations/delivery.ts';
import { rawAccessRead, rawChildrenPage } from '../raw-calls.ts';
import { pageWalk } from '../page-walk.ts';
import { putAll } from '../put-all.ts';
import type { PageBudget } from '../page-budget.ts';
import type { BenchContext, BenchRow } from '../scenario.ts';

/**
 * The invitations list (issue 15, goal 1) at the event's size: one batch to every guest, as a first
 * send makes, plus SMALL_BATCHES later batches of a few guests each, so the batches list has pages too.
 * Written directly with BatchWriteItem in the shape recordInvitationBatch and the sender leave them
 * (sent, delivered, some opened), since sending 10,000 emails measures something else.
 */
const SMALL_BATCHES = 30;
const PAGES_PER_QUERY = 4;

export const invitationQueries = (bigBatchId: string): { label: string; query: string }[] => [
  { label: 'batches, newest first', query: 'limit=20' },
  { label: "a batch's rows", query: `batch_id=${bigBatchId}&limit=100` },
  { label: "a batch's rows, small pages", query: `batch_id=${bigBatchId}&limit=20` },
];

export async function seedInvitations(context: BenchContext, eventId: string, guestIds: string[]): Promise<{ bigBatchId: string }> {
  const at = new Date().toISOString();
  const batchItem = (id: string, recipients: number) => ({
    ...batchKey(eventId, id), type: 'invitation_batch', id, event_id: eventId, status: 'sent', template: { kind: 'formal' }, send_at: at, resend: false,
    recipient_count: recipients, sent_count: recipients, failed_count: 0, skipped_count: 0, attempts: 1, created_by: 'bench', created_at: at, completed_at: at,
  });
  const rowItem = (batchId: string, guestId: string, index: number) => ({
    ...invitationKeys.recipient(batchId, guestId), type: 'invitation_row', batch_id: batchId, event_id: eventId, guest_id: guestId,
    email: `guest.${index}@example.com`, status: 'sent' satisfies InvitationRowStatus, attempts: 1, sent_at: at, message_id: `bench-${batchId}-${index}`,
    delivered_at: at, ...(index % 3 === 0 ? { opened_at: at } : {}),
  });
  const bigBatchId = newChildId(eventId);
  const items: Record<string, unknown>[] = [batchItem(bigBatchId, guestIds.length), ...guestIds.map((guestId, index) => rowItem(bigBatchId, guestId, index))];
  for (let batch = 0; batch < SMALL_BATCHES; batch += 1) {
    const id = newChildId(eventId);
    const few = guestIds.slice(batch % guestIds.length, (batch % guestIds.length) + 3);
    items.push(batchItem(id, few.length), ...few.map((guestId, index) => rowItem(id, guestId, index)));
  }
  await putAll(context, items);
  return { bigBatchId };
}

type Reader = { token: string; sessionId: string; userId: string; eventId: string };
type Listed = { ids: string[]; guestIds: string[] };

/**
 * Reads PAGES_PER_QUERY pages one after another (from the first again when the list ends). Raw: the
 * access BatchGetItem and a strong Query of as many items as the page returned; for a batch's rows also
 * the batch's GetItem and an eventually consistent BatchGetItem of the page's guests.
 */
export async function invitationPages(context: BenchContext, reader: Reader, endpoint: string, query: string, budget: PageBudget): Promise<BenchRow> {
  const pages = pageWalk(context, reader.token, `/api/events/${reader.eventId}/invitations`, query, (body): Listed => {
    const data = body.data as { id?: string; guest_id?: string }[];
    return { ids: data.map((entry) => String(entry.id)), guestIds: data.map((entry) => String(entry.guest_id)) };
  });
  const returned = pages.kept;
  const table = { db: context.db, tableName: context.tableName };
  const batchId = new URLSearchParams(query).get('batch_id');
  return context.measureEndpoint(
    endpoint,
    PAGES_PER_QUERY,
    pages.next,
    async (index) => {
      const page = returned[index] ?? { ids: [], guestIds: [] };
      // A batch's rows: one strong Query of the page's length in each of its shards (issue 15).
      const rowReads = batchId
        ? invitationKeys.recipientPartitions(batchId).map((pk) => context.db.send(new QueryCommand({
          TableName: context.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, Limit: page.ids.length + 1, ConsistentRead: true,
        })))
        : [rawChildrenPage(table, reader.eventId, childKeys.prefix('invitation'), page.ids.length)];
      await Promise.all([
        rawAccessRead(table, reader, [sessionKeys.cutOff]),
        ...rowReads,
        ...(batchId ? [context.db.send(new GetCommand({ TableName: context.tableName, Key: batchKey(reader.eventId, batchId), ConsistentRead: true }))] : []),
      ]);
      if (batchId && page.guestIds.length > 0) {
        await context.db.send(new BatchGetCommand({
          RequestItems: { [context.tableName]: { Keys: page.guestIds.map((guestId) => childKeys.item('guest', reader.eventId, guestId)), ConsistentRead: false } },
        }));
      }
    },
    `${query}; raw: the access BatchGetItem and a strong Query of as many items as returned${batchId ? " in each of the batch's shards, the batch's GetItem, then an eventual BatchGetItem of the page's guests" : ''}`,
    undefined,
    budget,
  );
}
