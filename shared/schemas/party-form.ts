import * as z from 'zod';
import { formAnswers, rsvpFormBody } from './rsvp.ts';

/**
 * The RSVP page's form as posted (POST /rsvp): every field text. A guest's link posts the guest's fields
 * (rsvpFormBody reads them); a party's link posts each member's under `members.<i>.` (`members.0.guest_id`,
 * `members.0.status`, `members.0.answers.<question>`, ...), read by partyForm. Which one applies is known
 * only from the link's code, so the page reads the fields after it has opened the invitation.
 */
export const rsvpPageFormBody = z.record(z.string(), z.string()).meta({
  description: "A guest's link: status, plus_one_count, dietary_restrictions (comma-separated), special_needs, note, email, phone, answers.<question>. A party's link: the same per member under members.<i>. with members.<i>.guest_id",
});

const MEMBER_FIELD = /^members\.(\d{1,2})\.(.+)$/;

/**
 * The party's answer from its page's form: one member per `members.<i>.guest_id`, in the form's order, each
 * member's fields read as a guest's page reads them (an emptied field clears; the page shows no contact
 * details, so none are taken), and the party's own `answers.<question>` (its per_party questions, asked once).
 * The result goes through partyAnswerBody like the JSON route's body.
 */
export function partyForm(form: Record<string, string>): { members: ({ guest_id: string } & Record<string, unknown>)[]; answers?: Record<string, string | string[]> } {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [name, value] of Object.entries(form)) {
    const match = MEMBER_FIELD.exec(name);
    if (!match) continue;
    const index = Number(match[1]);
    const fields = byIndex.get(index) ?? {};
    fields[match[2] as string] = value;
    byIndex.set(index, fields);
  }
  const members = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, fields]) => {
    const { email: _email, phone: _phone, ...answer } = rsvpFormBody.parse(fields);
    return { guest_id: fields.guest_id ?? '', ...answer };
  });
  // The party's own questions (per_party, asked once) are posted without a member prefix: `answers.<question>`.
  return { members, ...formAnswers(form) };
}
