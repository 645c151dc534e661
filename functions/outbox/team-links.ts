import { teamTokenSealKey } from '#shared/auth/team-token-key.ts';
import type { NoticeRecord } from '#shared/data/notices.ts';
import { openInvitationToken } from '#shared/domain/team/invitation-token.ts';
import { teamInvitationUrl } from '#shared/pages/links.ts';

/**
 * The link of a team invitation's email: its page, under the token sealed into the notice. Null for an
 * invitation recorded before tokens existed, or one whose token no longer opens (its sealing key was
 * retired): the email then tells the person to sign in and accept.
 */
export async function teamInvitationLink(notice: NoticeRecord): Promise<string | undefined> {
  const sealed = notice.details?.token_sealed;
  const hash = notice.details?.token_hash;
  if (notice.kind !== 'team_invitation' || typeof sealed !== 'string' || typeof hash !== 'string') return undefined;
  const token = openInvitationToken(sealed, hash, await teamTokenSealKey.forOpening(sealed));
  return token ? teamInvitationUrl(token) : undefined;
}
