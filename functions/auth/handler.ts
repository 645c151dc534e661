import { httpGroup, operation, publicOperation } from '#shared/http/group.ts';
import { accepted, created, deleted, list, ok } from '#shared/http/responses.ts';
import { changeEmailBody, changePasswordBody, deleteAccountBody, endSessionBody, forgotPasswordBody, loginBody, mfaConfirmBody, mfaEnrolmentBody, mfaLoginBody, mfaOwnerProofBody, refreshBody, registerBody, resetPasswordBody, revokeAllSessionsBody, sessionParams, verifyEmailBody } from '#shared/schemas/auth.ts';
import { preferencesBody } from '#shared/schemas/notifications.ts';
import { currentUserProfile, registerAccount, updateEmailPreferences } from './account.ts';
import { changePassword, forgotPassword, resetPassword, revokeAllSessions } from './passwords.ts';
import { forwardPasswordResetForm, openPasswordResetLink, showPasswordResetPage, submitPasswordResetPage } from './reset-page.ts';
import { endSession, listSessions } from './session-control.ts';
import { deleteAccount } from './delete-account.ts';
import { changeEmail, resendVerification, verifyEmail } from './email.ts';
import { confirmEnrolment, disableSecondFactor, regenerateRecoveryCodes, secondFactorStatus, startEnrolment } from './second-factor.ts';
import { refreshTokens, signIn, signInWithSecondFactor, signOut } from './sign-in.ts';
import { forwardVerifyEmailForm, openVerifyEmailLink, showVerifyEmailPage, submitVerifyEmailPage } from './verify-page.ts';
import { issueRealtimeTicket } from '#shared/realtime/tickets.ts';

/**
 * The auth group: register, login (and its second step), refresh, logout, the signed-in user and its
 * deletion, the second factor, password change and reset (with the reset page a mail links to), the session
 * list, ending one session, signing out everywhere, and the WebSocket connect ticket (routes in shared/routes.ts).
 */
export const handler = httpGroup('auth', {
  register: publicOperation({
    body: registerBody,
    // The Idempotency-Key is not replayed (the answer holds tokens) but recognises a repeat: registerAccount.
    handle: async ({ body, request }) =>
      created(await registerAccount(body, { sourceIp: request.sourceIp, idempotencyKey: request.headers['idempotency-key'], userAgent: request.headers['user-agent'] }), '/api/auth/user'),
  }),

  login: publicOperation({
    body: loginBody,
    handle: async ({ body, request }) => ok(await signIn(body, request.sourceIp, new Date(), request.headers['user-agent'])),
  }),

  loginWithSecondFactor: publicOperation({
    body: mfaLoginBody,
    handle: async ({ body, request }) => ok(await signInWithSecondFactor(body, request.sourceIp, new Date(), request.headers['user-agent'])),
  }),

  refresh: publicOperation({
    body: refreshBody,
    handle: async ({ body }) => ok(await refreshTokens(body.refresh_token)),
  }),

  logout: operation({
    // A repeat's token is refused once the session has ended, so there is no first answer to replay.
    idempotency: 'not-stored',
    handle: async ({ caller }) => {
      await signOut(caller);
      return ok({ logged_out: true });
    },
  }),

  currentUser: operation({
    // The session is checked in the same BatchGetItem that reads the user.
    session: 'with-first-read',
    handle: async ({ caller }) => ok(await currentUserProfile(caller)),
  }),

  deleteAccount: operation({
    body: deleteAccountBody,
    handle: async ({ body, caller, request }) => ok(await deleteAccount(caller, body, { sourceIp: request.sourceIp, log: request.log })),
  }),

  updatePreferences: operation({
    body: preferencesBody,
    handle: async ({ body, caller }) => ok(await updateEmailPreferences(caller, body)),
  }),

  changePassword: operation({
    body: changePasswordBody,
    handle: async ({ body, caller, request }) => ok(await changePassword(caller, body, request.sourceIp)),
  }),

  listSessions: operation({
    handle: async ({ caller }) => list(await listSessions(caller), { next_cursor: null }),
  }),

  endSession: operation({
    params: sessionParams,
    body: endSessionBody,
    handle: async ({ params, body, caller, request }) => {
      await endSession(caller, params.session_id, body, request.sourceIp);
      return deleted(params.session_id);
    },
  }),

  revokeAllSessions: operation({
    // Ends the caller's own session too: a repeat's token is refused, so there is no first answer to replay.
    idempotency: 'not-stored',
    body: revokeAllSessionsBody,
    handle: async ({ body, caller, request }) => ok(await revokeAllSessions(caller, body, request.sourceIp)),
  }),

  getSecondFactor: operation({
    handle: async ({ caller }) => ok(await secondFactorStatus(caller)),
  }),

  startMfaEnrolment: operation({
    body: mfaEnrolmentBody,
    // The answer holds the secret, which is kept nowhere but sealed in the factor; a repeat starts afresh.
    idempotency: 'not-stored',
    handle: async ({ body, caller, request }) => ok(await startEnrolment(caller, body, request.sourceIp)),
  }),

  confirmMfaEnrolment: operation({
    body: mfaConfirmBody,
    // The recovery codes are stored hashed only, never in an answer kept for replay.
    idempotency: 'not-stored',
    handle: async ({ body, caller }) => ok(await confirmEnrolment(caller, body)),
  }),

  disableMfa: operation({
    body: mfaOwnerProofBody,
    handle: async ({ body, caller, request }) => ok(await disableSecondFactor(caller, body, request.sourceIp)),
  }),

  regenerateRecoveryCodes: operation({
    body: mfaOwnerProofBody,
    idempotency: 'not-stored',
    handle: async ({ body, caller, request }) => ok(await regenerateRecoveryCodes(caller, body, request.sourceIp)),
  }),

  forgotPassword: publicOperation({
    body: forgotPasswordBody,
    handle: async ({ body, request }) => accepted(await forgotPassword(body, request.sourceIp)),
  }),

  resetPassword: publicOperation({
    body: resetPasswordBody,
    handle: async ({ body }) => ok(await resetPassword(body.token, body.new_password)),
  }),

  openPasswordResetLink,
  forwardPasswordResetForm,
  showPasswordResetPage,
  submitPasswordResetPage,

  verifyEmail: publicOperation({
    body: verifyEmailBody,
    handle: async ({ body }) => ok(await verifyEmail(body.token)),
  }),

  resendVerification: operation({
    // A repeat within a minute meets the resend limit instead (its contract says why).
    idempotency: 'not-stored',
    handle: async ({ caller }) => accepted(await resendVerification(caller)),
  }),

  issueRealtimeTicket: operation({
    // A ticket works once: a replayed answer would hand out a used one (its contract says why).
    idempotency: 'not-stored',
    handle: async ({ caller }) => ok(await issueRealtimeTicket(caller)),
  }),

  changeEmail: operation({
    body: changeEmailBody,
    handle: async ({ body, caller, request }) => accepted(await changeEmail(caller, body, request.sourceIp)),
  }),

  openVerifyEmailLink,
  forwardVerifyEmailForm,
  showVerifyEmailPage,
  submitVerifyEmailPage,
});
