import type { PermissionMap, Role } from '../../domain/permissions.ts';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../client.ts';
import { batchGetAll } from '../collection.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { eventKeys, teamKeys, userKeys } from '../keys.ts';
import { LIVE_EVENT_CONDITION, liveEventCheck } from '../events/live-event.ts';
import { listedAttribute, syncCopy, transactWithCopies } from '../events/listed-copies.ts';
import { type ListedEvent, listedEventOf } from '../../domain/events/list.ts';
import { memberFromItem, memberPut, type MemberRecord } from './members.ts';
import { tokenRowDelete } from './tokens.ts';
import { type TransactItem, TransactionConditionFailed } from '../transact.ts';

/**
 * The team repository: memberships (`MEMBER#<userId>`, see members.ts) and invitations of people without
 * an account yet (`TEAMINVITE#<id>` plus a `TEAMEMAIL#<email>` claim, so an email is invited once per
 * event). Each write carries the event's liveness check and its audit entry and notice in one transaction.
 */
export type TeamMember = MemberRecord & { invited_by?: string; version?: number } & InvitationTokenFields;

/**
 * An invitation's token (its SHA-256; see shared/data/team/tokens.ts) and when it expires. Absent on
 * invitations made before tokens existed, which never expire and are accepted by verified email only.
 */
export type InvitationTokenFields = { token_hash?: string; expires_at?: string };

export type TeamInvite = {
  id: string;
  event_id: string;
  email: string;
  role: Role;
  permissions: Partial<PermissionMap>;
  invited_by: string;
  invited_at: string;
  version: number;
} & InvitationTokenFields;

export type TeamContact = { id: string; username?: string; full_name?: string; email?: string; phone?: string };

const strip = ({ pk: _pk, sk: _sk, type: _type, ...rest }: Record<string, unknown>) => rest;
export const inviteFromDb = (item: Record<string, unknown>) => strip(item) as TeamInvite;

/** The event and the invitation a token row names, in one strong BatchGetItem (either may be gone). */
export async function getTokenInvitation(row: { event_id: string; invite_id?: string; user_id?: string }): Promise<{ event: Record<string, unknown> | null; member: TeamMember | null; invite: TeamInvite | null }> {
  const eventKey = eventKeys.item(row.event_id);
  const entryKey = row.user_id !== undefined ? eventKeys.member(row.event_id, row.user_id) : teamKeys.invite(row.event_id, String(row.invite_id));
  const found = await batchGetAll([eventKey, entryKey]);
  const event = found.find((item) => item.sk === eventKey.sk) ?? null;
  const entry = found.find((item) => item.sk === entryKey.sk);
  return {
    event,
    member: entry && row.user_id !== undefined ? (memberFromItem(entry) as TeamMember) : null,
    invite: entry && row.user_id === undefined ? inviteFromDb(entry) : null,
  };
}

/**
 * One page of an event's team (issue 15: O(page) whatever its size), in key order: the memberships
 * (`MEMBER#<userId>`, by user id, which is the order the accounts were made in), then the open email
 * invitations (`TEAMINVITE#<id>`, ids made in creation order), with one cursor across both: the key of
 * the last row shown, tied to the event's partition and to one of the two prefixes (else a 400). A page
 * is one strong Query of `limit + 1` memberships (none once the cursor is among the invitations), then,
 * beside the BatchGetItem of those members' users (their contacts), one strong Query of the invitations
 * that fill the rest of the page (plus one, to know whether any follow). Whoever reads the whole team
 * (notices, digests, deletions) reads it elsewhere (members.ts `listEventMembers`).
 */
export async function listTeamPage(
  eventId: string,
  page: { limit: number; cursor?: string },
): Promise<{ members: TeamMember[]; invites: TeamInvite[]; contacts: Map<string, TeamContact>; nextCursor: string | null }> {
  const pk = eventKeys.partition(eventId);
  const start = decodeCursor(page.cursor, { pk }, { pk, sk: [eventKeys.memberPrefix, teamKeys.invitePrefix] });
  const startSk = start === undefined ? undefined : String(start.sk);
  const query = async (prefix: string, limit: number, from: string | undefined) => {
    const result = await db().send(new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      Limit: limit,
      ExclusiveStartKey: from === undefined ? undefined : { pk, sk: from },
      ConsistentRead: true,
    }));
    return { items: result.Items ?? [], more: result.LastEvaluatedKey !== undefined };
  };
  const amongInvites = startSk?.startsWith(teamKeys.invitePrefix) === true;
  const memberPart = amongInvites ? { items: [], more: false } : await query(eventKeys.memberPrefix, page.limit + 1, startSk);
  const memberItems = memberPart.items.slice(0, page.limit);
  // Every membership read, or the Query stopped early (its 1 MB): the page ends with the last one read.
  const membersDone = memberPart.items.length <= page.limit && !memberPart.more;
  const room = page.limit - memberItems.length;
  const members = memberItems.map((item) => memberFromItem(item) as TeamMember);
  const [users, invitePart] = await Promise.all([
    batchGetAll(members.map((member) => userKeys.item(member.user_id))),
    membersDone ? query(teamKeys.invitePrefix, room + 1, amongInvites ? startSk : undefined) : Promise.resolve({ items: [], more: false }),
  ]);
  const inviteItems = invitePart.items.slice(0, room);
  const last = inviteItems.at(-1) ?? memberItems.at(-1);
  const more = membersDone ? invitePart.items.length > room || (invitePart.more && inviteItems.length > 0) : true;
  return {
    members,
    invites: inviteItems.map(inviteFromDb),
    contacts: new Map(users.map((user) => [String(user.id), contactOf(user)])),
    nextCursor: more && last ? encodeCursor({ pk, sk: String(last.sk) }) : null,
  };
}

const contactOf = (user: Record<string, unknown>): TeamContact => ({
  id: String(user.id),
  username: user.username as string | undefined,
  full_name: user.full_name as string | undefined,
  email: user.email as string | undefined,
  phone: user.phone as string | undefined,
});

/** A member or an invitation by its API id, read strongly in one BatchGetItem. */
export async function getTeamEntry(eventId: string, rest: string, entryId: string): Promise<{ member: TeamMember | null; invite: TeamInvite | null }> {
  const memberKey = eventKeys.member(eventId, rest);
  const found = await batchGetAll([memberKey, teamKeys.invite(eventId, entryId)]);
  const member = found.find((item) => item.sk === memberKey.sk);
  const invite = found.find((item) => item.sk !== memberKey.sk);
  return { member: member ? (memberFromItem(member) as TeamMember) : null, invite: invite ? inviteFromDb(invite) : null };
}

/** 'conflict': a condition other than the event's failed (already on the team, changed meanwhile). */
export type TeamWriteOutcome = 'saved' | 'event_gone' | 'conflict';

async function teamTransact(items: TransactItem[], listed?: ListedEvent): Promise<TeamWriteOutcome> {
  try {
    await transactWithCopies(items, listed);
    return 'saved';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    return error.failedIndexes.includes(0) ? 'event_gone' : 'conflict';
  }
}

/** A membership saved: its copy of the event's listed fields is written next (events/listed-copies.ts). */
async function withCopy(eventId: string, userId: string, outcome: TeamWriteOutcome): Promise<TeamWriteOutcome> {
  if (outcome === 'saved') await syncCopy(eventId, userId);
  return outcome;
}

export const addMember = async (member: TeamMember, alsoWrite: TransactItem[]) =>
  withCopy(member.event_id, member.user_id, await teamTransact([liveEventCheck(member.event_id), memberPut(member), ...alsoWrite]));

export const inviteByEmail = (invite: TeamInvite, alsoWrite: TransactItem[]) =>
  teamTransact([
    liveEventCheck(invite.event_id),
    { Put: { Item: { ...teamKeys.invite(invite.event_id, invite.id), type: 'teamInvite', ...invite }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { Item: { ...teamKeys.inviteEmailClaim(invite.event_id, invite.email), type: 'teamInviteClaim', invite_id: invite.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...alsoWrite,
  ]);

/** The invitation claimed by an email on an event, or null (strong GetItem of the claim, then the invite). */
export async function findInviteByEmail(eventId: string, email: string): Promise<TeamInvite | null> {
  const [claim] = await batchGetAll([teamKeys.inviteEmailClaim(eventId, email)]);
  if (!claim) return null;
  const [invite] = await batchGetAll([teamKeys.invite(eventId, String(claim.invite_id))]);
  return invite ? inviteFromDb(invite) : null;
}

/** Pending → active, only if still pending (`alsoWrite` consumes its token, when it has one). */
export const activateMember = (eventId: string, userId: string, joinedAt: string, alsoWrite: TransactItem[]) =>
  teamTransact([
    liveEventCheck(eventId),
    {
      Update: {
        Key: eventKeys.member(eventId, userId),
        UpdateExpression: 'SET #status = :active, joined_at = :at',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active', ':pending': 'pending', ':at': joinedAt },
      },
    },
    ...alsoWrite,
  ]);

/**
 * An email invitation becomes the accepting user's active membership; the invitation and claim go, only
 * if the invitation is still there (of two accepts racing, one fails); `alsoWrite` consumes its token.
 */
export const acceptEmailInvite = async (invite: TeamInvite, member: TeamMember, alsoWrite: TransactItem[]) =>
  withCopy(member.event_id, member.user_id, await teamTransact([
    liveEventCheck(invite.event_id),
    { Delete: { Key: teamKeys.invite(invite.event_id, invite.id), ConditionExpression: 'attribute_exists(pk)' } },
    { Delete: { Key: teamKeys.inviteEmailClaim(invite.event_id, invite.email) } },
    memberPut(member),
    ...alsoWrite,
  ]));

/**
 * New role and overrides of a member who is not the organizer, if the member is still the version read
 * (a membership written before versions counts as version 1 and has none stored), so two changes made
 * from the same version never both land.
 */
export const changeMember = (member: TeamMember, role: Role, permissions: Partial<PermissionMap>, alsoWrite: TransactItem[]) =>
  teamTransact([
    liveEventCheck(member.event_id),
    {
      Update: {
        Key: eventKeys.member(member.event_id, member.user_id),
        UpdateExpression: 'SET #role = :role, #permissions = :permissions, #version = if_not_exists(#version, :initial) + :one',
        ConditionExpression: `${member.version === undefined ? 'attribute_not_exists(#version)' : '#version = :read'} AND #role <> :organizer`,
        ExpressionAttributeNames: { '#role': 'role', '#permissions': 'permissions', '#version': 'version' },
        ExpressionAttributeValues: {
          ':role': role, ':permissions': permissions, ':organizer': 'organizer', ':initial': 1, ':one': 1,
          ...(member.version === undefined ? {} : { ':read': member.version }),
        },
      },
    },
    ...alsoWrite,
  ]);

export const changeInvite = (invite: TeamInvite, role: Role, permissions: Partial<PermissionMap>, alsoWrite: TransactItem[]) =>
  teamTransact([
    liveEventCheck(invite.event_id),
    {
      Update: {
        Key: teamKeys.invite(invite.event_id, invite.id),
        UpdateExpression: 'SET #role = :role, #permissions = :permissions, #version = #version + :one',
        ConditionExpression: '#version = :read',
        ExpressionAttributeNames: { '#role': 'role', '#permissions': 'permissions', '#version': 'version' },
        ExpressionAttributeValues: { ':role': role, ':permissions': permissions, ':read': invite.version, ':one': 1 },
      },
    },
    ...alsoWrite,
  ]);

/** Removes a membership that is not the organizer's. */
export const removeMember = (member: TeamMember, alsoWrite: TransactItem[]) =>
  teamTransact([
    liveEventCheck(member.event_id),
    {
      Delete: {
        Key: eventKeys.member(member.event_id, member.user_id),
        ConditionExpression: 'attribute_exists(pk) AND #role <> :organizer',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':organizer': 'organizer' },
      },
    },
    // A withdrawn invitation's link stops working (an accepted one's token is already used).
    ...(member.status === 'pending' && member.token_hash ? [tokenRowDelete(member.token_hash)] : []),
    ...alsoWrite,
  ]);

export const removeInvite = (invite: TeamInvite, alsoWrite: TransactItem[]) =>
  teamTransact([
    liveEventCheck(invite.event_id),
    { Delete: { Key: teamKeys.invite(invite.event_id, invite.id), ConditionExpression: 'attribute_exists(pk)' } },
    { Delete: { Key: teamKeys.inviteEmailClaim(invite.event_id, invite.email) } },
    ...(invite.token_hash ? [tokenRowDelete(invite.token_hash)] : []),
    ...alsoWrite,
  ]);

/**
 * Ownership moves in one transaction: the event's `organizer_id` (at the version read, bumping it), the
 * old organizer's membership becomes coordinator, the new owner's active membership becomes organizer,
 * and every membership's copy of the listed fields names the new organizer (events/listed-copies.ts).
 */
export function transferOwnership(
  transfer: { event: ListedEvent; eventVersion: number; from: string; to: string; now: Date },
  alsoWrite: TransactItem[],
): Promise<TeamWriteOutcome> {
  const eventId = transfer.event.id;
  const listed = { ...listedEventOf(transfer.event), organizer_id: transfer.to, version: transfer.eventVersion + 1 };
  // The two memberships written here take their copy with their new role (one write per item).
  const roleUpdate = (userId: string, role: Role, condition: string, values: Record<string, unknown>): TransactItem => ({
    Update: {
      Key: eventKeys.member(eventId, userId),
      UpdateExpression: 'SET #role = :role, #permissions = :none, #listed = :listed',
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#role': 'role', '#permissions': 'permissions', '#listed': listedAttribute, ...(condition.includes('#status') ? { '#status': 'status' } : {}) },
      ExpressionAttributeValues: { ':role': role, ':none': {}, ':listed': listed, ...values },
    },
  });
  return teamTransact([
    {
      Update: {
        Key: eventKeys.item(eventId),
        UpdateExpression: 'SET organizer_id = :to, #version = #version + :one, updated_at = :now',
        ConditionExpression: `${LIVE_EVENT_CONDITION} AND organizer_id = :from AND #version = :expected`,
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':to': transfer.to, ':from': transfer.from, ':one': 1, ':now': transfer.now.toISOString(), ':expected': transfer.eventVersion },
      },
    },
    roleUpdate(transfer.from, 'coordinator', '#role = :organizer', { ':organizer': 'organizer' }),
    roleUpdate(transfer.to, 'organizer', '#status = :active', { ':active': 'active' }),
    // Never to an account being deleted: it would take the event down with it (shared/data/accounts/deletion.ts).
    { ConditionCheck: { Key: userKeys.item(transfer.to), ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleting_at)' } },
    ...alsoWrite,
  ], listed);
}
