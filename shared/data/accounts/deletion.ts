import { membershipFate } from '../../domain/accounts/account-deletion.ts';
import { teamMemberId } from '../../domain/team/rules.ts';
import { auditPut } from '../audit.ts';
import { batchGetAll, queryPages } from '../collection.ts';
import { deleteEventWithContents } from '../events/deletion.ts';
import { eventFromItem } from '../events/records.ts';
import { accountDeletionKeys, eventKeys, unverifiedAccountKeys, userKeys } from '../keys.ts';
import { deleteSession, deleteUserSessions } from '../sessions.ts';
import type { IndexName } from '../table.ts';
import { listMembershipsOfUser } from '../team/members.ts';
import { removeMember, type TeamMember } from '../team/repository.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';
import type { UserRecord } from '../users.ts';
import { accountClaimReleases, clearUserPartition } from './account-removal.ts';

/**
 * The owner's deletion of an account, in two parts (docs/accounts.md):
 * - `beginAccountDeletion`: ONE transaction marks the user `deleting_at` (only while the password is the
 *   one just verified), releases its username and email claims, drops its unverified marker, queues the
 *   mail to its address and files a deletion marker in GSI2. From then on the account cannot sign in, be
 *   found by name or address, or be handed an event, and the names are free to register.
 * - `purgeAccount`: sessions, then each event it still organizes (deleted with everything in it) and each
 *   team it is on (left), then its partition, the user item and the marker last. Each step is one small
 *   write or a batch, never one transaction for the whole account, and each is safe to repeat: what a
 *   crash or a deadline leaves is found again from the marker, by the next call or the accounts job.
 */
export type AccountDeletionMarker = { user_id: string; began_at: string };

export type PurgeOutcome = { completed: boolean; events_deleted: number; teams_left: number };

const MARKER_TYPE = 'account_deletion';

/** 'begun'; 'changed': the password changed, the account is already being deleted, or a claim moved meanwhile. */
export async function beginAccountDeletion(user: UserRecord, at: string, alsoWrite: TransactItem[]): Promise<'begun' | 'changed'> {
  try {
    await transact([
      {
        Update: {
          Key: userKeys.item(user.id),
          UpdateExpression: 'SET deleting_at = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleting_at) AND password_hash = :hash',
          ExpressionAttributeValues: { ':at': at, ':hash': user.password_hash },
        },
      },
      ...(await accountClaimReleases(user)),
      { Delete: { Key: unverifiedAccountKeys.marker(user.id) } },
      {
        Put: {
          Item: {
            ...accountDeletionKeys.marker(user.id), type: MARKER_TYPE, user_id: user.id, began_at: at,
            gsi2pk: accountDeletionKeys.partition, gsi2sk: accountDeletionKeys.sort(at, user.id),
          },
        },
      },
      ...alsoWrite,
    ]);
    return 'begun';
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return 'changed';
    throw error;
  }
}

/** Deletions begun and not finished, oldest first (Query GSI2 `ACCOUNTDELETION`, every page). */
export async function* pendingAccountDeletions(): AsyncGenerator<AccountDeletionMarker[]> {
  const pages = queryPages({
    IndexName: 'gsi2' satisfies IndexName,
    KeyConditionExpression: 'gsi2pk = :partition',
    ExpressionAttributeValues: { ':partition': accountDeletionKeys.partition },
    Limit: 100,
  });
  for await (const page of pages) {
    yield page.filter((item) => item.type === MARKER_TYPE).map((item) => ({ user_id: String(item.user_id), began_at: String(item.began_at) }));
  }
}

/**
 * The rest of a begun deletion, until done or `deadline` (epoch ms). `sessionId`: the caller's own
 * session, ended by its id too (a session older than session references has none).
 */
export async function purgeAccount(userId: string, deadline: number, sessionId?: string): Promise<PurgeOutcome> {
  const outcome: PurgeOutcome = { completed: false, events_deleted: 0, teams_left: 0 };
  await deleteUserSessions(userId);
  if (sessionId) await deleteSession(sessionId, userId);
  for (const member of await listMembershipsOfUser(userId)) {
    if (Date.now() >= deadline) return outcome;
    if (membershipFate(member) === 'delete_event') {
      const [item] = await batchGetAll([eventKeys.item(member.event_id)]);
      if (!item) continue;
      // A version that moved between the read and the mark: the next pass reads it again.
      if ((await deleteEventWithContents(eventFromItem(item), userId)) === 'stale') return outcome;
      outcome.events_deleted += 1;
    } else if (await leaveTeam(member as TeamMember, userId)) {
      outcome.teams_left += 1;
    }
  }
  if (Date.now() >= deadline) return outcome;
  await clearUserPartition(userId, [userKeys.item(userId).sk, accountDeletionKeys.marker(userId).sk]);
  // Last, so a crash before it leaves the marker that brings the next pass here.
  await transact([{ Delete: { Key: userKeys.item(userId) } }, { Delete: { Key: accountDeletionKeys.marker(userId) } }]);
  return { ...outcome, completed: true };
}

/** Removes the membership with its audit entry; false when it was gone already or its event is being deleted. */
async function leaveTeam(member: TeamMember, userId: string): Promise<boolean> {
  const audit = auditPut({ eventId: member.event_id }, {
    actor_id: userId, action: 'team.left', entity_type: 'teamMember', entity_id: teamMemberId(member.event_id, userId),
    changes: [{ field: 'member', before: { role: member.role, user_id: userId, email: null }, after: null }], at: new Date().toISOString(),
  });
  return (await removeMember(member, [audit])) === 'saved';
}
