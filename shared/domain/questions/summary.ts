import { stringify } from 'csv-stringify/sync';
import { toMajorUnits } from '../money.ts';
import { defuseFormula } from '../guests/csv.ts';
import { inPageOrder, optionIdsOf, type QuestionRecord } from './definitions.ts';

/**
 * A question as the planner sees it, with its counts: per option the guests who chose it (the caterer's
 * list), and how many guests answered at all. The counts are the counters every answer's transaction
 * moves, so they equal a recount of the guests' answers.
 */
export function presentQuestion(question: QuestionRecord, currency: string) {
  const labels = new Map(question.options.map((option) => [option.id, option]));
  return {
    id: question.id,
    event_id: question.event_id,
    kind: question.kind,
    label: question.label,
    required: question.required,
    audience: question.audience,
    position: question.position,
    options: optionIdsOf(question).map((id) => {
      const option = labels.get(id);
      return {
        id,
        label: option?.label ?? id,
        price: option?.price_minor === undefined ? null : toMajorUnits(option.price_minor, currency),
        retired: option?.retired ?? false,
        count: question.choice_counts[id] ?? 0,
      };
    }),
    answer_count: question.answer_count,
    created_at: question.created_at,
    updated_at: question.updated_at,
    version: question.version,
  };
}

const summaryColumns = ['question', 'kind', 'option_id', 'option', 'count', 'price', 'total', 'currency'] as const;

/**
 * The counts as CSV, one row per option of the choice and yes/no questions (text and number questions:
 * one row with the guests who answered): what a caterer needs, with each priced option's total.
 */
export function questionSummaryCsv(questions: QuestionRecord[], currency: string): string {
  const rows = inPageOrder(questions).flatMap((question) => {
    const view = presentQuestion(question, currency);
    if (view.options.length === 0) return [[question.label, question.kind, '', '', String(question.answer_count), '', '', '']];
    return view.options.map((option) => [
      question.label, question.kind, option.id, option.label, String(option.count),
      option.price === null ? '' : String(option.price),
      option.price === null ? '' : String(toMajorUnits((question.options.find((each) => each.id === option.id)?.price_minor ?? 0) * option.count, currency)),
      option.price === null ? '' : currency,
    ]);
  });
  return stringify(rows.map((row) => row.map(defuseFormula)), { header: true, columns: [...summaryColumns], record_delimiter: 'windows' });
}
