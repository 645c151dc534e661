import type { Caller } from '../../auth/tokens.ts';
import type { EventRecord } from '../../domain/events/rules.ts';
import { type Area, can, effectivePermissions, type PermissionMap } from '../../domain/permissions.ts';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../http/errors.ts';
import { eventFromItem } from './records.ts';
import { eventIdOfChild, isId } from '../ids.ts';
import { type ChildKind, childKeys, eventKeys, type Key, openDueKeys } from '../keys.ts';
import type { OpenDue } from '../../domain/events/open-due.ts';
import { openDueOf } from './open-due.ts';
import { hasSecondFactor } from '../accounts/second-factor.ts';
import { memberFromItem, type MemberRecord } from '../team/members.ts';
import { getWithSession, isLive } from '../sessions.ts';

/**
 * The one access decision for everything under an event, in ONE strongly consistent BatchGetItem of the
 * caller's session, the event, the caller's membership (and the child item, for child routes):
 * - ended session → 401 (operations using this declare `session: 'with-first-read'`);
 * - no such event, an event being deleted, no active membership, or no read on the area → 404, so an
 *   event's existence is never revealed to someone outside it;
 * - the event requires a second factor of its team (`team_mfa_required`) and the caller's account has
 *   none → 403 `mfa_required` (docs/mfa.md): the one place that requirement is enforced, on every route
 *   under the event, the WebSocket subscription included; its extra read happens only for such events;
 * - read but not write when writing → 403.
 */
export type EventAccess = {
  event: EventRecord;
  member: MemberRecord;
  permissions: PermissionMap;
  isOrganizer: boolean;
};

export type Needed = 'read' | 'write';

type Options = {
  /** DELETE continues a deletion in progress, so it must still see an event marked deleting. */
  includeDeleting?: boolean;
  /** Leaving the team is open to a member without a second factor: the requirement must not hold them in it. */
  withoutSecondFactor?: true;
  /** Another area whose read is enough too (the WebSocket subscription: door staff follow the check-ins' counts). */
  orArea?: Area;
};

const secondFactorRequired = () =>
  new ForbiddenError("This event's team must sign in with a second factor: set up an authenticator app in your account first.", 'mfa_required');

export async function loadEventAccess(caller: Caller, eventId: string, area: Area, needed: Needed, options: Options = {}): Promise<EventAccess> {
  const { access } = await loadWith(caller, eventId, null, area, needed, options);
  return access;
}

/**
 * As loadEventAccess, with the event's open due instants (its open-due item in the same BatchGetItem,
 * united with the old map of an event item not yet migrated: shared/data/events/open-due.ts), for the
 * answers that show the timeline's overdue count.
 */
export async function loadEventAccessWithOpenDue(caller: Caller, eventId: string, area: Area, needed: Needed, options: Options = {}): Promise<EventAccess & { openDue: OpenDue }> {
  const { access, children: [openDueItem] } = await loadWith(caller, eventId, openDueKeys.item(eventId), area, needed, options);
  return { ...access, openDue: openDueOf(access.event, openDueItem) };
}

/**
 * A child resource (`/api/guests/{id}`, ...) with the access to its event: the child's id names its
 * event, so the child joins the same single read. A missing child is a 404 like a missing event.
 */
export async function loadChildAccess(
  caller: Caller,
  childId: string,
  kind: ChildKind,
  area: Area,
  needed: Needed,
): Promise<EventAccess & { child: Record<string, unknown> }> {
  const eventId = eventIdOfChild(childId);
  const childKey = eventId ? childKeys.item(kind, eventId, childId) : null;
  const { access, children: [child] } = await loadWith(caller, eventId, childKey, area, needed, {});
  if (!child) throw new NotFoundError(kind);
  return { ...access, child };
}

/**
 * The access to an event named in the path, with an item of that event's collection read in the same
 * BatchGetItem (null when absent): a check-in's guest, named by a code, is looked for in the path's event
 * only, so a code of another event is not found, exactly like an unknown one.
 */
export async function loadEventAccessWithItem(caller: Caller, eventId: string, itemKey: Key, area: Area, needed: Needed): Promise<EventAccess & { item: Record<string, unknown> | null }> {
  const { access, children: [child] } = await loadWith(caller, eventId, itemKey, area, needed, {});
  return { ...access, item: child ?? null };
}

/** As loadEventAccessWithItem, with more items of the event's collection in the same read (each null when absent). */
export async function loadEventAccessWithItems(caller: Caller, eventId: string, itemKeys: Key[], area: Area, needed: Needed): Promise<EventAccess & { items: (Record<string, unknown> | null)[] }> {
  const { access, children } = await loadWith(caller, eventId, itemKeys, area, needed, {});
  return { ...access, items: children };
}

async function loadWith(caller: Caller, eventId: string | null, childKeys: Key | Key[] | null, area: Area, needed: Needed, options: Options) {
  const valid = eventId !== null && isId(eventId);
  const extra = childKeys === null ? [] : Array.isArray(childKeys) ? childKeys : [childKeys];
  const keys = valid ? [eventKeys.item(eventId), eventKeys.member(eventId, caller.userId), ...extra] : [];
  const { session, items } = await getWithSession(caller.sessionId, keys);
  if (!isLive(session) || session.user_id !== caller.userId) throw new UnauthorizedError('The session has ended; sign in again.');
  const [eventItem, memberItem, ...children] = items;
  if (!eventItem || !memberItem) throw new NotFoundError('event');
  const event = eventFromItem(eventItem);
  const member = memberFromItem(memberItem);
  if (member.status !== 'active' || (event.deleting_at && !options.includeDeleting)) throw new NotFoundError('event');
  const permissions = effectivePermissions(member.role, member.permissions ?? {});
  if (!can(permissions, area, 'read') && !(options.orArea && can(permissions, options.orArea, 'read'))) throw new NotFoundError('event');
  if (event.team_mfa_required === true && !options.withoutSecondFactor && !(await hasSecondFactor(caller.userId))) throw secondFactorRequired();
  if (needed === 'write' && !can(permissions, area, 'write')) throw new ForbiddenError();
  return { access: { event, member, permissions, isOrganizer: member.role === 'organizer' }, children: extra.map((_key, index) => children[index] ?? null) };
}
