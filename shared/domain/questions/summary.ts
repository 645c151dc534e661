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
    sub_event_id: question.sub_event_id ?? null,
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

const summaryColumns = ['question', 'kind', 'option_id', 'option', 'count', 'price', 'total', 'currency', 'sub_event'] as const;

/**
 * The counts as CSV, one row per option of the choice and yes/no questions (text and number questions:
 * one row with the guests who answered): what a caterer needs, with each priced option's total. The whole
 * event's questions first, then each sub-event's (`subEventTitles` in schedule order), its title in `sub_event`:
 * a sub-event's question is asked of its guests only, so its counts are that sub-event's.
 */
export function questionSummaryCsv(questions: QuestionRecord[], currency: string, subEventTitles: Map<string, string> = new Map()): string {
  const groups = ['', ...subEventTitles.keys()];
  const groupOf = (question: QuestionRecord) => (question.sub_event_id === undefined ? 0 : groups.indexOf(question.sub_event_id) + 1 || groups.length + 1);
  const ordered = inPageOrder(questions).sort((a, b) => groupOf(a) - groupOf(b));
  const rows = ordered.flatMap((question) => {
    const subEvent = question.sub_event_id === undefined ? '' : subEventTitles.get(question.sub_event_id) ?? question.sub_event_id;
    const view = presentQuestion(question, currency);
    if (view.options.length === 0) return [[question.label, question.kind, '', '', String(question.answer_count), '', '', '', subEvent]];
    return view.options.map((option) => [
      question.label, question.kind, option.id, option.label, String(option.count),
      option.price === null ? '' : String(option.price),
      option.price === null ? '' : String(toMajorUnits((question.options.find((each) => each.id === option.id)?.price_minor ?? 0) * option.count, currency)),
      option.price === null ? '' : currency,
      subEvent,
    ]);
  });
  return stringify(rows.map((row) => row.map(defuseFormula)), { header: true, columns: [...summaryColumns], record_delimiter: 'windows' });
}
