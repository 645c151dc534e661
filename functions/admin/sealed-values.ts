import * as z from 'zod';
import { invitationSealKey } from '#shared/auth/invitation-code-key.ts';
import { mfaSecretKey } from '#shared/auth/mfa-secret-key.ts';
import { parseSealingKeySet, retiredSealingKeySet, retirementRefusal } from '#shared/auth/sealing-key-set.ts';
import { forgetSealingSecret, type SealingKeys } from '#shared/auth/sealing-secret.ts';
import { teamTokenSealKey } from '#shared/auth/team-token-key.ts';
import { idempotencyKeys, secondFactorKeys } from '#shared/data/keys.ts';
import { replaceSealedValue, type SealedAttributePath, scanSealedItems } from '#shared/data/sealed-values.ts';
import { secretBinding } from '#shared/domain/accounts/second-factor.ts';
import { resealText, sealedKeyId } from '#shared/domain/sealing/sealed-text.ts';
import { answerBinding, answerSealKey } from '#shared/http/idempotency/sealed-answers.ts';
import type { SealingKeyStore } from './sealing-key-store.ts';

/**
 * The operator's half of the sealing keys' lifecycle (docs/token-keys.md, "The sealing keys"): a
 * rotation makes a new key seal; `reseal-sealed-values` re-seals every stored value under it, so an
 * older key holds nothing any more; `retire-sealing-key` then takes that key out of the set, and refuses
 * while anything sealed under it is stored. Run by `npm run admin` (scripts/admin.ts) and, in AWS, by the
 * admin function (./handler.ts). Both walk the table with a parallel Scan (shared/data/sealed-values.ts):
 * operator-run only, never in a request or scheduled path.
 */
type Item = Record<string, unknown>;

/** Scan segments read in parallel: a few, so the walk does not take the table's whole read capacity. */
const DEFAULT_SEGMENTS = 4;
/** More would take the table's whole read capacity from the API while the walk runs. */
export const MAX_SEGMENTS = 32;

/** Where sealed values are stored, under which use's keys, and what each is bound to (null: this item holds none). */
type SealedField = { path: SealedAttributePath; keys: SealingKeys; boundTo: (item: Item) => string | null };

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const keyOf = (item: Item) => ({ pk: String(item.pk), sk: String(item.sk) });
const factorBinding = (item: Item) => {
  const userId = secondFactorKeys.userOfFactor(keyOf(item));
  return userId === null ? null : secretBinding(userId);
};

const sealedFields: SealedField[] = [
  { path: ['code_sealed'], keys: invitationSealKey, boundTo: (item) => (item.type === 'guest' ? text(item.id) : null) },
  { path: ['secret_sealed'], keys: mfaSecretKey, boundTo: factorBinding },
  { path: ['pending_secret_sealed'], keys: mfaSecretKey, boundTo: factorBinding },
  { path: ['details', 'token_sealed'], keys: teamTokenSealKey, boundTo: (item) => (item.type === 'notice' ? text((item.details as Item | undefined)?.token_hash) : null) },
  {
    path: ['response', 'body'],
    keys: answerSealKey,
    boundTo: (item) => {
      const parts = idempotencyKeys.partsOf(keyOf(item));
      return parts && (item.response as Item | undefined)?.sealed === true ? answerBinding(parts.callerId, parts.key) : null;
    },
  },
];

const valueAt = (item: Item, path: SealedAttributePath): string | null => {
  let value: unknown = item;
  for (const name of path) value = value !== null && typeof value === 'object' ? (value as Item)[name] : undefined;
  return text(value);
};

type SealedValue = { item: Item; field: SealedField; sealed: string; boundTo: string };

/** How many Scan segments to read in parallel, and when to stop between pages (the admin function's time is running out). */
export type WalkOptions = { segments?: number; shouldStop?: () => boolean };

/**
 * Where a walk of the table stopped: the segments not finished, each with the cursor of its next page.
 * Opaque to the operator (base64url JSON), handed back to go on from there.
 */
export type ResumeToken = string;
const progressSchema = z.strictObject({
  of: z.number().int().min(1).max(MAX_SEGMENTS),
  segments: z.array(z.strictObject({ index: z.number().int().min(0), cursor: z.record(z.string(), z.unknown()).optional() })),
});
type Progress = z.infer<typeof progressSchema>;

const encodeProgress = (progress: Progress): ResumeToken => Buffer.from(JSON.stringify(progress)).toString('base64url');

function decodeProgress(token: ResumeToken): Progress {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const progress = progressSchema.safeParse(parsed);
  if (!progress.success) throw new Error('Not a resume token of reseal-sealed-values: pass the `resume` of its last answer as it was');
  return progress.data;
}

/**
 * Every sealed value of the table, segment by segment in parallel, handed to `visit` one page at a time.
 * Stops between pages once `shouldStop` says so (the admin function's time is running out), answering
 * where to go on from; undefined when the walk is complete.
 */
async function walkSealedValues(
  visit: (value: SealedValue) => Promise<void>,
  options: { segments: number; resume?: ResumeToken; shouldStop?: () => boolean },
): Promise<ResumeToken | undefined> {
  const progress: Progress = options.resume ? decodeProgress(options.resume) : { of: options.segments, segments: Array.from({ length: options.segments }, (_, index) => ({ index })) };
  const left = await Promise.all(
    progress.segments.map(async ({ index, cursor }) => {
      let startKey = cursor;
      do {
        if (options.shouldStop?.()) return { index, cursor: startKey };
        const page = await scanSealedItems({ index, of: progress.of }, startKey);
        for (const item of page.items) {
          for (const field of sealedFields) {
            const sealed = valueAt(item, field.path);
            const boundTo = sealed === null ? null : field.boundTo(item);
            if (sealed !== null && boundTo !== null) await visit({ item, field, sealed, boundTo });
          }
        }
        startKey = page.next;
      } while (startKey);
      return null;
    }),
  );
  const unfinished = left.filter((segment) => segment !== null);
  return unfinished.length > 0 ? encodeProgress({ of: progress.of, segments: unfinished }) : undefined;
}

export type ResealReport = {
  /** Re-sealed under the current key by a conditional write. */
  resealed: number;
  /** Sealed under the current key already (a second run finds only these). */
  already_current: number;
  /** Changed between the read and the write (the new value was sealed by its writer): left as it is. */
  changed_meanwhile: number;
  /** Did not open (its key is gone, or the value was altered): left as it is, and it keeps its key from retiring. */
  unopenable: number;
  current_kid: string;
  /** Present when the walk stopped before the end: hand it back as `resume` to go on. */
  resume?: ResumeToken;
};

/**
 * `reseal-sealed-values`: every stored sealed value re-sealed under the current key. Idempotent (what is
 * current is skipped) and resumable (from the answer's `resume`). Run it once every container seals
 * under the new key (SEALING_KEY_HANDOVER_MS after the rotation); a value a container still sealed under
 * the old one afterwards keeps that key from retiring, and a second run re-seals it.
 */
export async function resealSealedValues(options: WalkOptions & { resume?: ResumeToken } = {}): Promise<ResealReport> {
  // The set as it is now, not as this container read it up to 5 minutes ago.
  forgetSealingSecret();
  const counts = { resealed: 0, already_current: 0, changed_meanwhile: 0, unopenable: 0 };
  const currentKid = (await invitationSealKey.forSealing()).current.kid;
  const resume = await walkSealedValues(
    async ({ item, field, sealed, boundTo }) => {
      const outcome = resealText(sealed, boundTo, await field.keys.forOpening(sealed));
      if (outcome === 'current') counts.already_current += 1;
      else if (outcome === 'unopenable') counts.unopenable += 1;
      else if (await replaceSealedValue(keyOf(item), field.path, sealed, outcome.resealed)) counts.resealed += 1;
      else counts.changed_meanwhile += 1;
    },
    { segments: options.segments ?? DEFAULT_SEGMENTS, resume: options.resume, shouldStop: options.shouldStop },
  );
  return { ...counts, current_kid: currentKid, ...(resume ? { resume } : {}) };
}

export type RetireOutcome = { retired: true; kid: string; keys_left: string[] } | { retired: false; kid: string; reason: string; still_sealed?: number };

/**
 * `retire-sealing-key`: `kid` leaves the set, only when nothing sealed under it is stored (a full walk
 * of the table counts them) and it neither seals now nor did so moments ago (retirementRefusal). So no
 * stored value can lose its key: a retirement that would do that is refused.
 */
export async function retireSealingKey(kid: string, store: SealingKeyStore, options: WalkOptions & { now?: Date } = {}): Promise<RetireOutcome> {
  const { text: setText, version } = await store.read();
  const set = parseSealingKeySet(setText);
  const refusal = retirementRefusal(set, kid, options.now ?? new Date());
  if (refusal) return { retired: false, kid, reason: refusal };
  let stillSealed = 0;
  const unfinished = await walkSealedValues(
    async ({ sealed }) => {
      if (sealedKeyId(sealed) === kid) stillSealed += 1;
    },
    { segments: options.segments ?? DEFAULT_SEGMENTS, shouldStop: options.shouldStop },
  );
  if (stillSealed > 0) return { retired: false, kid, reason: `${stillSealed} stored values are still sealed under ${kid}: run reseal-sealed-values first`, still_sealed: stillSealed };
  if (unfinished) return { retired: false, kid, reason: 'The walk of the table stopped before its end (time ran out), so it cannot tell that nothing is sealed under the key' };
  const next = retiredSealingKeySet(set, kid);
  await store.replace(next, version);
  forgetSealingSecret();
  return { retired: true, kid, keys_left: next.keys.map((key) => key.kid) };
}
