import * as z from 'zod';
import { MAX_OPTIONS_PER_QUESTION, questionAudiences, questionKinds } from '../domain/questions/definitions.ts';
import { text } from './common.ts';
import { amountInput } from './money.ts';

/** What the question routes accept (docs/questions.md). Option ids are the words answers use (`beef`). */
const optionInput = z.object({
  id: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Use up to 40 lower-case letters, digits and dashes').optional()
    .meta({ description: 'Stable id answers use; default: made from the label (`Vegetarian` → `vegetarian`)' }),
  label: text(200, 1),
  price: amountInput.optional().meta({ description: "Per guest, in the event's currency: a per-guest budget line priced by this question uses it" }),
  retired: z.boolean().optional().meta({ description: 'No longer offered to new answers; answers already given keep it and still count' }),
});

const questionFields = {
  kind: z.enum(questionKinds),
  label: text(300, 1),
  required: z.boolean().optional(),
  audience: z.enum(questionAudiences).optional().meta({ description: 'every_guest (default), per_party (once per party; today each guest is a party of one) or attending (only guests answering yes)' }),
  options: z.array(optionInput).max(MAX_OPTIONS_PER_QUESTION).optional(),
  position: z.number().int().min(0).max(1000).optional(),
  sub_event_id: z.string().min(1).max(64).optional().meta({ description: "Asked only in this sub-event's section, of guests invited to it (with audience attending: answering yes to it); absent: the whole event" }),
};

export const createQuestionBody = z.object(questionFields);
export const updateQuestionBody = z.object({
  ...questionFields, kind: questionFields.kind.optional(), label: questionFields.label.optional(), version: z.number().int().optional(),
  sub_event_id: z.string().min(1).max(64).nullable().optional().meta({ description: 'Move the question to this sub-event, or null to the whole event (only while nobody answered it)' }),
});

/** An answer as the JSON routes take it: option ids (one, or a list for multiple_choice), a text, a number, a boolean; null clears. */
export const answersInput = z
  .record(z.string().max(64), z.union([z.string().max(1000), z.array(z.string().max(64)).max(MAX_OPTIONS_PER_QUESTION), z.number(), z.boolean(), z.null()]))
  .refine((answers) => Object.keys(answers).length <= 50, 'At most 50 answers')
  .meta({ description: 'Answers to the custom questions by question id: an option id (single_choice), a list of them (multiple_choice), a text, a number or a boolean (yes_no); null clears; a question left out keeps its answer' });
