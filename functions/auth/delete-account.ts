import type { Caller } from '#shared/auth/tokens.ts';
import { accountMailPut } from '#shared/data/accounts/account-mail.ts';
import { beginAccountDeletion, purgeAccount, type PurgeOutcome } from '#shared/data/accounts/deletion.ts';
import { auditPut } from '#shared/data/audit.ts';
import { getEventsByIds } from '#shared/data/events/records.ts';
import { isId, newId } from '#shared/data/ids.ts';
import { listActiveMembershipsOfUser, listEventMembers } from '#shared/data/team/members.ts';
import { transferOwnership } from '#shared/data/team/repository.ts';
import { getUser, type UserRecord } from '#shared/data/users.ts';
import { type EventProblem, type OwnedEvent, planOwnedEvents } from '#shared/domain/accounts/account-deletion.ts';
import { isEmailVerified } from '#shared/domain/accounts/verification.ts';
import { ConflictError, ConflictListError, ForbiddenError, UnauthorizedError, VersionConflictError } from '#shared/http/errors.ts';
import type { Logger } from '#shared/logger.ts';
import type { DeleteAccountBody } from '#shared/schemas/auth.ts';
import { securityEvent } from '#shared/security/events.ts';
import { attemptPassword } from './password-attempt.ts';

/** How long the request itself works at the purge; the accounts job finishes what is left (API Gateway waits 30 s). */
const REQUEST_PURGE_BUDGET_MS = 20_000;
/** Reads of an event whose version moved under a transfer before the transfer gives up (409). */
const TRANSFER_ATTEMPTS = 3;

export type AccountDeletion = { id: string; deleted: true; events_transferred: number; events_deleted: number; teams_left: number; completed: boolean };

/**
 * DELETE /api/auth/user (docs/accounts.md). The password is checked under the sign-in throttle. Then, in
 * this order, each step safe to repeat:
 * 1. the choice for every event the account organizes is checked against the teams (409 naming the
 *    events, nothing changed) and the transfers are made, one transaction each;
 * 2. one transaction marks the account deleting, frees its username and email and queues the mail;
 * 3. the purge (shared/data/accounts/deletion.ts): sessions, owned events, teams, the partition.
 * A repeat after step 2 (the session may still live if the purge stopped early) skips to step 3; what the
 * request's budget (or a failure in the purge) leaves, the accounts job finishes from the deletion marker
 * (`completed: false`).
 */
export async function deleteAccount(caller: Caller, body: DeleteAccountBody, request: { sourceIp: string; log: Logger }, now = new Date()): Promise<AccountDeletion> {
  const deadline = Date.now() + REQUEST_PURGE_BUDGET_MS;
  const user = await getUser(caller.userId);
  if (!user) throw new UnauthorizedError('The account no longer exists.');
  const attempt = await attemptPassword({ user, password: body.password, sourceIp: request.sourceIp, now });
  if (!attempt.matches) throw new ForbiddenError('The password is not right.', 'wrong_password');
  await attempt.succeeded();
  const transferred = user.deleting_at ? 0 : await settleOwnedEventsAndBegin(user, body, caller, now);
  return { id: user.id, deleted: true, events_transferred: transferred, ...(await purgeOrLeave(user.id, deadline, caller.sessionId, request.log)) };
}

/**
 * Once the account is marked deleting it is deleted, whatever the purge meets: a failure here is logged
 * and left to the accounts job (and to a repeat), and the owner is told the rest is under way.
 */
async function purgeOrLeave(userId: string, deadline: number, sessionId: string, log: Logger): Promise<PurgeOutcome> {
  try {
    return await purgeAccount(userId, deadline, sessionId);
  } catch (error) {
    log.warn('account deletion left to the accounts job', { error: error instanceof Error ? error.name : 'unknown' });
    return { completed: false, events_deleted: 0, teams_left: 0 };
  }
}

async function settleOwnedEventsAndBegin(user: UserRecord, body: DeleteAccountBody, caller: Caller, now: Date): Promise<number> {
  const owned = (await listActiveMembershipsOfUser(user.id)).filter((member) => member.role === 'organizer');
  const done = await transfersAlreadyMade(body.transfers ?? {}, new Set(owned.map((member) => member.event_id)));
  const transfers = Object.fromEntries(Object.entries(body.transfers ?? {}).filter(([eventId]) => !done.has(eventId)));
  // Only the events named for a transfer need their team read: the others are deleted or need a choice.
  const ownedEvents: OwnedEvent[] = await Promise.all(owned.map(async ({ event_id }) => ({ event_id, active_member_ids: event_id in transfers ? await activeMemberIds(event_id, user.id) : [] })));
  const plan = planOwnedEvents(user.id, ownedEvents, { owned_events: body.owned_events, transfers });
  if (plan.outcome === 'invalid_transfer') throw invalidTransfer(plan.problems);
  if (plan.outcome === 'choice_needed') {
    throw new ConflictListError('owned_events_choice_needed', `You organize events that need a choice before the account can be deleted: ${plan.problems.map((problem) => problem.event_id).join(', ')}.`, problemsOf(plan.problems));
  }
  for (const transfer of plan.transfers) await transferEvent(user.id, transfer, now);
  const transferred = plan.transfers.length + done.size;

  const at = now.toISOString();
  // Only to an address the owner proved: an unverified one may be someone else's.
  const mail = isEmailVerified(user)
    ? [accountMailPut({ id: newId(), kind: 'account_deleted', to: user.email, details: { name: user.full_name || user.username, username: user.username, deleted_at: at.slice(0, 10) }, created_at: at })]
    : [];
  if ((await beginAccountDeletion(user, at, mail)) === 'changed') {
    // Begun by another request of the owner meanwhile: this one carries on with the purge.
    if ((await getUser(user.id))?.deleting_at) return transferred;
    throw new ConflictError('conflict', 'The account changed meanwhile (its password or email); try again.');
  }
  securityEvent('account.deleted', { user_id: user.id, session_id: caller.sessionId });
  return transferred;
}

/**
 * The transfers of this choice an earlier request (a repeat, or one running at the same time) already
 * made: the event is no longer the account's and its organizer is the member named. Planned again, they
 * would read as events the account does not organize.
 */
async function transfersAlreadyMade(transfers: Record<string, string>, owned: Set<string>): Promise<Set<string>> {
  const others = Object.keys(transfers).filter((eventId) => !owned.has(eventId) && isId(eventId));
  if (others.length === 0) return new Set();
  return new Set((await getEventsByIds(others)).filter((event) => event.organizer_id === transfers[event.id]).map((event) => event.id));
}

const activeMemberIds = async (eventId: string, userId: string): Promise<string[]> =>
  (await listEventMembers(eventId)).filter((member) => member.status === 'active' && member.user_id !== userId).map((member) => member.user_id);

const problemsOf = (problems: EventProblem[]) => problems.map(({ event_id, message }) => ({ path: `transfers.${event_id}`, message }));

const invalidTransfer = (problems: EventProblem[]) =>
  new ConflictListError('invalid_transfer', `These events cannot be transferred as asked: ${problems.map((problem) => problem.event_id).join(', ')}.`, problemsOf(problems));

/** One transfer, at the version read (read again when it moved meanwhile); an event already handed over or gone is done. */
async function transferEvent(userId: string, transfer: { event_id: string; to: string }, now: Date): Promise<void> {
  for (let attempt = 0; attempt < TRANSFER_ATTEMPTS; attempt += 1) {
    const [event] = await getEventsByIds([transfer.event_id]);
    if (!event || event.organizer_id !== userId) return;
    const audit = auditPut({ eventId: event.id }, {
      actor_id: userId, action: 'event.ownership_transferred', entity_type: 'event', entity_id: event.id,
      changes: [{ field: 'organizer_id', before: userId, after: transfer.to }], at: now.toISOString(),
    });
    const outcome = await transferOwnership({ event, eventVersion: event.version, from: userId, to: transfer.to, now }, [audit]);
    if (outcome === 'saved') return;
    if (outcome === 'conflict') throw invalidTransfer([{ event_id: event.id, message: "The new organizer must be another active member of this event's team (they left, or their account is being deleted)." }]);
  }
  throw new VersionConflictError();
}
