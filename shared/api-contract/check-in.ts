import * as z from 'zod';
import { MAX_SCANS_PER_BATCH } from '../domain/check-in/scan.ts';
import { checkInBatchBody, checkInListQuery, checkInScanBody } from '../schemas/check-in.ts';
import { idParam } from '../schemas/common.ts';
import { id, many, one, timestamp } from './envelopes.ts';
import type { OperationContract } from './operation-contract.ts';

/** Check-in at the door: functions/guests/check-ins.ts; docs/check-in.md. */
const exampleCode = 'CI1.01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3M9A2B3C4D5E6F7G8H9J0K.q3V1k9Xw0fJcN2bYtR8sLA';

const doorGuestFields = z
  .strictObject({
    id,
    name: z.string(),
    party_name: z.string().nullable(),
    party_id: id.nullable(),
    plus_one_count: z.number().int().meta({ description: 'Plus-ones who come in with the guest' }),
    choices: z.array(z.strictObject({ question: z.string(), answer: z.string() })).meta({ description: "The guest's answers to the event's choice questions (the meal among them), by label" }),
    checked_in_at: timestamp.nullable(),
    checked_in_device: z.string().nullable().meta({ description: 'The door device that checked the guest in, as it named itself' }),
  });

const counts = {
  arrived: z.number().int().meta({ description: 'Guests checked in' }),
  expected: z.number().int().meta({ description: 'Guests attending (answered yes)' }),
};

const seat = z
  .strictObject({ table_id: id, table_name: z.string(), seat_number: z.number().int() })
  .nullable()
  .meta({ description: "The guest's seat (docs/seating.md); null when not seated" });

/** The door list's guest, with their seat (one BatchGetItem of the page's seats). */
const doorGuest = doorGuestFields.extend({ table: seat }).meta({ id: 'DoorGuest' });

const scanAnswer = z.strictObject({
  outcome: z.enum(['checked_in', 'already_checked_in']).meta({ description: '`already_checked_in`: a repeat scan, nothing changed' }),
  guest: doorGuestFields.extend({ table: seat }).meta({ id: 'ScannedGuest' }),
  counts: z.strictObject(counts),
});

const batchOutcomes = ['checked_in', 'replayed', 'conflict', 'not_attending', 'unknown_code'] as const;
const batchAnswer = z.strictObject({
  device_id: z.string(),
  results: z.array(z.strictObject({
    index: z.number().int().meta({ description: 'The scan\'s place in the upload' }),
    outcome: z.enum(batchOutcomes).meta({ description: '`replayed`: this very scan was recorded before; `conflict`: another scan checked the guest in first (its time and device in `guest`)' }),
    guest: doorGuestFields.extend({ table: seat }).nullable().meta({ description: 'The guest the code names, with their seat (null for an unknown code)' }),
  })),
  summary: z.strictObject({ checked_in: z.number().int(), replayed: z.number().int(), conflicts: z.number().int(), not_attending: z.number().int(), unknown_codes: z.number().int() }),
});

export const checkInContract: Record<string, OperationContract> = {
  checkIn: {
    params: idParam,
    body: { schema: checkInScanBody, example: { code: exampleCode, device_id: 'door-1' } },
    responses: { 200: { description: 'Who the guest is and whether this scan checked them in', schema: one(scanAnswer) } },
    problemCodes: {
      404: { check_in_code_unknown: 'no guest of this event has this code (malformed, revoked, or of another event: one answer for all)' },
      409: { not_attending: 'the guest has not answered yes' },
    },
  },
  uploadCheckIns: {
    params: idParam,
    body: {
      schema: checkInBatchBody,
      example: { device_id: 'door-1', scans: [{ code: exampleCode, scanned_at: '2027-06-20T16:05:00Z' }] },
      description: `Up to ${MAX_SCANS_PER_BATCH} scans made offline, each with the time it was made`,
    },
    responses: { 200: { description: 'The outcome of each scan, in the order sent', schema: one(batchAnswer) } },
  },
  listCheckIns: {
    params: idParam,
    query: checkInListQuery,
    responses: { 200: { description: 'Attending guests by name, with the counts', schema: many(doorGuest, counts) } },
  },
  reissueCheckInCode: {
    params: idParam,
    responses: { 200: { description: 'The new code (shown once here; the guest finds it on their RSVP page and confirmation)', schema: one(z.strictObject({ guest_id: id, check_in_code: z.string() })) } },
  },
};
