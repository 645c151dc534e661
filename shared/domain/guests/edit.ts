import { diffFields, type FieldChange } from '../../data/audit.ts';
import type { GuestPatch } from '../../schemas/guests.ts';
import type { Problem } from '../events/rules.ts';
import type { GuestRecord } from './rules.ts';

/**
 * Planner edits of a guest: the plus-one rules, and what a PUT changes. Decided before anything is
 * written; the seats the change takes or frees are the RSVP rules' business (../rsvp/rules.ts).
 */
type PlusOnes = Pick<GuestRecord, 'plus_one_allowed' | 'plus_one_limit' | 'plus_one_count'>;
type PlusOneInput = { plus_one_allowed?: boolean; plus_one_limit?: number; plus_one_count?: number };

/**
 * Plus-ones after an input, on top of the current guest (null for a new one). Allowed unless said
 * otherwise when a count or limit is given; the limit defaults to the count (at least 1); turning
 * plus-ones off drops the count to 0 unless a count is given, which is then a contradiction.
 */
export function resolvePlusOnes(current: PlusOnes | null, input: PlusOneInput): PlusOnes | { problem: Problem } {
  const count = input.plus_one_count ?? current?.plus_one_count ?? 0;
  const allowed = input.plus_one_allowed ?? current?.plus_one_allowed ?? (count > 0 || (input.plus_one_limit ?? 0) > 0);
  if (!allowed) {
    if ((input.plus_one_count ?? 0) > 0) {
      return { problem: { path: 'plus_one_count', message: 'This guest may not bring plus-ones (plus_one_allowed is false)' } };
    }
    return { plus_one_allowed: false, plus_one_limit: 0, plus_one_count: 0 };
  }
  if (input.plus_one_limit !== undefined && input.plus_one_limit < 1) {
    return { problem: { path: 'plus_one_limit', message: 'At least 1 when plus-ones are allowed' } };
  }
  const limit = input.plus_one_limit ?? Math.max(current?.plus_one_limit ?? 0, count, 1);
  if (count > limit) return { problem: { path: 'plus_one_count', message: `At most ${limit} plus-ones for this guest` } };
  return { plus_one_allowed: true, plus_one_limit: limit, plus_one_count: count };
}

/** Fields a PUT may change and the audit compares. */
export const editableGuestFields = [
  'name', 'email', 'phone', 'dietary_restrictions', 'special_needs', 'plus_one_allowed', 'plus_one_limit',
  'plus_one_count', 'party_name', 'notes', 'language',
] as const;

export type GuestEditPlan =
  | { outcome: 'invalid'; problems: Problem[] }
  | { outcome: 'change'; after: GuestRecord; changes: FieldChange[] };

const clearable = ['email', 'phone', 'special_needs', 'party_name', 'notes'] as const;

/** The guest after a PUT (not yet versioned or timestamped) and the field changes to audit. */
export function planGuestEdit(current: GuestRecord, patch: GuestPatch): GuestEditPlan {
  const plusOnes = resolvePlusOnes(current, patch);
  if ('problem' in plusOnes) return { outcome: 'invalid', problems: [plusOnes.problem] };
  const after: GuestRecord = { ...current, ...plusOnes };
  if (patch.name !== undefined) after.name = patch.name;
  if (patch.dietary_restrictions !== undefined) after.dietary_restrictions = patch.dietary_restrictions ?? [];
  for (const field of clearable) {
    const value = patch[field];
    if (value === null) delete after[field];
    else if (value !== undefined) after[field] = value;
  }
  if (patch.language === null) delete after.language;
  else if (patch.language !== undefined) after.language = patch.language;
  return { outcome: 'change', after, changes: diffFields(current, after, editableGuestFields) };
}
