import { newId } from '../../shared/data/ids.ts';
import { by, everyMember, idOf, organizerOnly, otherGroups, partyMemberOf, permissionMatrix, plannersOnly, type Row, writersButViewer } from './permission-matrix-fixtures.ts';

/**
 * The role/route matrix for the guests, budget, vendors and invitations groups (the planning groups'
 * rows are in permission-matrix.test.ts). Budget is invisible to a viewer (no read: 404) and read-only
 * for an assistant (403); guests and vendors are written by everyone but the viewer; invitations are sent
 * by the organizer and coordinators. Documents are written by everyone but the viewer. Webhooks are the
 * organizer's and coordinators' alone. Seating is the guest list's area: read by every member, written by
 * everyone but the viewer (docs/seating.md).
 */
const budgetReaders = by('ok', 'ok', 'ok', 404);
/** Check-ins: everyone who writes guests, and the door staff; a viewer reads the door list only. */
const doorWriters = by('ok', 'ok', 'ok', 403, 'ok');
const budgetWriters = by('ok', 'ok', 403, 404);
/** A new address per case: the cases of a row share an event, which skips a guest whose address it has. */
const matrixEmail = () => `matrix.guest.${newId().toLowerCase()}@example.com`;

const matrix: Record<string, Row> = {
  'GET /api/events/{id}/guests': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/guests` }) },
  'POST /api/events/{id}/guests': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/guests`, body: { name: 'Matrix Guest', email: matrixEmail() } }) },
  'POST /api/events/{id}/guests/import': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/guests/import`, rawBody: `Name,Email\nMatrix Guest,${matrixEmail()}\n`, headers: { 'content-type': 'text/csv' } }) },
  'GET /api/events/{id}/guests/export': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/guests/export` }) },
  'GET /api/events/{id}/guests/imports/{jobId}': { expect: everyMember, needs: ['guestImport'], request: (f) => ({ path: `/api/events/${f.eventId}/guests/imports/${idOf(f, 'guestImport')}` }) },
  // Irreversible, like deleting the event: the organizer's alone (`force`: the fixture's event is ahead).
  'POST /api/events/{id}/guests/purge': { expect: organizerOnly, needs: ['guest'], request: (f) => ({ path: `/api/events/${f.eventId}/guests/purge`, body: { force: true } }) },
  'GET /api/events/{id}/questions': { expect: everyMember, needs: ['question'], request: (f) => ({ path: `/api/events/${f.eventId}/questions` }) },
  'POST /api/events/{id}/questions': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/questions`, body: { kind: 'yes_no', label: 'Shuttle?' } }) },
  'GET /api/events/{id}/questions/export': { expect: everyMember, needs: ['question'], request: (f) => ({ path: `/api/events/${f.eventId}/questions/export` }) },
  'PUT /api/questions/{id}': { expect: writersButViewer, needs: ['question'], request: (f) => ({ path: `/api/questions/${idOf(f, 'question')}`, body: { label: 'matrix' } }) },
  'DELETE /api/questions/{id}': { expect: writersButViewer, needs: ['question'], request: (f) => ({ path: `/api/questions/${idOf(f, 'question')}` }) },
  'GET /api/events/{id}/sub-events': { expect: everyMember, needs: ['subEvent'], request: (f) => ({ path: `/api/events/${f.eventId}/sub-events` }) },
  'POST /api/events/{id}/sub-events': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/sub-events`, body: { title: 'Matrix session', starts_at: '2027-06-19T09:00:00Z' } }) },
  'GET /api/sub-events/{id}': { expect: everyMember, needs: ['subEvent'], request: (f) => ({ path: `/api/sub-events/${idOf(f, 'subEvent')}` }) },
  'PUT /api/sub-events/{id}': { expect: writersButViewer, needs: ['subEvent'], request: (f) => ({ path: `/api/sub-events/${idOf(f, 'subEvent')}`, body: { description: 'matrix' } }) },
  'DELETE /api/sub-events/{id}': { expect: writersButViewer, needs: ['subEvent'], request: (f) => ({ path: `/api/sub-events/${idOf(f, 'subEvent')}` }) },
  'POST /api/sub-events/{id}/guests': { expect: writersButViewer, needs: ['subEvent', 'guest'], request: (f) => ({ path: `/api/sub-events/${idOf(f, 'subEvent')}/guests`, body: { add: [idOf(f, 'guest')] } }) },
  'GET /api/guests/{id}/sub-events': { expect: everyMember, needs: ['guest'], request: (f) => ({ path: `/api/guests/${idOf(f, 'guest')}/sub-events` }) },
  'PUT /api/guests/{id}/sub-events': { expect: writersButViewer, needs: ['guest', 'subEvent'], request: (f) => ({ path: `/api/guests/${idOf(f, 'guest')}/sub-events`, body: { sub_event_ids: [idOf(f, 'subEvent')] } }) },
  'GET /api/guests/{id}': { expect: everyMember, needs: ['guest'], request: (f) => ({ path: `/api/guests/${idOf(f, 'guest')}` }) },
  'PUT /api/guests/{id}': { expect: writersButViewer, needs: ['guest'], request: (f) => ({ path: `/api/guests/${idOf(f, 'guest')}`, body: { notes: 'matrix' } }) },
  'DELETE /api/guests/{id}': { expect: writersButViewer, needs: ['guest'], request: (f) => ({ path: `/api/guests/${idOf(f, 'guest')}` }) },
  'POST /api/guests/{id}/invitation-link': { expect: writersButViewer, needs: ['guest'], request: (f) => ({ path: `/api/guests/${idOf(f, 'guest')}/invitation-link` }) },
  'POST /api/events/{id}/parties': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/parties`, body: { name: 'Matrix Party' } }) },
  'GET /api/events/{id}/parties': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/parties` }) },
  'GET /api/parties/{id}': { expect: everyMember, needs: ['party'], request: (f) => ({ path: `/api/parties/${idOf(f, 'party')}` }) },
  'PUT /api/parties/{id}': { expect: writersButViewer, needs: ['party'], request: (f) => ({ path: `/api/parties/${idOf(f, 'party')}`, body: { name: 'matrix' } }) },
  'DELETE /api/parties/{id}': { expect: writersButViewer, needs: ['party'], request: (f) => ({ path: `/api/parties/${idOf(f, 'party')}` }) },
  'POST /api/parties/{id}/invitation-link': { expect: writersButViewer, needs: ['party'], request: (f) => ({ path: `/api/parties/${idOf(f, 'party')}/invitation-link` }) },
  'POST /api/parties/{id}/rsvp': { expect: writersButViewer, needs: ['party'], request: (f) => ({ path: `/api/parties/${idOf(f, 'party')}/rsvp`, body: { members: [{ guest_id: partyMemberOf.get(idOf(f, 'party')), status: 'no' }] } }) },
  'POST /api/guests/{id}/rsvp': { expect: writersButViewer, needs: ['guest'], request: (f) => ({ path: `/api/guests/${idOf(f, 'guest')}/rsvp`, body: { status: 'yes' } }) },
  // Check-in (docs/check-in.md): door staff check in and read the door list; a viewer reads it; a new code is the planners'.
  'POST /api/events/{id}/check-ins': { expect: doorWriters, needs: ['checkInCode'], request: (f) => ({ path: `/api/events/${f.eventId}/check-ins`, body: { code: idOf(f, 'checkInCode') } }) },
  'POST /api/events/{id}/check-ins/batch': {
    expect: doorWriters, needs: ['checkInCode'],
    request: (f) => ({ path: `/api/events/${f.eventId}/check-ins/batch`, body: { device_id: 'matrix', scans: [{ code: idOf(f, 'checkInCode'), scanned_at: '2027-05-01T18:00:00Z' }] } }),
  },
  'GET /api/events/{id}/check-ins': { expect: by('ok', 'ok', 'ok', 'ok', 'ok'), request: (f) => ({ path: `/api/events/${f.eventId}/check-ins` }) },
  'POST /api/guests/{id}/check-in-code': { expect: writersButViewer, needs: ['guest'], request: (f) => ({ path: `/api/guests/${idOf(f, 'guest')}/check-in-code` }) },

  // Announcements mail the guests, as invitations do: sent by the organizer and coordinators, read by every member.
  'POST /api/events/{id}/announcements': { expect: plannersOnly, request: (f) => ({ path: `/api/events/${f.eventId}/announcements`, body: { subject: 'Matrix', message: 'Hello', segment: 'all' } }) },
  'GET /api/events/{id}/announcements': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/announcements` }) },
  'POST /api/events/{id}/announcements/{announcementId}/cancel': { expect: plannersOnly, needs: ['announcement'], request: (f) => ({ path: `/api/events/${f.eventId}/announcements/${idOf(f, 'announcement')}/cancel` }) },
  'PUT /api/events/{id}/announcements/{announcementId}': { expect: plannersOnly, needs: ['announcement'], request: (f) => ({ path: `/api/events/${f.eventId}/announcements/${idOf(f, 'announcement')}`, body: { subject: 'Matrix edit' } }) },
  'GET /api/events/{id}/announcements/{announcementId}/recipients': { expect: everyMember, needs: ['announcement'], request: (f) => ({ path: `/api/events/${f.eventId}/announcements/${idOf(f, 'announcement')}/recipients` }) },

  'GET /api/events/{id}/budget': { expect: budgetReaders, request: (f) => ({ path: `/api/events/${f.eventId}/budget` }) },
  'PUT /api/events/{id}/budget': { expect: budgetWriters, request: (f) => ({ path: `/api/events/${f.eventId}/budget`, body: { warning_threshold_percent: 80 } }) },
  'POST /api/events/{id}/budget/items': { expect: budgetWriters, request: (f) => ({ path: `/api/events/${f.eventId}/budget/items`, body: { category: 'venue', description: 'Matrix', estimated_cost: 50 } }) },
  'PUT /api/budget/items/{id}': { expect: budgetWriters, needs: ['budgetItem'], request: (f) => ({ path: `/api/budget/items/${idOf(f, 'budgetItem')}`, body: { notes: 'matrix' } }) },
  'DELETE /api/budget/items/{id}': { expect: budgetWriters, needs: ['budgetItem'], request: (f) => ({ path: `/api/budget/items/${idOf(f, 'budgetItem')}` }) },
  'POST /api/budget/items/{id}/payments': { expect: budgetWriters, needs: ['budgetItem'], request: (f) => ({ path: `/api/budget/items/${idOf(f, 'budgetItem')}/payments`, body: { amount: 10 } }) },
  'GET /api/events/{id}/budget/cash-flow': { expect: budgetReaders, request: (f) => ({ path: `/api/events/${f.eventId}/budget/cash-flow` }) },
  'DELETE /api/budget/items/{id}/payments/{paymentId}': {
    expect: budgetWriters, needs: ['budgetItem', 'payment'],
    request: (f) => ({ path: `/api/budget/items/${idOf(f, 'budgetItem')}/payments/${idOf(f, 'payment')}` }),
  },

  'GET /api/events/{id}/vendors': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/vendors` }) },
  'POST /api/events/{id}/vendors': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/vendors`, body: { name: 'Matrix Catering', service_type: 'Catering' } }) },
  'PUT /api/vendors/{id}': { expect: writersButViewer, needs: ['vendor'], request: (f) => ({ path: `/api/vendors/${idOf(f, 'vendor')}`, body: { notes: 'matrix' } }) },
  'DELETE /api/vendors/{id}': { expect: writersButViewer, needs: ['vendor'], request: (f) => ({ path: `/api/vendors/${idOf(f, 'vendor')}` }) },
  // A payment plan is budget data: the budget's readers and writers, whoever may write the vendor.
  'GET /api/vendors/{id}/payment-plan': { expect: budgetReaders, needs: ['vendor'], request: (f) => ({ path: `/api/vendors/${idOf(f, 'vendor')}/payment-plan` }) },
  'PUT /api/vendors/{id}/payment-plan': { expect: budgetWriters, needs: ['vendor'], request: (f) => ({ path: `/api/vendors/${idOf(f, 'vendor')}/payment-plan`, body: { contract_status: 'sent' } }) },
  'POST /api/vendors/{id}/payment-plan/payments': {
    expect: budgetWriters, needs: ['vendor', 'installment'],
    request: (f) => ({ path: `/api/vendors/${idOf(f, 'vendor')}/payment-plan/payments`, body: { installment_id: idOf(f, 'installment'), amount: 10 } }),
  },

  'GET /api/events/{id}/documents': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/documents` }) },
  'POST /api/events/{id}/documents': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/documents`, body: { name: 'Matrix Plan', content_type: 'image/png', size: 5 } }) },
  'GET /api/documents/{id}': { expect: everyMember, needs: ['document'], request: (f) => ({ path: `/api/documents/${idOf(f, 'document')}` }) },
  'POST /api/documents/{id}/versions': { expect: writersButViewer, needs: ['document'], request: (f) => ({ path: `/api/documents/${idOf(f, 'document')}/versions`, body: { content_type: 'application/pdf', size: 20 } }) },
  'POST /api/documents/{id}/versions/{version}/confirm': { expect: writersButViewer, needs: ['uploadedDocument'], request: (f) => ({ path: `/api/documents/${idOf(f, 'uploadedDocument')}/versions/1/confirm` }) },
  'GET /api/documents/{id}/versions/{version}/download': { expect: everyMember, needs: ['scannedDocument'], request: (f) => ({ path: `/api/documents/${idOf(f, 'scannedDocument')}/versions/1/download` }) },
  'DELETE /api/documents/{id}': { expect: writersButViewer, needs: ['document'], request: (f) => ({ path: `/api/documents/${idOf(f, 'document')}` }) },

  // Run once functions/invitations is in the tree (issue 4, in progress): a batch for the one guest.
  'GET /api/events/{id}/invitations': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/invitations` }) },
  'POST /api/events/{id}/invitations': {
    expect: plannersOnly, needs: ['guest'],
    request: (f) => ({ path: `/api/events/${f.eventId}/invitations`, body: { guest_ids: [idOf(f, 'guest')], invitation_template: 'formal' } }),
  },

  // Webhooks send the event's changes (guests' names among them) elsewhere: a change to the event, so its planners'.
  'GET /api/events/{id}/webhooks': { expect: plannersOnly, request: (f) => ({ path: `/api/events/${f.eventId}/webhooks` }) },
  'POST /api/events/{id}/webhooks': { expect: plannersOnly, request: (f) => ({ path: `/api/events/${f.eventId}/webhooks`, body: { url: 'https://93.184.215.14/matrix', event_types: ['document.infected'] } }) },
  'GET /api/events/{id}/webhooks/{webhookId}': { expect: plannersOnly, needs: ['webhook'], request: (f) => ({ path: `/api/events/${f.eventId}/webhooks/${idOf(f, 'webhook')}` }) },
  'DELETE /api/events/{id}/webhooks/{webhookId}': { expect: plannersOnly, needs: ['webhook'], request: (f) => ({ path: `/api/events/${f.eventId}/webhooks/${idOf(f, 'webhook')}` }) },
  'POST /api/events/{id}/webhooks/{webhookId}/secret': { expect: plannersOnly, needs: ['webhook'], request: (f) => ({ path: `/api/events/${f.eventId}/webhooks/${idOf(f, 'webhook')}/secret` }) },
  'POST /api/events/{id}/webhooks/{webhookId}/enable': { expect: plannersOnly, needs: ['webhook'], request: (f) => ({ path: `/api/events/${f.eventId}/webhooks/${idOf(f, 'webhook')}/enable` }) },
  'GET /api/events/{id}/webhooks/{webhookId}/deliveries': { expect: plannersOnly, needs: ['webhook'], request: (f) => ({ path: `/api/events/${f.eventId}/webhooks/${idOf(f, 'webhook')}/deliveries` }) },
  'POST /api/events/{id}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver': {
    expect: plannersOnly, needs: ['webhook', 'webhookDelivery'],
    request: (f) => ({ path: `/api/events/${f.eventId}/webhooks/${idOf(f, 'webhook')}/deliveries/${idOf(f, 'webhookDelivery')}/redeliver` }),
  },

  'GET /api/events/{id}/tables': { expect: everyMember, needs: ['seatedTable'], request: (f) => ({ path: `/api/events/${f.eventId}/tables` }) },
  'POST /api/events/{id}/tables': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/tables`, body: { name: 'Matrix Table', seats: 6 } }) },
  'GET /api/events/{id}/seating/constraints': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/seating/constraints` }) },
  'PUT /api/events/{id}/seating/constraints': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/seating/constraints`, body: { constraints: [] } }) },
  'GET /api/events/{id}/seating/proposal': { expect: everyMember, needs: ['table', 'attendingGuest'], request: (f) => ({ path: `/api/events/${f.eventId}/seating/proposal` }) },
  'POST /api/events/{id}/seating/proposal/accept': {
    expect: writersButViewer, needs: ['table', 'attendingGuest'],
    request: (f) => ({ path: `/api/events/${f.eventId}/seating/proposal/accept`, body: { assignments: [{ table_id: idOf(f, 'table'), seat_number: 1, guest_id: idOf(f, 'attendingGuest'), plus_one: 0 }] } }),
  },
  'GET /api/events/{id}/seating/export': { expect: everyMember, needs: ['seatedTable'], request: (f) => ({ path: `/api/events/${f.eventId}/seating/export` }) },
  'PUT /api/tables/{id}': { expect: writersButViewer, needs: ['table'], request: (f) => ({ path: `/api/tables/${idOf(f, 'table')}`, body: { name: 'matrix' } }) },
  'DELETE /api/tables/{id}': { expect: writersButViewer, needs: ['table'], request: (f) => ({ path: `/api/tables/${idOf(f, 'table')}` }) },
  'PUT /api/tables/{id}/seats/{seat}': {
    expect: writersButViewer, needs: ['table', 'attendingGuest'],
    request: (f) => ({ path: `/api/tables/${idOf(f, 'table')}/seats/3`, body: { guest_id: idOf(f, 'attendingGuest') } }),
  },
  'DELETE /api/tables/{id}/seats/{seat}': { expect: writersButViewer, needs: ['seatedTable'], request: (f) => ({ path: `/api/tables/${idOf(f, 'seatedTable')}/seats/1` }) },
  'GET /api/tables/{id}/escort-cards': { expect: everyMember, needs: ['seatedTable'], request: (f) => ({ path: `/api/tables/${idOf(f, 'seatedTable')}/escort-cards` }) },
};

permissionMatrix(otherGroups, matrix);
