import { mfaSecretKey } from '#shared/auth/mfa-secret-key.ts';
import type { Caller } from '#shared/auth/tokens.ts';
import {
  type EnabledSecondFactor,
  enableSecondFactor,
  getSecondFactor,
  isEnabled,
  removeSecondFactor,
  replaceRecoveryCodes,
  savePendingEnrolment,
} from '#shared/data/accounts/second-factor.ts';
import { auditPut } from '#shared/data/audit.ts';
import { deleteUserSessions } from '#shared/data/sessions.ts';
import {
  ENROLMENT_TTL_SECONDS,
  matchingTimeStep,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  recoveryCodeHash,
  secretBinding,
} from '#shared/domain/accounts/second-factor.ts';
import { sealText } from '#shared/domain/sealing/sealed-text.ts';
import { ConflictError, ForbiddenError } from '#shared/http/errors.ts';
import type { MfaConfirmBody, MfaEnrolmentBody, MfaOwnerProofBody } from '#shared/schemas/auth.ts';
import { securityEvent } from '#shared/security/events.ts';
import { ownerWithPassword, secondFactorProved } from './reauthentication.ts';
import { openTotpSecret } from './second-factor-proof.ts';

/**
 * The owner's second factor (docs/mfa.md): its state, enrolment (start with the password, confirm with a
 * first code), turning it off and new recovery codes (each with the password and a code). Every password
 * here is checked under the sign-in backoff (reauthentication.ts).
 */
const alreadyEnabled = () => new ConflictError('mfa_already_enabled', 'A second factor is already enabled; turn it off first to set up another.');
const notEnabled = () => new ConflictError('mfa_not_enabled', 'The account has no second factor enabled.');
const changedMeanwhile = () => new ConflictError('conflict', 'The second factor changed meanwhile; read it again.');

export type SecondFactorStatus = { enabled: boolean; enabled_at: string | null; recovery_codes_left: number; enrolment_pending: boolean };

/** GET /api/auth/mfa. */
export async function secondFactorStatus(caller: Caller, now = new Date()): Promise<SecondFactorStatus> {
  const factor = await getSecondFactor(caller.userId);
  const enabled = isEnabled(factor);
  return {
    enabled,
    enabled_at: enabled ? factor.enabled_at : null,
    recovery_codes_left: enabled ? (factor.recovery_hashes?.size ?? 0) : 0,
    enrolment_pending: !enabled && factor?.pending_expires_at !== undefined && factor.pending_expires_at > now.toISOString(),
  };
}

/**
 * The QR code of the otpauth URI as an SVG data URL (an <img src> shows it). Loaded only here, so it stays
 * out of the cold start; from qrcode's browser build, which renders SVG without bundling a PNG writer.
 */
async function qrCodeDataUrl(uri: string): Promise<string> {
  const { toString } = await import('qrcode/lib/browser.js');
  const svg = await toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * POST /api/auth/mfa/totp: a new secret, sealed into the account's pending enrolment (a previous
 * unconfirmed one is replaced). The answer is the only time the secret leaves the API.
 */
export async function startEnrolment(caller: Caller, body: MfaEnrolmentBody, sourceIp: string, now = new Date()) {
  const user = await ownerWithPassword(caller.userId, body.current_password, { sourceIp, now });
  const secret = newTotpSecret();
  const expiresAt = new Date(now.getTime() + ENROLMENT_TTL_SECONDS * 1000);
  if (!(await savePendingEnrolment(user.id, sealText(secret, secretBinding(user.id), await mfaSecretKey.forSealing()), expiresAt))) throw alreadyEnabled();
  const uri = otpauthUri(secret, user.username);
  return { secret, otpauth_uri: uri, qr_code: await qrCodeDataUrl(uri), expires_at: expiresAt.toISOString() };
}

/**
 * POST /api/auth/mfa/totp/confirm: the app's first code turns the factor on (its step counts as used),
 * with ten recovery codes shown this once and stored only hashed. Every other session of the account
 * ends: they signed in without the factor. This one goes on (its owner just proved both).
 */
export async function confirmEnrolment(caller: Caller, body: MfaConfirmBody, now = new Date()) {
  const factor = await getSecondFactor(caller.userId);
  if (isEnabled(factor)) throw alreadyEnabled();
  const pending = factor?.pending_secret_sealed;
  if (!pending || !factor.pending_expires_at || factor.pending_expires_at <= now.toISOString()) {
    throw new ConflictError('no_mfa_enrolment', 'No set-up is waiting for its first code (or it expired); start it again.');
  }
  const step = matchingTimeStep(await openTotpSecret(caller.userId, pending), body.code, now);
  if (step === null) throw new ForbiddenError('The code is not right; check the app shows this account and that the phone\'s clock is right.', 'invalid_mfa_code');
  const codes = newRecoveryCodes();
  const at = now.toISOString();
  const audit = auditPut({ userId: caller.userId }, { actor_id: caller.userId, action: 'mfa.enabled', entity_type: 'user', entity_id: caller.userId, changes: [], at });
  const enabled = await enableSecondFactor({ userId: caller.userId, pendingSealed: pending, step, recoveryHashes: codes.map((code) => recoveryCodeHash(caller.userId, code)), at }, audit);
  if (!enabled) throw changedMeanwhile();
  securityEvent('mfa.enabled', { user_id: caller.userId, session_id: caller.sessionId });
  return { mfa_enabled: true as const, recovery_codes: codes, other_sessions_ended: await deleteUserSessions(caller.userId, caller.sessionId) };
}

/** The password (under the sign-in backoff), then a second factor, for a change to the factor itself: 403 when either is wrong. */
async function ownerWithSecondFactor(caller: Caller, body: MfaOwnerProofBody, context: { now: Date; sourceIp: string }): Promise<EnabledSecondFactor> {
  await ownerWithPassword(caller.userId, body.current_password, context);
  const factor = await getSecondFactor(caller.userId);
  if (!isEnabled(factor)) throw notEnabled();
  await secondFactorProved(caller.userId, factor, body, { ...context, sessionId: caller.sessionId });
  return factor;
}

/** POST /api/auth/mfa/disable: the factor and its recovery codes are deleted; sign-in is by password alone again. */
export async function disableSecondFactor(caller: Caller, body: MfaOwnerProofBody, sourceIp: string, now = new Date()) {
  const factor = await ownerWithSecondFactor(caller, body, { now, sourceIp });
  const audit = auditPut({ userId: caller.userId }, { actor_id: caller.userId, action: 'mfa.disabled', entity_type: 'user', entity_id: caller.userId, changes: [], at: now.toISOString() });
  if (!(await removeSecondFactor(caller.userId, factor.enabled_at, audit))) throw changedMeanwhile();
  securityEvent('mfa.disabled', { user_id: caller.userId, session_id: caller.sessionId });
  return { mfa_enabled: false as const };
}

/** POST /api/auth/mfa/recovery-codes: ten new recovery codes, shown this once; the old ones stop working. */
export async function regenerateRecoveryCodes(caller: Caller, body: MfaOwnerProofBody, sourceIp: string, now = new Date()) {
  const factor = await ownerWithSecondFactor(caller, body, { now, sourceIp });
  const codes = newRecoveryCodes();
  const audit = auditPut({ userId: caller.userId }, { actor_id: caller.userId, action: 'mfa.recovery_codes_replaced', entity_type: 'user', entity_id: caller.userId, changes: [], at: now.toISOString() });
  if (!(await replaceRecoveryCodes(caller.userId, factor.enabled_at, codes.map((code) => recoveryCodeHash(caller.userId, code)), audit))) throw changedMeanwhile();
  securityEvent('mfa.recovery_codes_replaced', { user_id: caller.userId, session_id: caller.sessionId });
  return { recovery_codes: codes };
}
