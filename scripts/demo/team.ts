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
