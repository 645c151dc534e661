import { loadSender } from '#shared/data/accounts/sending-quota.ts';
import { announcementRecipientPage, type RecipientEntry, readSegment } from '#shared/data/announcements/recipients.ts';
import { type AnnouncementRecord, announcementSendCounts, cancelScheduledAnnouncement, editScheduledAnnouncement, getAnnouncement, listAnnouncementPage, recordAnnouncement, type SendCounts } from '#shared/data/announcements/records.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { listAllGuests } from '#shared/data/guests/reads.ts';
import { eventSnapshot } from '#shared/data/notices.ts';
import { type AnnouncementAudience, announcementRecipients } from '#shared/domain/announcements/audience.ts';
import { announcementSendAt } from '#shared/domain/announcements/schedule.ts';
import { visibleAnnouncementRecipient } from '#shared/domain/visibility/announcements.ts';
import { announcementChanges } from '#shared/domain/announcements/edit.ts';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { operation } from '#shared/http/group.ts';
import { accepted, list, ok } from '#shared/http/responses.ts';
import { announcementPageQuery, announcementParams, announcementSegmentFields, sendAnnouncementBody, updateAnnouncementBody } from '#shared/schemas/announcements.ts';
import { idParam } from '#shared/schemas/common.ts';

/**
 * Announcements (docs/announcements.md): a planner's message to a segment of the guest list, sent through
 * the outbox like every notice (exactly once per guest, the sender's daily quota charged when it is
 * recorded), now or at `send_at`, with its history, delivery counts and recipients. The organizer and
 * coordinators, who may send invitations.
 */
export const presentAnnouncement = (notice: AnnouncementRecord, counts?: SendCounts) => {
  const details = notice.details ?? {};
  const recipients = notice.recipient_count ?? 0;
  const idOf = (field: string) => (typeof details[field] === 'string' ? details[field] : null);
  return {
    id: notice.id,
    event_id: notice.event_id,
    subject: String(details.subject ?? ''),
    message: String(details.message ?? ''),
    segment: String(details.segment ?? ''),
    party_id: idOf('party_id'),
    sub_event_id: idOf('sub_event_id'),
    attending_only: details.segment === 'sub_event' ? details.attending_only === true : null,
    table_id: idOf('table_id'),
    status: notice.status,
    send_at: notice.send_at ?? null,
    recipient_count: recipients,
    skipped_no_email: Number(details.skipped_no_email ?? 0),
    sent_count: counts?.sent ?? 0,
    failed_count: counts?.failed ?? 0,
    skipped_count: counts?.skipped ?? 0,
    pending_count: notice.status === 'cancelled' ? 0 : counts ? Math.max(0, recipients - counts.sent - counts.failed - counts.skipped) : recipients,
    delivered_count: counts?.delivered ?? 0,
    opened_count: counts?.opened ?? 0,
    bounced_count: counts?.bounced ?? 0,
    complained_count: counts?.complained ?? 0,
    created_by: notice.actor_id,
    created_at: notice.created_at,
    version: notice.version ?? 1,
    updated_at: notice.updated_at ?? null,
    cancelled_at: notice.cancelled_at ?? null,
    // Who cancelled it: a planner (POST .../cancel), or the sender when its event was deleted while it waited.
    cancel_reason: notice.status === 'cancelled' ? (notice.cancel_reason ?? 'planner') : null,
  };
};

const segmentOf = (body: { segment: AnnouncementAudience['segment']; party_id?: string; sub_event_id?: string; table_id?: string; attending_only?: boolean }): AnnouncementAudience => {
  switch (body.segment) {
    case 'party': return { segment: 'party', party_id: body.party_id as string };
    case 'sub_event': return { segment: 'sub_event', sub_event_id: body.sub_event_id as string, attending_only: body.attending_only ?? false };
    case 'table': return { segment: 'table', table_id: body.table_id as string };
    default: return { segment: body.segment };
  }
};

const segmentThing = { party: 'party', sub_event: 'sub-event', table: 'table' } as const;

/** POST /api/events/{id}/announcements: 202 with the announcement; the outbox sender emails it within a minute, or at `send_at`. */
export const sendAnnouncement = operation({
  params: idParam,
  body: sendAnnouncementBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'invitations', 'write');
    const now = new Date();
    const sendAt = body.send_at === undefined ? undefined : announcementSendAt(body.send_at, event.timezone, now);
    if (sendAt && 'problem' in sendAt) throw new ValidationError([sendAt.problem]);
    const audience = segmentOf(body);
    const [sender, guests, context] = await Promise.all([loadSender(caller.userId, now), listAllGuests(params.id), readSegment(params.id, audience)]);
    if (!context) throw new NotFoundError(segmentThing[audience.segment as keyof typeof segmentThing]);
    const { recipients, skipped_no_email } = announcementRecipients(guests, audience, context);
    const notice = await recordAnnouncement({
      eventId: params.id, event: eventSnapshot(event), actorId: caller.userId, subject: body.subject, message: body.message,
      audience, recipients, skippedNoEmail: skipped_no_email, sender, sendAt: sendAt?.instant, now,
    });
    return accepted(presentAnnouncement(notice));
  },
});

/** Delivery counts are read for announcements that may have sent something (one Query of SENT# each). */
const countsOf = (notice: AnnouncementRecord) => (notice.status === 'scheduled' || notice.status === 'cancelled' ? Promise.resolve(undefined) : announcementSendCounts(notice.id));

/** GET /api/events/{id}/announcements: a page of the event's announcements, newest first, with their delivery counts. */
export const listEventAnnouncements = operation({
  params: idParam,
  query: announcementPageQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    const [, page] = await Promise.all([loadEventAccess(caller, params.id, 'invitations', 'read'), listAnnouncementPage(params.id, query)]);
    const counts = await Promise.all(page.announcements.map(countsOf));
    return list(page.announcements.map((notice, index) => presentAnnouncement(notice, counts[index])), { next_cursor: page.nextCursor });
  },
});

/**
 * POST /api/events/{id}/announcements/{announcementId}/cancel: a scheduled announcement that has not
 * started is cancelled and its quota charge given back; 409 once sending started. Cancelling a cancelled
 * one answers it again (nothing is given back twice).
 */
export const cancelAnnouncement = operation({
  params: announcementParams,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const [, announcement] = await Promise.all([loadEventAccess(caller, params.id, 'invitations', 'write'), getAnnouncement(params.id, params.announcementId)]);
    if (!announcement) throw new NotFoundError('announcement');
    if (announcement.status === 'cancelled') return ok(presentAnnouncement(announcement));
    if (announcement.status !== 'scheduled' || (await cancelScheduledAnnouncement(announcement, caller.userId, new Date())) === 'started') {
      const now = await getAnnouncement(params.id, params.announcementId);
      if (now?.status === 'cancelled') return ok(presentAnnouncement(now));
      throw new ConflictError('announcement_started', 'Its sending has started (or it was sent right away): it can no longer be cancelled.');
    }
    return ok(presentAnnouncement((await getAnnouncement(params.id, params.announcementId)) as AnnouncementRecord));
  },
});

/** Why an announcement that is not (or no longer) scheduled cannot be edited. */
const started = () => new ConflictError('announcement_started', 'Its sending has started (or it was sent right away): it can no longer be edited.');
const notEditable = (announcement: AnnouncementRecord) =>
  announcement.status === 'cancelled' ? new ConflictError('announcement_cancelled', 'It was cancelled: it can no longer be edited.') : started();

/**
 * PUT /api/events/{id}/announcements/{announcementId}: a scheduled announcement's subject, message or
 * `send_at`, while its sending has not started (AN9: exactly one of an edit, a cancel and the sender's
 * start wins); 409 `announcement_started` after, `announcement_cancelled` once cancelled,
 * `version_conflict` for a stale version. Its recipients and quota charge stay as recorded.
 */
export const updateAnnouncement = operation({
  params: announcementParams,
  body: updateAnnouncementBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const [{ event }, announcement] = await Promise.all([loadEventAccess(caller, params.id, 'invitations', 'write'), getAnnouncement(params.id, params.announcementId)]);
    if (!announcement) throw new NotFoundError('announcement');
    const now = new Date();
    const shown = presentAnnouncement(announcement);
    const segmentProblems = announcementSegmentFields
      .filter((field) => body[field] !== undefined && body[field] !== shown[field])
      .map((field) => ({ path: field, message: 'Who an announcement goes to cannot be changed: cancel it and send another' }));
    const sendAt = body.send_at === undefined ? undefined : announcementSendAt(body.send_at, event.timezone, now);
    if (segmentProblems.length > 0 || (sendAt && 'problem' in sendAt)) throw new ValidationError([...segmentProblems, ...(sendAt && 'problem' in sendAt ? [sendAt.problem] : [])]);
    const expected = expectedVersion(request.headers, body.version) ?? announcement.version ?? 1;
    if (announcement.status !== 'scheduled') throw notEditable(announcement);
    if (expected !== (announcement.version ?? 1)) throw new VersionConflictError();
    const edit = { subject: body.subject, message: body.message, send_at: sendAt?.instant };
    const current = { subject: String(announcement.details?.subject ?? ''), message: String(announcement.details?.message ?? ''), send_at: announcement.send_at ?? '' };
    const result = await editScheduledAnnouncement(announcement, edit, announcementChanges(current, edit), expected, caller.userId, now);
    if (result.outcome === 'edited') return ok(presentAnnouncement(result.announcement));
    // A cancel, the sender's start or another edit won meanwhile: say which.
    const after = await getAnnouncement(params.id, params.announcementId);
    if (!after || after.status !== 'scheduled') throw after ? notEditable(after) : new NotFoundError('announcement');
    if ((after.version ?? 1) !== expected) throw new VersionConflictError();
    // Still scheduled at the version read: the sender holds it (a live lease) and is starting it.
    throw started();
  },
});

const presentRecipient = (announcement: AnnouncementRecord, { recipient, record }: RecipientEntry) => {
  const at = (field: string) => (typeof record?.[field] === 'string' ? record[field] : null);
  const waiting = announcement.status === 'scheduled' || announcement.status === 'cancelled' ? announcement.status : 'pending';
  return {
    guest_id: recipient.guest_id,
    guest_name: recipient.name ?? null,
    email: recipient.email ?? null,
    status: typeof record?.status === 'string' ? record.status : waiting,
    sent_at: record?.status === 'sent' ? at('at') : null,
    delivered_at: at('delivered_at'),
    opened_at: at('opened_at'),
    clicked_at: at('clicked_at'),
    bounced_at: at('bounced_at'),
    complained_at: at('complained_at'),
    failure_reason: record?.status === 'failed' || record?.status === 'skipped' ? at('failure') : null,
  };
};

/**
 * GET /api/events/{id}/announcements/{announcementId}/recipients: a page of who it went (or goes) to, as
 * recorded when it was sent, each with how their email stands. O(page): the access check and the page's
 * reads side by side (nothing read is answered unless the check passes). Without read on guests, the
 * delivery facts stay and who the guest is goes (as on the invitation rows).
 */
export const listAnnouncementRecipients = operation({
  params: announcementParams,
  query: announcementPageQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    const [{ permissions }, page] = await Promise.all([
      loadEventAccess(caller, params.id, 'invitations', 'read'),
      announcementRecipientPage(params.id, params.announcementId, query),
    ]);
    if (!page) throw new NotFoundError('announcement');
    return list(page.entries.map((entry) => visibleAnnouncementRecipient(presentRecipient(page.announcement, entry), permissions)), { next_cursor: page.nextCursor });
  },
});
