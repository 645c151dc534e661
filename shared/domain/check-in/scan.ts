import type { GuestRecord } from '../guests/rules.ts';
import { choicesOf } from '../questions/answers.ts';
import { hasChoices, inPageOrder, type QuestionRecord } from '../questions/definitions.ts';
import { verifyCheckInCode } from './code.ts';

/**
 * The rules of a scan at the door (docs/check-in.md), apart from their reads and writes:
 * - a code that does not verify against the guest of the path's event (malformed, another event's, a
 *   revoked one, a guest removed) is `unknown`: one answer for all, so a code tells nothing about other events;
 * - a guest who does not attend (any answer but yes) is not checked in;
 * - the first scan checks the guest in; any later one changes nothing and says who checked them in, when;
 * - an offline scan replayed (same device, same scan time as the recorded check-in) is `replayed`, and one
 *   of a guest another scan checked in first is a `conflict` naming both.
 */
export const MAX_SCANS_PER_BATCH = 200;

export type Scan = { code: string; at: string; by: string; device: string | null };

export type ScanDecision =
  | { kind: 'unknown' }
  | { kind: 'not_attending'; guest: GuestRecord }
  | { kind: 'already'; guest: GuestRecord }
  | { kind: 'check_in'; guest: GuestRecord; after: GuestRecord };

export function decideScan(guest: GuestRecord | null, scan: Scan, keys: Iterable<Buffer>): ScanDecision {
  if (!guest || !verifyCheckInCode(scan.code, guest, keys)) return { kind: 'unknown' };
  if (guest.checked_in_at) return { kind: 'already', guest };
  if (guest.rsvp_status !== 'yes') return { kind: 'not_attending', guest };
  const after: GuestRecord = {
    ...guest,
    checked_in_at: scan.at,
    checked_in_by: scan.by,
    ...(scan.device ? { checked_in_device: scan.device } : {}),
    updated_at: new Date().toISOString(),
  };
  if (!scan.device) delete after.checked_in_device;
  return { kind: 'check_in', guest, after };
}

/** Whether a recorded check-in is this very offline scan, uploaded again. */
export const isReplayOf = (guest: Pick<GuestRecord, 'checked_in_at' | 'checked_in_device'>, scan: Pick<Scan, 'at' | 'device'>): boolean =>
  guest.checked_in_at !== undefined && Date.parse(guest.checked_in_at) === Date.parse(scan.at) && (guest.checked_in_device ?? null) === scan.device;

/** The door's live counts: guests checked in, against the guests attending. */
export const doorCounts = (event: { checked_in_count?: number; rsvp_yes: number }) => ({ arrived: event.checked_in_count ?? 0, expected: event.rsvp_yes });

/**
 * The guest's choices for the event's choice questions (the meal among them), by label, in page order:
 * what the door tells the staff next to the name. Free-text and number answers are left out.
 */
export function choicesForTheDoor(guest: Pick<GuestRecord, 'answers'>, questions: QuestionRecord[]): Array<{ question: string; answer: string }> {
  return inPageOrder(questions).flatMap((question) => {
    const chosen = choicesOf(guest.answers?.[question.id]);
    if (chosen.length === 0 || !(hasChoices(question.kind) || question.kind === 'yes_no')) return [];
    const labels = chosen.map((option) => question.options.find((candidate) => candidate.id === option)?.label ?? option);
    return [{ question: question.label, answer: labels.join(', ') }];
  });
}
