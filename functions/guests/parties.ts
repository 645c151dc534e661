import { auditPut } from '#shared/data/audit.ts';
import { loadChildAccess, loadEventAccess } from '#shared/data/events/access.ts';
import { batchGetAll } from '#shared/data/collection.ts';
import { guestFromItem, guestKey } from '#shared/data/guests/reads.ts';
import { newChildId } from '#shared/data/ids.ts';
import { newInvitationCode } from '#shared/data/invitations/codes.ts';
import { readParty } from '#shared/data/parties/answers.ts';
import { recordPartyMembersAnswer } from '#shared/data/sub-events/answers.ts';
import { listParties as listPartyPage, partyFromItem, partyMembers } from '#shared/data/parties/records.ts';
import { writePartyChange } from '#shared/data/parties/writes.ts';
import { listQuestions } from '#shared/data/questions/records.ts';
import type { EventRecord } from '#shared/domain/events/rules.ts';
import { perPartyAnswersOf, withoutAnswers } from '#shared/domain/questions/answers.ts';
import type { QuestionRecord } from '#shared/domain/questions/definitions.ts';
import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import type { PartyRecord } from '#shared/domain/parties/rules.ts';
import { capacityRefusal } from '#shared/domain/sub-events/answers.ts';
import { ConflictError, ConflictListError, NotFoundError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { created, deleted, list, ok } from '#shared/http/responses.ts';
import { rsvpUrl } from '#shared/pages/links.ts';
import { idParam } from '#shared/schemas/common.ts';
import { createPartyBody, listPartiesQuery, partyAnswerBody, updatePartyBody } from '#shared/schemas/parties.ts';
import { presentGuest } from './present.ts';

/**
 * The party routes (docs/parties.md): a party groups guests who answer together on one link. Membership
 * is kept on both sides (the party's member_ids, each member's party_id) in one transaction, so a guest
 * is in one party at most and the party's page reads its members by key.
 */
export const presentParty = (party: PartyRecord, members?: GuestRecord[]) => ({
  id: party.id,
  event_id: party.event_id,
  name: party.name,
  seating: party.seating,
  member_ids: party.member_ids,
  ...(members ? { members: members.map(presentGuest) } : {}),
  created_at: party.created_at,
  updated_at: party.updated_at,
  version: party.version,
});

/** The guests named as members: each on this event's list (400 naming the missing ones). */
async function readMembers(eventId: string, ids: string[]): Promise<GuestRecord[]> {
  const items = ids.length ? await batchGetAll(ids.map((id) => guestKey({ event_id: eventId, id }))) : [];
  const found = new Map(items.map((item) => [String(item.id), guestFromItem(item)]));
  const missing = ids.flatMap((id, index) => (found.has(id) ? [] : [{ path: `member_ids.${index}`, message: 'No guest with this id on the event\'s list' }]));
  if (missing.length) throw new ValidationError(missing);
  return ids.map((id) => found.get(id) as GuestRecord);
}

/** 409 party_member_taken naming the guests already in another party. */
function refuseTaken(members: GuestRecord[], partyId: string | null): void {
  const taken = members.flatMap((member, index) => (member.party_id && member.party_id !== partyId ? [{ path: `member_ids.${index}`, message: 'This guest is in another party' }] : []));
  if (taken.length) throw new ConflictListError('party_member_taken', 'A guest is in one party at most: remove them from their party first.', taken);
}

/** The event's questions, read only when it has some and guests join: a joiner gives up their per_party answers (docs/questions.md). */
const questionsForJoiners = (event: EventRecord, joiners: GuestRecord[]): Promise<QuestionRecord[]> =>
  ((event.question_count ?? 0) > 0 && joiners.length > 0 ? listQuestions(event.id) : Promise.resolve([]));

/** A member as its join wrote it: in the party, its per_party answers given up. */
function joined(member: GuestRecord, partyId: string, now: string, questions: QuestionRecord[]): GuestRecord {
  const { answers: _answers, ...rest } = member;
  const kept = withoutAnswers(member.answers, Object.keys(perPartyAnswersOf(questions, member.answers)));
  return { ...rest, ...(kept ? { answers: kept } : {}), party_id: partyId, version: member.version + 1, updated_at: now };
}

const takenConflict = () => new ConflictError('party_member_taken', 'A member joined another party or left the list meanwhile; read the party and try again.');

/** POST /api/events/{id}/parties: a party with its members and its own link (the code shown once). */
export const createParty = operation({
  params: idParam,
  body: createPartyBody,
  session: 'with-first-read',
  // The answer carries the party link's code: a repeated Idempotency-Key must not make a second party.
  idempotency: 'sealed',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'guests', 'write');
    const members = await readMembers(event.id, body.member_ids);
    refuseTaken(members, null);
    const now = new Date().toISOString();
    const { code, hash } = newInvitationCode();
    const party: PartyRecord = {
      id: newChildId(event.id), event_id: event.id, name: body.name, member_ids: body.member_ids, seating: body.seating, code_hash: hash, created_at: now, updated_at: now, version: 1,
    };
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'party.created', entity_type: 'party', entity_id: party.id, at: now, subject: party.name,
      changes: [{ field: 'name', before: null, after: party.name }, { field: 'member_ids', before: null, after: party.member_ids }],
    });
    const questions = await questionsForJoiners(event, members);
    const outcome = await writePartyChange({ before: null, after: party, added: members, removed: [], alsoWrite: [audit], questions });
    if (outcome === 'event_gone') throw new NotFoundError('event');
    if (outcome !== 'saved') throw takenConflict();
    return created({ ...presentParty(party, members.map((member) => joined(member, party.id, now, questions))), invitation_code: code, rsvp_url: rsvpUrl(code) }, `/api/parties/${party.id}`);
  },
});

/** GET /api/events/{id}/parties: a page of the event's parties in creation order. */
export const listParties = operation({
  params: idParam,
  query: listPartiesQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    await loadEventAccess(caller, params.id, 'guests', 'read');
    const { parties, nextCursor } = await listPartyPage(params.id, { limit: query.limit, cursor: query.cursor });
    return list(parties.map((party) => presentParty(party)), { next_cursor: nextCursor });
  },
});

/** GET /api/parties/{id}: the party with its members (one read for the party, one for its members). */
export const getParty = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { child } = await loadChildAccess(caller, params.id, 'party', 'guests', 'read');
    const party = partyFromItem(child);
    return ok(presentParty(party, await partyMembers(party)));
  },
});

/** PUT /api/parties/{id}: name, seating or members (the whole list, in order); versioned. */
export const updateParty = operation({
  params: idParam,
  body: updatePartyBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'party', 'guests', 'write');
    const before = partyFromItem(child);
    if ((expectedVersion(request.headers, body.version) ?? before.version) !== before.version) throw new VersionConflictError();
    const current = await partyMembers(before);
    const ids = body.member_ids ?? current.map((member) => member.id);
    const wanted = body.member_ids ? await readMembers(event.id, ids) : current;
    refuseTaken(wanted, before.id);
    const now = new Date().toISOString();
    const after: PartyRecord = { ...before, name: body.name ?? before.name, seating: body.seating ?? before.seating, member_ids: ids, updated_at: now };
    const added = wanted.filter((member) => member.party_id !== before.id);
    const removed = current.filter((member) => !ids.includes(member.id));
    const changes = (['name', 'seating', 'member_ids'] as const)
      .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      .map((field) => ({ field, before: before[field], after: after[field] }));
    if (changes.length === 0) return ok(presentParty(before, current));
    const audit = auditPut({ eventId: event.id }, { actor_id: caller.userId, action: 'party.updated', entity_type: 'party', entity_id: before.id, at: now, subject: after.name, changes });
    const questions = await questionsForJoiners(event, added);
    const outcome = await writePartyChange({ before, after, added, removed, alsoWrite: [audit], questions });
    if (outcome === 'party_changed') throw new VersionConflictError();
    if (outcome === 'event_gone') throw new NotFoundError('party');
    if (outcome !== 'saved') throw takenConflict();
    return ok(presentParty({ ...after, version: before.version + 1 }, wanted.map((member) => (member.party_id === before.id ? member : joined(member, before.id, now, questions)))));
  },
});

/** DELETE /api/parties/{id}: the party and its link; its members stay on the list, in no party. */
export const deleteParty = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'party', 'guests', 'write');
    const party = partyFromItem(child);
    if ((expectedVersion(request.headers, undefined) ?? party.version) !== party.version) throw new VersionConflictError();
    const members = (await partyMembers(party)).filter((member) => member.party_id === party.id);
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'party.deleted', entity_type: 'party', entity_id: party.id, at: new Date().toISOString(), subject: party.name,
      changes: [{ field: 'party', before: { name: party.name, member_ids: party.member_ids }, after: null }],
    });
    const outcome = await writePartyChange({ before: party, after: null, added: [], removed: members, alsoWrite: [audit] });
    if (outcome === 'party_changed') throw new VersionConflictError();
    if (outcome !== 'saved') throw new NotFoundError('party');
    return deleted(party.id);
  },
});

/**
 * POST /api/parties/{id}/rsvp: a planner records a party's answer for it, to the event and to each
 * member's sub-events, as the party's own link does (shared/data/sub-events/answers.ts; the deadline binds
 * guests only).
 */
export const recordPartyAnswer = operation({
  params: idParam,
  body: partyAnswerBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadChildAccess(caller, params.id, 'party', 'guests', 'write');
    const result = await recordPartyMembersAnswer(await readParty(event.id, params.id), body, { now: new Date(), by: 'planner', actorId: caller.userId });
    if (result.outcome === 'capacity_exceeded') throw capacityRefusal(result.subEventTitles, 'The event has no seats for this party (and no waitlist to hold it).');
    if (result.outcome === 'invalid') throw new ValidationError(result.problems);
    if (result.outcome === 'closed') throw new Error('unreachable: the deadline does not bind planners');
    return ok(presentParty(result.state.party, result.state.members));
  },
});
