import { auditPut, diffFields } from '#shared/data/audit.ts';
import { loadChildAccess, loadEventAccess } from '#shared/data/events/access.ts';
import { newChildId } from '#shared/data/ids.ts';
import { listSubEvents } from '#shared/data/sub-events/records.ts';
import { createQuestion, deleteUnansweredQuestion, listQuestions, questionFromItem, saveQuestionChange } from '#shared/data/questions/records.ts';
import type { EventRecord } from '#shared/domain/events/rules.ts';
import { amountProblem, toMinorUnits } from '#shared/domain/money.ts';
import { inPageOrder, MAX_QUESTIONS_PER_EVENT, type QuestionInput, type QuestionRecord, planQuestion } from '#shared/domain/questions/definitions.ts';
import { presentQuestion, questionSummaryCsv } from '#shared/domain/questions/summary.ts';
import { inScheduleOrder } from '#shared/domain/sub-events/rules.ts';
import { ConflictError, ConflictListError, NotFoundError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { created, deleted, list, ok, text } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { createQuestionBody, updateQuestionBody } from '#shared/schemas/questions.ts';

/**
 * The custom RSVP questions of an event (docs/questions.md): the guest-list area's read and write rights
 * govern them. An edit that would orphan answers already given is refused with 409 answers_affected,
 * naming how many answers and which options or kind.
 */
const auditedFields = ['kind', 'label', 'required', 'audience', 'options', 'position', 'sub_event_id'];

const unknownSubEvent = () => new ValidationError([{ path: 'sub_event_id', message: 'No such sub-event in this event' }]);

/** A named sub-event must exist (the write checks it again in its transaction). */
async function checkSubEvent(event: EventRecord, subEventId: string | null | undefined) {
  if (!subEventId) return;
  const subEvents = (event.sub_event_count ?? 0) > 0 ? await listSubEvents(event.id) : [];
  if (!subEvents.some((subEvent) => subEvent.id === subEventId)) throw unknownSubEvent();
}

/** Prices in the event's currency, checked before planning: all problems at once. */
function checkPrices(input: QuestionInput, event: EventRecord) {
  const problems = (input.options ?? []).flatMap((option, index) => {
    const problem = option.price === undefined ? null : amountProblem(option.price, event.currency);
    return problem ? [{ path: `options.${index}.price`, message: problem }] : [];
  });
  if (problems.length > 0) throw new ValidationError(problems);
}

const planContext = (event: EventRecord, id: string, position: number) => ({
  id, eventId: event.id, now: new Date().toISOString(), position, toMinor: (major: number) => toMinorUnits(major, event.currency) ?? 0,
});

const auditOf = (event: EventRecord, actorId: string, action: string, before: QuestionRecord | null, after: QuestionRecord | null) =>
  auditPut({ eventId: event.id }, {
    actor_id: actorId, action, entity_type: 'question', entity_id: (after ?? before)?.id ?? '',
    changes: diffFields(before ?? {}, after ?? {}, auditedFields), at: new Date().toISOString(),
  });

const answersAffected = (affected: number, problems: { path: string; message: string }[]) =>
  new ConflictListError('answers_affected', `This change would affect ${affected} answer${affected === 1 ? '' : 's'} already given; nothing was changed.`, problems);

/** GET /api/events/{id}/questions: the questions in page order with their counts (the caterer's list). */
export const listEventQuestions = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'guests', 'read');
    const questions = inPageOrder(await listQuestions(event.id)).map((question) => presentQuestion(question, event.currency));
    return list(questions, { next_cursor: null });
  },
});

/** GET /api/events/{id}/questions/export: the counts per option as CSV. */
export const exportQuestionSummary = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'guests', 'read');
    const [questions, subEvents] = await Promise.all([listQuestions(event.id), (event.sub_event_count ?? 0) > 0 ? listSubEvents(event.id) : []]);
    const titles = new Map(inScheduleOrder(subEvents).map((subEvent) => [subEvent.id, subEvent.title]));
    const result = text(200, questionSummaryCsv(questions, event.currency, titles), 'text/csv; charset=utf-8');
    return { ...result, headers: { ...result.headers, 'Content-Disposition': `attachment; filename="questions-${event.id}.csv"` } };
  },
});

/** POST /api/events/{id}/questions. */
export const createEventQuestion = operation({
  params: idParam,
  body: createQuestionBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'guests', 'write');
    if ((event.question_count ?? 0) >= MAX_QUESTIONS_PER_EVENT) throw new ConflictError('question_limit', `An event asks at most ${MAX_QUESTIONS_PER_EVENT} questions.`);
    checkPrices(body, event);
    await checkSubEvent(event, body.sub_event_id);
    const plan = planQuestion(null, body, planContext(event, newChildId(event.id), event.question_count ?? 0));
    if (plan.outcome === 'invalid') throw new ValidationError(plan.problems);
    if (plan.outcome !== 'change') throw new Error('unreachable: a new question orphans nothing');
    const outcome = await createQuestion(plan.question, [auditOf(event, caller.userId, 'question.created', null, plan.question)]);
    if (outcome === 'event_gone') throw new NotFoundError('event');
    if (outcome === 'sub_event_gone') throw unknownSubEvent();
    return created(presentQuestion(plan.question, event.currency), `/api/questions/${plan.question.id}`);
  },
});

/** PUT /api/questions/{id}: a partial change, version-checked; 409 answers_affected when it would orphan answers. */
export const updateEventQuestion = operation({
  params: idParam,
  body: updateQuestionBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'question', 'guests', 'write');
    const current = questionFromItem(child);
    const expected = expectedVersion(request.headers, body.version) ?? current.version;
    if (expected !== current.version) throw new VersionConflictError();
    checkPrices(body, event);
    if (body.sub_event_id !== current.sub_event_id) await checkSubEvent(event, body.sub_event_id);
    const plan = planQuestion(current, body, planContext(event, current.id, current.position));
    if (plan.outcome === 'invalid') throw new ValidationError(plan.problems);
    if (plan.outcome === 'destructive') throw answersAffected(plan.affected, plan.problems);
    const outcome = await saveQuestionChange(current, plan.question, plan, [auditOf(event, caller.userId, 'question.updated', current, plan.question)]);
    if (outcome === 'sub_event_gone') throw unknownSubEvent();
    // An answer landed on an option being removed, or another edit won: the caller reads again and decides.
    if (outcome === 'stale') throw new VersionConflictError();
    return ok(presentQuestion(plan.question, event.currency));
  },
});

/** DELETE /api/questions/{id}: only while nobody answered it (else 409 answers_affected with the count). */
export const deleteEventQuestion = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'question', 'guests', 'write');
    const question = questionFromItem(child);
    const expected = expectedVersion(request.headers, undefined) ?? question.version;
    if (expected !== question.version) throw new VersionConflictError();
    if (question.answer_count > 0) throw answersAffected(question.answer_count, [{ path: 'answers', message: `${question.answer_count} guests answered it` }]);
    const outcome = await deleteUnansweredQuestion(question, [auditOf(event, caller.userId, 'question.deleted', question, null)]);
    if (outcome === 'stale') throw new VersionConflictError();
    return deleted(question.id);
  },
});

