import { describe, expect, it } from 'vitest';
import { answerToCount, pageOpenToRecord, rateOf } from '../../shared/domain/invitations/counters.ts';

describe('which open and answer a batch counts', () => {
  it('records a page open for the latest batch until it is counted, and a first open without any batch on the guest alone', () => {
    expect(pageOpenToRecord({})).toEqual({});
    expect(pageOpenToRecord({ opened_at: '2030-01-01T00:00:00Z' })).toBeNull();
    expect(pageOpenToRecord({ opened_at: '2030-01-01T00:00:00Z', invitation_batch_id: 'B2', opened_batch_id: 'B1' })).toEqual({ batch_id: 'B2' });
    expect(pageOpenToRecord({ opened_at: '2030-01-01T00:00:00Z', invitation_batch_id: 'B2', opened_batch_id: 'B2' })).toBeNull();
  });

  it('counts an answer for the latest batch once, and never a return to pending or a guest no batch reached', () => {
    expect(answerToCount({ invitation_batch_id: 'B1' }, { rsvp_status: 'yes' })).toBe('B1');
    expect(answerToCount({ invitation_batch_id: 'B1', answered_batch_id: 'B1' }, { rsvp_status: 'no' })).toBeNull();
    expect(answerToCount({ invitation_batch_id: 'B2', answered_batch_id: 'B1' }, { rsvp_status: 'maybe' })).toBe('B2');
    expect(answerToCount({ invitation_batch_id: 'B1' }, { rsvp_status: 'pending' })).toBeNull();
    expect(answerToCount({}, { rsvp_status: 'yes' })).toBeNull();
  });

  it('rates over the rows sent, to three decimals, 0 when none was sent', () => {
    expect(rateOf(1, 3)).toBe(0.333);
    expect(rateOf(2, 2)).toBe(1);
    expect(rateOf(0, 0)).toBe(0);
  });
});
