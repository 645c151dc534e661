import * as z from 'zod';
import { questionAudiences, questionKinds } from '../domain/questions/definitions.ts';
import { idParam } from '../schemas/common.ts';
import { createQuestionBody, updateQuestionBody } from '../schemas/questions.ts';
import { id, many, one, timestamp, version } from './envelopes.ts';
import { versionedDelete, versionedUpdate } from './entries.ts';
import type { OperationContract } from './operation-contract.ts';

/** A guest's stored answers by question id (shared/domain/questions/answers.ts). */
export const storedAnswers = z
  .record(z.string(), z.union([z.array(z.string()), z.string(), z.number(), z.boolean()]))
  .meta({ description: 'Answers by question id: choice answers as lists of option ids (one for single_choice), yes_no as a boolean, text and number as given' });

const questionSchema = z.strictObject({
  id,
  event_id: id,
  kind: z.enum(questionKinds),
  label: z.string(),
  required: z.boolean(),
  audience: z.enum(questionAudiences),
  position: z.number().int(),
  sub_event_id: id.nullable().meta({ description: "The sub-event whose section asks it (of its guests only); null: the whole event" }),
  options: z.array(z.strictObject({
    id: z.string(),
    label: z.string(),
    price: z.number().nullable().meta({ description: "Per guest, in the event's currency" }),
    retired: z.boolean(),
    count: z.number().int().meta({ description: 'Guests who chose it (equals a recount of the answers)' }),
  })),
  answer_count: z.number().int().meta({ description: 'Guests holding an answer' }),
  created_at: timestamp,
  updated_at: timestamp,
  version,
}).meta({ id: 'Question' });

const questionExample = { kind: 'single_choice', label: 'Your meal', required: true, audience: 'attending', options: [{ label: 'Beef', price: 95 }, { label: 'Fish', price: 85 }, { label: 'Vegetarian', price: 80 }] };
const affected = { answers_affected: 'The change would orphan answers already given (removing a chosen option, changing the kind of an answered question, deleting an answered question): the detail names how many, `errors` which' };

/** The question routes, in the guests group's contract. */
export const questionsContract: Record<string, OperationContract> = {
  listEventQuestions: {
    params: idParam,
    responses: { 200: { description: 'The questions in page order, each option with its count (the caterer\'s list); one page', schema: many(questionSchema) } },
  },
  createEventQuestion: {
    params: idParam,
    body: { schema: createQuestionBody, example: questionExample, description: 'Option ids default to the label made lower-case (`Beef` → `beef`); prices per guest in the event currency' },
    responses: { 201: { description: 'The question', schema: one(questionSchema), headers: { Location: '/api/questions/{id}' } } },
    problemCodes: { 409: { question_limit: 'The event already asks 20 questions' } },
  },
  exportQuestionSummary: {
    params: idParam,
    responses: {
      200: {
        description: 'The counts per option as CSV (question, kind, option_id, option, count, price, total, currency)',
        schema: z.string().meta({ example: 'question,kind,option_id,option,count,price,total,currency,sub_event\r\nYour meal,single_choice,beef,Beef,42,95,3990,EUR,\r\nShuttle,yes_no,yes,yes,12,,,,Rehearsal dinner\r\n' }),
        mediaType: 'text/csv',
        headers: { 'Content-Disposition': 'attachment; filename="questions-{id}.csv"' },
      },
    },
  },
  updateEventQuestion: {
    ...versionedUpdate(
      { schema: updateQuestionBody, example: { options: [{ id: 'beef', label: 'Beef', retired: true }, { id: 'fish', label: 'Fish' }, { id: 'vegetarian', label: 'Vegetarian' }], version: 1 }, description: 'Every field optional; options replace the list (keep ids to keep answers; retire an option instead of removing it once chosen)' },
      { description: 'The changed question', schema: one(questionSchema) },
    ),
    problemCodes: { 409: affected },
  },
  deleteEventQuestion: { ...versionedDelete('Deleted (only while nobody answered it)'), problemCodes: { 409: affected } },
};
