import { batchGetAll } from '#shared/data/collection.ts';
import { listAllGuests } from '#shared/data/guests/reads.ts';
import { getEventAndGuest, guestFromItem, guestKey } from '#shared/data/guests/reads.ts';
import { listEventSubEventInvitations, listSubEvents } from '#shared/data/sub-events/records.ts';
import { userKeys } from '#shared/data/keys.ts';
import { getNoticeWithRecipients, type NoticeRecord } from '#shared/data/notices.ts';
import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import { inContactBefore, isGuestNoticeKind, receivesNotice, remindedOfSubEvents } from '#shared/domain/notices/audience.ts';
import type { WithheldReason } from '#shared/domain/announcements/audience.ts';
import { subEventsAwaitingAnswer } from '#shared/domain/sub-events/answers.ts';
import type { SubEventRecord } from '#shared/domain/sub-events/rules.ts';

/**
 * Who a notice goes to, resolved when it is sent (see the audiences in shared/data/notices.ts). `key`
 * names the recipient in the notice's once-only sent records; `guest` is the live guest when one exists
 * (for their RSVP link).
 */
export type NoticeRecipientTarget = {
  key: string; name: string; email: string; guest?: GuestRecord; language?: string;
  /** An announcement's recorded recipient: the guest it was recorded for (the sender checks they are still on the list, not purged). */
  recordedGuestId?: string;
  /** Not written to (the purge redacted the recorded address: `email` is empty); the sender records it skipped. */
  withheld?: WithheldReason;
  /** An RSVP reminder's guest: whether they answered the event (yes) and the sub-events awaiting their answer. */
  awaitingAnswer?: { eventAnswered: boolean; subEvents: SubEventRecord[] };
};

const target = (key: string, name: string | undefined, email: string | undefined, guest?: GuestRecord, language?: string): NoticeRecipientTarget[] =>
  email ? [{ key, name: name || email, email, ...(guest ? { guest } : {}), ...(language ? { language } : {}) }] : [];

const guestTargets = (guests: GuestRecord[]) => guests.flatMap((guest) => target(`guest#${guest.id}`, guest.name, guest.email, guest, guest.language));

/** The kind's rule on the guest's answer; a kind without one (none reach here) tells nobody. */
const receives = (notice: NoticeRecord, guest: Parameters<typeof receivesNotice>[1]): boolean =>
  isGuestNoticeKind(notice.kind) && receivesNotice(notice.kind, guest);

/**
 * The guests attending the notice's sub-event when it is sent: the event's sub-event invitations (SE6,
 * every page: a few items per guest), then those guests by key (BatchGetItem).
 */
async function subEventAttendees(notice: NoticeRecord): Promise<GuestRecord[]> {
  const subEventId = (notice.details?.sub_event as { id?: unknown } | undefined)?.id;
  if (typeof subEventId !== 'string') return [];
  const attending = (await listEventSubEventInvitations(notice.event_id)).filter((invitation) => invitation.sub_event_id === subEventId && invitation.status === 'yes');
  const items = await batchGetAll(attending.map((invitation) => guestKey({ event_id: notice.event_id, id: invitation.guest_id })));
  return items.map(guestFromItem);
}

/**
 * The RSVP reminder's guests when it is sent: those who have not answered the event, and those who said
 * yes but left a sub-event they are invited to pending, each with the sub-events awaiting their answer.
 * The event's sub-event invitations are one Query (SE6); the attending guests and the sub-events are read
 * only when one of them is still pending.
 */
async function answerPendingTargets(notice: NoticeRecord): Promise<NoticeRecipientTarget[]> {
  const [pending, invitations] = await Promise.all([listAllGuests(notice.event_id, 'pending'), listEventSubEventInvitations(notice.event_id)]);
  const anyAwaiting = invitations.some((invitation) => invitation.status === 'pending');
  const [attending, subEvents] = anyAwaiting ? await Promise.all([listAllGuests(notice.event_id, 'yes'), listSubEvents(notice.event_id)]) : [[], []];
  const awaiting = subEventsAwaitingAnswer(subEvents, invitations);
  const asked = [
    ...pending.filter((guest) => receives(notice, guest)),
    ...attending.filter((guest) => remindedOfSubEvents(guest, awaiting.get(guest.id)?.length ?? 0)),
  ];
  return asked.flatMap((guest) => guestTargets([guest]).map((found) => ({ ...found, awaitingAnswer: { eventAnswered: guest.rsvp_status === 'yes', subEvents: awaiting.get(guest.id) ?? [] } })));
}

/** null: not ready yet (a deletion's recipients are still being recorded). */
export async function noticeRecipients(notice: NoticeRecord): Promise<NoticeRecipientTarget[] | null> {
  switch (notice.audience) {
    case 'one_guest': {
      const recipient = notice.recipient;
      if (!recipient) return [];
      const { guest } = await getEventAndGuest(notice.event_id, recipient.guest_id);
      // The guest's current email when they still exist; the notice's copy when they were removed.
      return target(`guest#${recipient.guest_id}`, guest?.name ?? recipient.name, guest?.email ?? recipient.email, guest ?? undefined, guest ? guest.language : recipient.language);
    }
    case 'guests_in_contact_before_notice':
    case 'guests_invited_before_notice':
      return guestTargets((await listAllGuests(notice.event_id)).filter((guest) => inContactBefore(guest, notice.created_at) && receives(notice, guest)));
    case 'guests_rsvp_pending':
      return guestTargets((await listAllGuests(notice.event_id, 'pending')).filter((guest) => receives(notice, guest)));
    case 'guests_answer_pending':
      return answerPendingTargets(notice);
    case 'guests_attending':
      return guestTargets((await listAllGuests(notice.event_id, 'yes')).filter((guest) => receives(notice, guest)));
    case 'sub_event_attending':
      return guestTargets(await subEventAttendees(notice));
    case 'snapshot': {
      if (!notice.recipients_recorded) return null;
      const { recipients } = await getNoticeWithRecipients(notice.id);
      // An announcement's snapshot is its segment as chosen when it was sent: every one of them is told,
      // but for guests removed or purged since (the sender checks; an address the purge redacted is withheld here).
      if (notice.kind === 'announcement') {
        return recipients.map((recipient) => ({
          ...(target(`guest#${recipient.guest_id}`, recipient.name, recipient.email, undefined, recipient.language)[0] ?? { key: `guest#${recipient.guest_id}`, name: '', email: '', withheld: 'guest_purged' as const }),
          recordedGuestId: recipient.guest_id,
        }));
      }
      return recipients.filter((recipient) => receives(notice, recipient)).flatMap((recipient) => target(`guest#${recipient.guest_id}`, recipient.name, recipient.email, undefined, recipient.language));
    }
    case 'team_members': {
      const users = await batchGetAll((notice.recipient_user_ids ?? []).map((userId) => userKeys.item(userId)));
      return users.flatMap((user) => target(`user#${String(user.id)}`, String(user.full_name || user.username || ''), user.email as string | undefined));
    }
    case 'one_email':
      return target(`email#${(notice.recipient_email ?? '').toLowerCase()}`, undefined, notice.recipient_email);
  }
}
