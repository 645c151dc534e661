import { type Api, DemoApiError } from './api.ts';
import type { DemoUser } from './people.ts';

/** A demo login: the account as drawn and its access token. */
export type SignedIn = DemoUser & { id: string; token: string };

/** Registers the account, or signs in when a run before registered it (same seed, same password). */
export async function signUpOrIn(api: Api, user: DemoUser): Promise<SignedIn> {
  const { role: _role, ...registration } = user;
  try {
    const { data } = await api.call('POST', '/api/auth/register', { body: registration });
    return { ...user, id: data.user.id, token: data.access_token };
  } catch (error) {
    if (!(error instanceof DemoApiError && error.status === 409)) throw error;
    const { data } = await api.call('POST', '/api/auth/login', { body: { login: user.username, password: user.password } });
    return { ...user, id: data.user.id, token: data.access_token };
  }
}

/** An email as the SES emulator keeps it (its /store), enough to find a link in it. */
export type ReceivedEmail = { subject: string; text: string };

// Generous: the outbox may need a few runs on a loaded laptop.
const VERIFY_DEADLINE_MS = 120_000;

/**
 * Verifies the account's email like a person would: the outbox sends the verification mail, the link's
 * token is read from the mail the SES emulator received and posted to /api/auth/email/verify. An account
 * already verified (a second run) is left alone.
 */
export async function verifyEmailFromMail(
  api: Api,
  user: SignedIn,
  mail: { sendQueuedEmails: () => Promise<void>; readEmails: (address: string) => Promise<ReceivedEmail[]> },
): Promise<void> {
  const { data: profile } = await api.call('GET', '/api/auth/user', { token: user.token });
  if (profile.email_verified) return;
  const deadline = Date.now() + VERIFY_DEADLINE_MS;
  for (;;) {
    await mail.sendQueuedEmails();
    const links = (await mail.readEmails(user.email)).filter((email) => email.subject === 'Confirm your email address');
    const token = /\/verify-email\/(\S+)/.exec(links.at(-1)?.text ?? '')?.[1];
    if (token) {
      await api.call('POST', '/api/auth/email/verify', { body: { token: decodeURIComponent(token) } });
      return;
    }
    if (Date.now() > deadline) throw new Error(`No verification mail reached ${user.email} within ${VERIFY_DEADLINE_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * The planning team: the co-planner as coordinator and the assistant, each invited by the organizer by
 * their account (user_id: the organizer knows them) and accepting with their own login (joining is
 * pending until accepted; an invitation addressed to an account needs no token or verified email), and
 * one invitation of an address with no account yet, left pending: its email, with the single-use link to
 * the invitation page, is in the SES emulator's mail viewer.
 */
export async function formTeam(api: Api, eventId: string, organizer: SignedIn, members: SignedIn[], pendingEmail: string): Promise<void> {
  for (const member of members) {
    await api.call('POST', `/api/events/${eventId}/team`, { token: organizer.token, body: { user_id: member.id, role: member.role } });
    await api.call('POST', `/api/events/${eventId}/team/accept`, { token: member.token });
  }
  await api.call('POST', `/api/events/${eventId}/team`, { token: organizer.token, body: { email: pendingEmail, role: 'viewer' } });
}
