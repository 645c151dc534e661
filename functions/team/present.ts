import type { TeamContact, TeamInvite, TeamMember, TeamWriteOutcome } from '#shared/data/team/repository.ts';
import { effectivePermissions } from '#shared/domain/permissions.ts';
import type { OpenInvitation } from '#shared/domain/team/invitation-acceptance.ts';
import { teamMemberId } from '#shared/domain/team/rules.ts';
import { ConflictError, NotFoundError } from '#shared/http/errors.ts';

/**
 * A member as GET /api/events/{id}/team shows it: role, effective permissions, contact, dates. A pending
 * member is shown by the user id the inviter typed and nothing of their profile: their contact details
 * reach the team only once they accept.
 */
export function presentMember(member: TeamMember, contactIfActive: TeamContact | undefined) {
  const contact = member.status === 'active' ? contactIfActive : undefined;
  return {
    id: teamMemberId(member.event_id, member.user_id),
    user_id: member.user_id,
    username: contact?.username ?? null,
    full_name: contact?.full_name ?? null,
    email: contact?.email ?? null,
    phone: contact?.phone ?? null,
    role: member.role,
    permissions: effectivePermissions(member.role, member.permissions ?? {}),
    status: member.status,
    invited_at: member.invited_at,
    joined_at: member.joined_at ?? null,
    invited_by: member.invited_by ?? null,
    version: member.version ?? 1,
  };
}

/** An invitation of an email address: what the inviter typed (email, role, permissions), status `invited`. */
export function presentInvite(invite: TeamInvite) {
  return {
    id: invite.id,
    user_id: null,
    username: null,
    full_name: null,
    email: invite.email,
    phone: null,
    role: invite.role,
    permissions: effectivePermissions(invite.role, invite.permissions),
    status: 'invited' as const,
    invited_at: invite.invited_at,
    joined_at: null,
    invited_by: invite.invited_by,
    version: invite.version,
  };
}

/** Throws the answer for a team write that did not happen; `conflict` says what the conflict was. */
export function assertTeamSaved(outcome: TeamWriteOutcome, conflict: () => Error = () => new ConflictError('team_changed', 'The team changed meanwhile; reload and retry.')): void {
  if (outcome === 'event_gone') throw new NotFoundError('event');
  if (outcome === 'conflict') throw conflict();
}

/** A pending membership or an email invitation as the acceptance rules see it. */
export function asOpenInvitation(member: TeamMember | null, invite: TeamInvite | null): OpenInvitation | null {
  const expiry = (entry: { expires_at?: string }) => (entry.expires_at ? { expiresAt: entry.expires_at } : {});
  if (member) return { addressedTo: 'user', userId: member.user_id, status: member.status, ...expiry(member) };
  if (invite) return { addressedTo: 'email', email: invite.email, ...expiry(invite) };
  return null;
}
