import * as z from 'zod';
import type { Language } from '../i18n/languages.ts';
import { type GuestRecord, normalizeDietary, rsvpStatuses } from '../domain/guests/rules.ts';
import { resolvePlusOnes } from '../domain/guests/edit.ts';
import { email, foldSort, idParam, languageInput, pageQuery, phone, sortParams, text } from './common.ts';

/**
 * What the guest routes accept. Read-only fields (id, rsvp_status, codes, counters, timestamps) are not
 * in these schemas, so zod drops them. `household`/`party` are aliases of `party_name`.
 */
export const guestLimits = {
  name: 200, partyName: 200, specialNeeds: 1000, notes: 2000, restriction: 60, restrictions: 20, plusOnes: 20, perRequest: 1000,
} as const;

/** A list (`["vegan", "no nuts"]`) or one text with commas or semicolons (`vegan; no nuts`). */
export const dietaryInput = z
  .union([z.array(z.string()), z.string()])
  .transform((value) => (Array.isArray(value) ? value : value.split(/[,;]/)))
  .pipe(z.array(z.string().trim().max(guestLimits.restriction)).max(guestLimits.restrictions))
  .transform(normalizeDietary);

export const plusOneCountInput = z.number().int().min(0).max(guestLimits.plusOnes);

const guestFields = {
  name: text(guestLimits.name, 1),
  email: email.nullish(),
  phone: phone.nullish(),
  dietary_restrictions: dietaryInput.nullish(),
  special_needs: text(guestLimits.specialNeeds).nullish(),
  plus_one_allowed: z.boolean().optional(),
  plus_one: z.boolean().optional().meta({ description: 'Alias of plus_one_allowed (the original spec): true allows one plus-one seat unless plus_one_limit says more' }),
  plus_one_limit: plusOneCountInput.optional(),
  plus_one_count: plusOneCountInput.optional(),
  party_name: text(guestLimits.partyName).nullish(),
  household: text(guestLimits.partyName).nullish(),
  party: text(guestLimits.partyName).nullish(),
  notes: text(guestLimits.notes).nullish(),
  language: languageInput.nullish().meta({ description: 'The language of this guest\'s emails and RSVP page (en, fr, de, es); absent or null: the event\'s default_language' }),
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** A new guest, ready to store once it has an id and a code. */
export type GuestDraft = Pick<
  GuestRecord,
  'name' | 'email' | 'phone' | 'dietary_restrictions' | 'special_needs' | 'plus_one_allowed' | 'plus_one_limit' | 'plus_one_count' | 'party_name' | 'notes' | 'language'
>;

/** One new guest (POST body entry, CSV row). Plus-one problems are listed with the field problems. */
/** `plus_one` is the original spec's name of `plus_one_allowed`; the model's name wins when both are sent. */
const foldPlusOne = <T extends { plus_one?: boolean; plus_one_allowed?: boolean }>({ plus_one, ...guest }: T): Omit<T, 'plus_one'> => ({
  ...guest,
  plus_one_allowed: guest.plus_one_allowed ?? plus_one,
});

export const newGuestInput = z
  .object(guestFields)
  .superRefine((guest, payload) => {
    const resolved = resolvePlusOnes(null, foldPlusOne(guest));
    if ('problem' in resolved) payload.addIssue({ code: 'custom', path: [resolved.problem.path], message: resolved.problem.message });
  }, { when: (payload) => isPlainObject(payload.value) })
  .transform((guest): GuestDraft => {
    const plusOnes = resolvePlusOnes(null, foldPlusOne(guest));
    if ('problem' in plusOnes) throw new Error('unreachable: plus-ones were checked above');
    return {
      name: guest.name,
      email: orUndefined(guest.email),
      phone: orUndefined(guest.phone),
      dietary_restrictions: guest.dietary_restrictions ?? [],
      special_needs: orUndefined(guest.special_needs),
      ...plusOnes,
      party_name: orUndefined(guest.party_name ?? guest.household ?? guest.party),
      notes: orUndefined(guest.notes),
      language: orUndefined(guest.language),
    };
  });

/** POST /api/events/{id}/guests: `{guest_list: [...]}` or one guest object. */
export const addGuestsBody = z.preprocess(
  (body) => {
    if (!isPlainObject(body) || 'guest_list' in body) return body;
    const { send_invitations, ...guest } = body;
    return { guest_list: [guest], send_invitations };
  },
  z.object({
    guest_list: z.array(newGuestInput).min(1, 'Give at least one guest').max(guestLimits.perRequest, `At most ${guestLimits.perRequest} guests per request`),
    send_invitations: z.boolean().optional(),
  }),
);
export type AddGuestsBody = z.output<typeof addGuestsBody>;

/** A change to a guest: absent leaves a field as it is, null clears an optional one. */
export type GuestPatch = {
  name?: string;
  email?: string | null;
  phone?: string | null;
  dietary_restrictions?: string[] | null;
  special_needs?: string | null;
  plus_one_allowed?: boolean;
  plus_one_limit?: number;
  plus_one_count?: number;
  party_name?: string | null;
  notes?: string | null;
  language?: Language | null;
  version?: number;
};

/** PUT /api/guests/{id}. */
export const updateGuestBody = z
  .object({ ...guestFields, name: guestFields.name.optional(), version: z.number().int().min(1).optional() })
  .transform(({ household, party, party_name, ...patch }): GuestPatch => ({
    ...foldPlusOne(patch),
    party_name: party_name !== undefined ? party_name : household !== undefined ? household : party,
  }));

export const guestSorts = ['created_at', 'name'] as const;
export type GuestSort = (typeof guestSorts)[number];

/**
 * A filter the guest list no longer offers (issue 15: no index serves it at the cost of a page): a 400
 * naming it, never silently ignored.
 */
const droppedFilter = (instead: string) =>
  z
    .string()
    .optional()
    .refine((value) => value === undefined, `No longer a filter of the guest list (it cannot be served a page at a time); ${instead}`)
    .meta({ deprecated: true, description: `Refused with 400 since 0.5.0; ${instead}` });

const { sort: guestSort, order: guestOrder } = sortParams(guestSorts, 'created_at');

/**
 * GET /api/events/{id}/guests. `rsvp_status` and `q` list by name (the orders an index serves a page at a
 * time), so their default sort is `name` and `sort=created_at` with them is a 400.
 */
export const listGuestsQuery = pageQuery
  .extend({
    rsvp_status: z.enum(rsvpStatuses).optional().meta({ description: 'Only guests with this answer, by name' }),
    q: text(200, 1).optional().meta({ description: 'Guests whose name starts with this (case and accents ignored: `emi` finds Émilie), by name' }),
    invited: droppedFilter('each guest carries invitation_sent, and GET /api/events/{id}/invitations lists who was invited'),
    dietary: droppedFilter('each guest carries dietary_restrictions, and meta.dietary_summary counts them'),
    sort: guestSort.unwrap().optional().meta({ description: 'created_at (the default without a filter) or name (the default, and the only order, with rsvp_status or q); a leading - sorts descending (sort=-name)' }),
    order: guestOrder,
    party: z.string().trim().min(1).max(64).optional().meta({ description: "Only this party's members, in the party's order, on one page (docs/parties.md); with rsvp_status, only those with that answer" }),
  })
  .transform((query, ctx) => {
    if (query.party !== undefined && (query.q !== undefined || query.sort !== undefined || query.cursor !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['party'], message: "party lists the party's members in its order on one page: leave out q, sort and cursor" });
    }
    const filtered = query.rsvp_status !== undefined || query.q !== undefined;
    const folded = foldSort(guestSorts, { ...query, sort: query.sort ?? (filtered ? 'name' : 'created_at') }, ctx);
    if (filtered && folded.sort !== 'name') ctx.addIssue({ code: 'custom', path: ['sort'], message: 'rsvp_status and q list guests by name: use sort=name or leave sort out' });
    return folded;
  });
export type ListGuestsQuery = z.output<typeof listGuestsQuery>;

/** GET /api/events/{id}/guests/imports/{jobId}. */
export const guestImportParams = idParam.extend({ jobId: z.string().trim().min(1).max(64) });

/** POST /api/events/{id}/guests/import: the raw CSV text (the body middleware checks its media type). */
export const csvBody = z.string().min(1, 'The CSV file is empty');
