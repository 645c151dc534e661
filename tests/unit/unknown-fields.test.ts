import { describe, expect, it } from 'vitest';
import { UNKNOWN_FIELD_MESSAGE, unknownFieldProblems } from '../../shared/http/body/unknown-fields.ts';
import { addGuestsBody, updateGuestBody } from '../../shared/schemas/guests.ts';
import { updateBudgetBody } from '../../shared/schemas/budget.ts';
import { createVendorBody } from '../../shared/schemas/vendors.ts';

const answered = new Set(['id', 'rsvp_status', 'created_at']);
const unknown = (path: string) => ({ path, message: UNKNOWN_FIELD_MESSAGE });

describe('unknown body fields', () => {
  it('names a field that is neither an input, an alias nor an answered field', () => {
    const problems = unknownFieldProblems(updateGuestBody, { name: 'Ada', household: 'Lovelace', nmae: 'typo' }, answered);

    expect(problems).toEqual([unknown('nmae')]);
  });

  it('ignores the fields the route answers, so a frontend can send back what it read', () => {
    const problems = unknownFieldProblems(updateGuestBody, { name: 'Ada', id: 'x', rsvp_status: 'yes', created_at: 'then' }, answered);

    expect(problems).toEqual([]);
  });

  it('looks inside lists and nested objects, with the path of each', () => {
    const body = { guest_list: [{ name: 'Ada' }, { name: 'Bob', emial: 'bob@example.com' }], send_invitations: false };

    const problems = unknownFieldProblems(addGuestsBody, body, answered);

    expect(problems).toEqual([unknown('guest_list.1.emial')]);
  });

  it('checks the one-guest form of the add body after it is reshaped', () => {
    const problems = unknownFieldProblems(addGuestsBody, { name: 'Ada', send_invitations: true, favourite_colour: 'red' }, answered);

    expect(problems).toEqual([unknown('guest_list.0.favourite_colour')]);
  });

  it('checks objects in a record and in a nested object', () => {
    expect(unknownFieldProblems(createVendorBody, { name: 'V', service_type: 'dj', contact_info: { emali: 'x' } }, answered)).toEqual([unknown('contact_info.emali')]);
    expect(unknownFieldProblems(updateBudgetBody, { exchange_rates: { USD: 1.1 } }, answered)).toEqual([]);
  });

  it('leaves values of the wrong type to the schema (no problem of its own)', () => {
    expect(unknownFieldProblems(addGuestsBody, 'not an object', answered)).toEqual([]);
    expect(unknownFieldProblems(updateGuestBody, { toString: 1, constructor: 2 }, answered)).toEqual([unknown('toString'), unknown('constructor')]);
  });
});
