import type { Caller } from '#shared/auth/tokens.ts';
import { auditPut } from '#shared/data/audit.ts';
import { isLive, ownSessionDeletes, ownsSession, sessionsByIds, userSessionReferences } from '#shared/data/sessions.ts';
import { TransactionConditionFailed, transact } from '#shared/data/transact.ts';
import { ForbiddenError, NotFoundError } from '#shared/http/errors.ts';
import type { EndSessionBody } from '#shared/schemas/auth.ts';
import { securityEvent } from '#shared/security/events.ts';
import { ownerWithPassword } from './reauthentication.ts';

/**
 * The account's sessions, as its owner sees and ends them (docs/accounts.md): GET /api/auth/sessions,
 * DELETE /api/auth/sessions/{session_id} (the cap a sign-in keeps is in sign-in.ts).
 */
export type SessionView = { id: string; device: string | null; created_at: string; last_used_at: string; expires_at: string; current: boolean };

/** The caller's live sessions, the newest sign-in first; `current` marks the one the caller uses. */
export async function listSessions(caller: Caller, now = new Date()): Promise<SessionView[]> {
  const references = await userSessionReferences(caller.userId);
  const sessions = (await sessionsByIds(references.map((reference) => reference.session_id))).filter((session) => isLive(session, now) && session.user_id === caller.userId);
  return sessions
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
    .map((session) => ({
      id: session.session_id,
      device: session.user_agent ?? null,
      created_at: session.created_at,
      last_used_at: session.refreshed_at,
      expires_at: session.expires_at,
      current: session.session_id === caller.sessionId,
    }));
}

/**
 * Ends one of the caller's sessions (the current one too: that is a logout). Ending another of them takes
 * the password again (ASVS 7.5.2), under the sign-in backoff. Another account's session, or none: 404.
 */
export async function endSession(caller: Caller, sessionId: string, body: EndSessionBody, sourceIp: string, now = new Date()): Promise<void> {
  if (sessionId !== caller.sessionId) {
    // Someone else's session, or none: 404 before anything is asked, as for every object not the caller's.
    if (!(await ownsSession(caller.userId, sessionId))) throw new NotFoundError('session');
    if (body.password === undefined) throw new ForbiddenError('Ending another session takes the password again: give `password`.', 'password_required');
    await ownerWithPassword(caller.userId, body.password, { sourceIp, now });
  }
  try {
    // The caller's reference to the session must exist: that condition is the ownership check (no read first).
    await transact([
      ...ownSessionDeletes(sessionId, caller.userId),
      auditPut({ userId: caller.userId }, { actor_id: caller.userId, action: 'session.ended', entity_type: 'session', entity_id: sessionId, changes: [] }),
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) throw new NotFoundError('session');
    throw error;
  }
  securityEvent('session.ended', { user_id: caller.userId, session_id: sessionId });
}
