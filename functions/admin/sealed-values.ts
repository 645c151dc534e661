import { invitationSealKey } from '#shared/auth/invitation-code-key.ts';
import { mfaSecretKey } from '#shared/auth/mfa-secret-key.ts';
import { parseSealingKeySet, retiredSealingKeySet, retirementRefusal, type SealingKeySet } from '#shared/auth/sealing-key-set.ts';
import { forgetSealingSecret, type SealingKeys } from '#shared/auth/sealing-secret.ts';
import { teamTokenSealKey } from '#shared/auth/team-token-key.ts';
import { idempotencyKeys, secondFactorKeys } from '#shared/data/keys.ts';
import { replaceSealedValue, type SealedAttributePath, scanSealedItems } from '#shared/data/sealed-values.ts';
import { secretBinding } from '#shared/domain/accounts/second-factor.ts';
import { resealText, sealedKeyId } from '#shared/domain/sealing/sealed-text.ts';
import { answerBinding, answerSealKey } from '#shared/http/idempotency/sealed-answers.ts';

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

/**
 * Where a walk of the table stopped: the segments not finished, each with the cursor of its next page.
 * Opaque to the operator (base64url JSON), handed back to go on from there.
 */
export type ResumeToken = string;
type Progress = { of: number; segments: { index: number; cursor?: Item }[] };

const encodeProgress = (progress: Progress): ResumeToken => Buffer.from(JSON.stringify(progress)).toString('base64url');

function decodeProgress(token: ResumeToken): Progress {
  const progress = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Progress;
  if (!Number.isInteger(progress.of) || !Array.isArray(progress.segments)) throw new Error('Not a resume token of reseal-sealed-values');
  return progress;
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
export async function resealSealedValues(options: { segments?: number; resume?: ResumeToken; shouldStop?: () => boolean } = {}): Promise<ResealReport> {
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

/** Where the sealing key set is kept: Secrets Manager in AWS, a file locally. `replace` fails when the set changed since `read`. */
export type SealingKeyStore = {
  read(): Promise<{ text: string; version: string }>;
  replace(set: SealingKeySet, readVersion: string): Promise<void>;
};

export type RetireOutcome = { retired: true; kid: string; keys_left: string[] } | { retired: false; kid: string; reason: string; still_sealed?: number };

/**
 * `retire-sealing-key`: `kid` leaves the set, only when nothing sealed under it is stored (a full walk
 * of the table counts them) and it neither seals now nor did so moments ago (retirementRefusal). So no
 * stored value can lose its key: a retirement that would do that is refused.
 */
export async function retireSealingKey(kid: string, store: SealingKeyStore, options: { segments?: number; now?: Date } = {}): Promise<RetireOutcome> {
  const { text: setText, version } = await store.read();
  const set = parseSealingKeySet(setText);
  const refusal = retirementRefusal(set, kid, options.now ?? new Date());
  if (refusal) return { retired: false, kid, reason: refusal };
  let stillSealed = 0;
  await walkSealedValues(
    async ({ sealed }) => {
      if (sealedKeyId(sealed) === kid) stillSealed += 1;
    },
    { segments: options.segments ?? DEFAULT_SEGMENTS },
  );
  if (stillSealed > 0) return { retired: false, kid, reason: `${stillSealed} stored values are still sealed under ${kid}: run reseal-sealed-values first`, still_sealed: stillSealed };
  const next = retiredSealingKeySet(set, kid);
  await store.replace(next, version);
  forgetSealingSecret();
  return { retired: true, kid, keys_left: next.keys.map((key) => key.kid) };
}
