import { describe, expect, it } from 'vitest';
import { answerCounterDelta, planAnswers, recountAnswers } from '../../shared/domain/questions/answers.ts';
import { anonymisedGuest } from '../../shared/domain/guests/privacy.ts';
import type { GuestRecord } from '../../shared/domain/guests/rules.ts';
import { optionIdFrom, planQuestion, type QuestionRecord } from '../../shared/domain/questions/definitions.ts';

const context = { id: 'q1', eventId: 'e1', now: '2031-01-01T00:00:00.000Z', position: 0, toMinor: (major: number) => Math.round(major * 100) };

function question(overrides: Partial<QuestionRecord> = {}): QuestionRecord {
  const planned = planQuestion(null, { kind: 'single_choice', label: 'Meal', options: [{ label: 'Beef', price: 95 }, { label: 'Fish' }, { label: 'Vegetarian' }] }, context);
  if (planned.outcome !== 'change') throw new Error('fixture');
  return { ...planned.question, ...overrides };
}

describe('question definitions', () => {
  it('makes option ids from labels and refuses duplicates, a single option and options on a text', () => {
    expect(optionIdFrom('Végétarien (V)')).toBe('vegetarien-v');
    expect(question().options).toEqual([{ id: 'beef', label: 'Beef', price_minor: 9500 }, { id: 'fish', label: 'Fish' }, { id: 'vegetarian', label: 'Vegetarian' }]);
    const bad = planQuestion(null, { kind: 'single_choice', label: 'Meal', options: [{ label: 'Beef' }, { label: 'beef' }] }, context);
    expect(bad).toEqual({ outcome: 'invalid', problems: [{ path: 'options.1.id', message: 'Another option already has the id beef' }] });
    expect(planQuestion(null, { kind: 'text', label: 'Song', options: [{ label: 'x' }] }, context).outcome).toBe('invalid');
    expect(planQuestion(null, { kind: 'multiple_choice', label: 'Days', options: [{ label: 'x' }] }, context).outcome).toBe('invalid');
  });

  it('refuses a per_party question on a sub-event, however the edit gets there', () => {
    const message = 'A per_party question belongs to the whole event, not to a sub-event';
    expect(planQuestion(null, { kind: 'text', label: 'Song', audience: 'per_party', sub_event_id: 's1' }, context))
      .toEqual({ outcome: 'invalid', problems: [{ path: 'audience', message }] });
    expect(planQuestion(question({ audience: 'per_party' }), { sub_event_id: 's1' }, context))
      .toEqual({ outcome: 'invalid', problems: [{ path: 'sub_event_id', message }] });
    expect(planQuestion(question({ sub_event_id: 's1' }), { audience: 'per_party' }, context))
      .toEqual({ outcome: 'invalid', problems: [{ path: 'audience', message }] });
    expect(planQuestion(question({ sub_event_id: 's1' }), { audience: 'per_party', sub_event_id: null }, context).outcome).toBe('change');
  });

  it('refuses removing a chosen option or changing an answered kind, naming the answers; allows retiring and relabeling', () => {
    const answered = question({ answer_count: 5, choice_counts: { beef: 3, fish: 2 } });

    expect(planQuestion(answered, { options: [{ label: 'Fish' }, { label: 'Vegetarian' }] }, context)).toEqual({
      outcome: 'destructive', affected: 3, problems: [{ path: 'options.beef', message: '3 answers chose it: retire it instead (retired: true)' }],
    });
    expect(planQuestion(answered, { kind: 'text' }, context)).toMatchObject({ outcome: 'destructive', affected: 5 });
    const retired = planQuestion(answered, { label: 'Main', options: [{ label: 'Beef', retired: true }, { label: 'Fish' }, { label: 'Vegetarian' }] }, context);
    expect(retired).toMatchObject({ outcome: 'change', removedOptions: [], question: { label: 'Main', version: 2, choice_counts: { beef: 3, fish: 2 } } });
    expect(planQuestion(answered, { options: [{ label: 'Beef' }, { label: 'Fish' }] }, context)).toMatchObject({ outcome: 'change', removedOptions: ['vegetarian'] });
  });
});

describe('answers', () => {
  const meal = question({ id: 'meal', required: true, audience: 'attending' });
  const days = { ...question({ id: 'days', kind: 'multiple_choice' }), options: [{ id: 'fri', label: 'Friday' }, { id: 'sun', label: 'Sunday', retired: true }] };
  const bus = question({ id: 'bus', kind: 'yes_no', options: [] });
  const age = question({ id: 'age', kind: 'number', options: [] });

  it('checks every answer and lists all problems at once', () => {
    const result = planAnswers([meal, days, bus, age], undefined, { meal: 'lobster', days: ['fri', 'sun'], bus: 'perhaps', age: 'ten', other: 1 }, 'yes');

    expect(result).toEqual({ problems: [
      { path: 'answers.other', message: 'No such question on this invitation', reason: { code: 'not_on_invitation' } },
      { path: 'answers.age', message: 'Give a number', reason: { code: 'not_a_number' } },
      { path: 'answers.bus', message: 'Answer yes or no', reason: { code: 'yes_or_no' } },
      { path: 'answers.days', message: 'No longer offered: sun', reason: { code: 'no_longer_offered' } },
      { path: 'answers.meal', message: 'Not an option: lobster (choose from beef, fish, vegetarian)', reason: { code: 'not_an_option' } },
    ] });
  });

  it('keeps what is left out, clears with null, drops attending-only answers without a yes, and requires what is asked', () => {
    const stored = { meal: ['fish'], days: ['sun'], bus: true };

    expect(planAnswers([meal, days, bus], stored, { bus: null }, 'yes')).toEqual({ answers: { days: ['sun'], meal: ['fish'] } });
    expect(planAnswers([meal, days, bus], stored, { meal: 'beef' }, 'no')).toEqual({ answers: { bus: true, days: ['sun'] } });
    expect(planAnswers([meal], undefined, {}, 'yes')).toEqual({ problems: [{ path: 'answers.meal', message: 'Required: Meal', reason: { code: 'required' } }] });
    expect(planAnswers([meal, bus], undefined, { meal: ' beef ', bus: 'no' }, 'yes')).toEqual({ answers: { bus: false, meal: ['beef'] } });
  });

  it('moves the counters by exactly what changed, equal to a recount', () => {
    const before = { meal: ['fish'], days: ['fri', 'sun'], song: 'x' };
    const after = { meal: ['beef'], days: ['fri'], song: 'y' };

    expect([...answerCounterDelta(before, after)]).toEqual([
      ['meal', { answers: 0, choices: { fish: -1, beef: 1 } }],
      ['days', { answers: 0, choices: { sun: -1 } }],
    ]);
    expect([...answerCounterDelta(before, null)].find(([id]) => id === 'song')).toEqual(['song', { answers: -1, choices: {} }]);
    expect(recountAnswers([{ answers: after }, { answers: { meal: ['beef'], bus: false } }, {}]).get('meal')).toEqual({ answers: 2, choices: { beef: 2 } });
  });
});

describe('a guest-data purge', () => {
  it('empties text answers and keeps the choices, so the counts still hold', () => {
    const guest = { id: 'g', name: 'Grace', dietary_restrictions: [], answers: { meal: ['fish'], song: 'Our song, from Grace', age: 7, bus: true } } as unknown as GuestRecord;

    expect(anonymisedGuest(guest, 1, '2031-01-01T00:00:00.000Z').answers).toEqual({ meal: ['fish'], song: '', age: 7, bus: true });
  });
});
