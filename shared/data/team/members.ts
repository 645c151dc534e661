import type { ListedEvent } from '../../domain/events/list.ts';
import type { PermissionMap, Role } from '../../domain/permissions.ts';
import { queryAllPages } from '../collection.ts';
import { listedAttribute } from '../events/listed-copies.ts';
import { eventKeys, userKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';

/**
 * A person on an event's team. The item lives in the event's collection (so it goes when the event goes)
 * and is indexed on GSI1 under the user, which is how a user's events are listed without a Scan.
 */
export type MemberRecord = {
  event_id: string;
  user_id: string;
  role: Role;
  /** The member's own overrides per area; empty means the role's map as is. */
  permissions: Partial<PermissionMap>;
  status: 'active' | 'pending';
  invited_at: string;
  joined_at?: string;
};

/**
 * Put of a new membership (fails if the user is already on the team), with its copy of the event's
 * listed fields when the writer holds the event as it is committed with it (events/listed-copies.ts).
 */
export function memberPut(member: MemberRecord, listed?: ListedEvent): TransactItem {
  return {
    Put: {
      Item: {
        ...eventKeys.member(member.event_id, member.user_id),
        type: 'member',
        gsi1pk: userKeys.membershipsPartition(member.user_id),
        gsi1sk: eventKeys.membershipSort(member.event_id),
        ...member,
        ...(listed ? { [listedAttribute]: listed } : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Transaction check that a user is on the event's team (an assignee must be a member). */
export const memberExistsCheck = (eventId: string, userId: string): TransactItem => ({
  ConditionCheck: { Key: eventKeys.member(eventId, userId), ConditionExpression: 'attribute_exists(pk)' },
});

export function memberFromItem(item: Record<string, unknown>): MemberRecord {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, [listedAttribute]: _listed, ...member } = item;
  return member as MemberRecord;
}

/**
 * A user's memberships, active and pending, every page (Query GSI1 on the user's memberships partition).
 * GSI reads are eventually consistent: a membership made a moment ago may take a moment to show up here.
 */
export async function listMembershipsOfUser(userId: string): Promise<MemberRecord[]> {
  const items = await queryAllPages({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
    ExpressionAttributeValues: { ':pk': userKeys.membershipsPartition(userId), ':prefix': eventKeys.membershipSort('') },
  });
  return items.map(memberFromItem);
}

/** A user's active memberships (listMembershipsOfUser, pending invitations left out). */
export const listActiveMembershipsOfUser = async (userId: string): Promise<MemberRecord[]> =>
  (await listMembershipsOfUser(userId)).filter((member) => member.status === 'active');

/**
 * A user's active memberships, each with its copy of the event's listed fields, or null where it has
 * none yet (one Query of GSI1, every page: the events list, issue 15). Eventually consistent, as above.
 */
export async function listActiveMembershipsWithEvents(userId: string): Promise<{ member: MemberRecord; listed: ListedEvent | null }[]> {
  const items = await queryAllPages({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
    FilterExpression: '#status = :active',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pk': userKeys.membershipsPartition(userId), ':prefix': eventKeys.membershipSort(''), ':active': 'active' },
  });
  return items.map((item) => ({ member: memberFromItem(item), listed: (item[listedAttribute] as ListedEvent | undefined) ?? null }));
}

/** An event's team: every membership, active or pending (Query the collection's MEMBER# items, strong). */
export async function listEventMembers(eventId: string): Promise<MemberRecord[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': eventKeys.memberPrefix },
    ConsistentRead: true,
  });
  return items.map(memberFromItem);
}
