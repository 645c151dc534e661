/**
 * Why a guest's answer was refused, as a stable code with its values (docs/questions.md, "Problems and
 * their codes"): the guest's pages say it in the page's language from the code (shared/pages/guest-problems.ts),
 * never by reading the English `message`. The JSON API answers only `path` and `message` (the problem
 * document's `errors` are unchanged): a reason is carried beside a problem, not answered.
 */
export type ProblemReason =
  /** A required question left without an answer. */
  | { code: 'required' }
  /** The status (yes, no or maybe) missing or not one of them. */
  | { code: 'status_required' }
  /** A choice that is not one of the question's options (or yes / no). */
  | { code: 'not_an_option' }
  | { code: 'choose_one' }
  | { code: 'no_longer_offered' }
  | { code: 'yes_or_no' }
  | { code: 'not_a_number' }
  | { code: 'not_a_text' }
  | { code: 'text_too_long'; max: number }
  | { code: 'number_too_small'; min: number }
  | { code: 'number_too_large'; max: number }
  | { code: 'too_many_items'; max: number }
  /** A question or sub-event that is not on this invitation (the same words for one that does not exist). */
  | { code: 'not_on_invitation' }
  /** A party member answering a per_party question, answered once for the party. */
  | { code: 'party_question' }
  /** The party answering a question asked of each member. */
  | { code: 'member_question' }
  | { code: 'too_many_plus_ones'; max: number }
  | { code: 'plus_ones_mismatch' }
  /** Anything else: the field is named, the words are generic. */
  | { code: 'invalid' };

export type ProblemCode = ProblemReason['code'];

/** Every code, in one list: the catalogues' completeness test walks it. */
export const problemCodes = [
  'required', 'status_required', 'not_an_option', 'choose_one', 'no_longer_offered', 'yes_or_no', 'not_a_number', 'not_a_text', 'text_too_long',
  'number_too_small', 'number_too_large', 'too_many_items', 'not_on_invitation', 'party_question', 'member_question', 'too_many_plus_ones', 'plus_ones_mismatch', 'invalid',
] as const satisfies readonly ProblemCode[];
