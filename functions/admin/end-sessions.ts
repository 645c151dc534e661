import { auditPut } from '#shared/data/audit.ts';
import { deleteUserSessions, moveSessionsCutOff } from '#shared/data/sessions.ts';
import { transact } from '#shared/data/transact.ts';
import { getUser } from '#shared/data/users.ts';
import { securityEvent } from '#shared/security/events.ts';

/**
 * What the operator does to sessions (docs/accounts.md): end one account's, or everyone's. Run by
 * `npm run admin -- end-sessions` (scripts/admin.ts) and, in AWS, by the admin function (./handler.ts).
 */
export type OperatorNote = { operator: string; reason: string };

/**
 * The operator's "end this user's sessions" (`npm run admin -- end-sessions --user <id>`): every session
 * of the account ends at once, with an audit entry in the account's trail naming the operator and why.
 * Null when there is no such account.
 */
export async function endSessionsByOperator(userId: string, note: OperatorNote): Promise<{ user_id: string; sessions_ended: number } | null> {
  if (!(await getUser(userId))) return null;
  await transact([
    auditPut({ userId }, {
      actor_id: `operator:${note.operator}`,
      action: 'sessions.ended_by_operator',
      entity_type: 'user',
      entity_id: userId,
      changes: [{ field: 'reason', before: null, after: note.reason }],
    }),
  ]);
  const ended = await deleteUserSessions(userId);
  securityEvent('sessions.ended_by_operator', { user_id: userId });
  return { user_id: userId, sessions_ended: ended };
}

/**
 * The operator's "end everyone's sessions" (`npm run admin -- end-sessions --all`, or the admin function):
 * the sessions cut-off moves to now, so every session signed in until now has ended at once (each session
 * read checks it: no Scan, nothing deleted one by one; they go with their TTL), and a sign-in from now on
 * works. Who and why are kept on the cut-off item, and logged as the security event.
 */
export async function endAllSessionsByOperator(note: OperatorNote, now = new Date()): Promise<{ all_sessions: true; ended_signed_in_until: string }> {
  const endedUntil = await moveSessionsCutOff(now, note);
  securityEvent('sessions.ended_by_operator', { code: 'all_sessions' });
  return { all_sessions: true, ended_signed_in_until: endedUntil };
}
