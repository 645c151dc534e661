import { type BusEventType, domainEventTypes } from './domain/domain-events/contract.ts';
import { guestImportRequestedType } from './domain/guests/import-requested.ts';
import { invitationOpenedType } from './domain/invitations/open-event.ts';

/**
 * The route table: the one source of truth for the HTTP API. The CDK stack makes one function per group
 * and one HTTP API route per entry from it; the local server routes requests through it; each group's
 * handler dispatches on the same `operation` names. Add a route here, then its operation in the group.
 */
export const functionGroups = ['health', 'auth', 'events', 'guests', 'rsvp', 'timeline', 'checklist', 'team', 'budget', 'vendors', 'invitations', 'documents', 'docs', 'notifications', 'webhooks', 'seating'] as const;
export type FunctionGroup = (typeof functionGroups)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RouteDefinition = {
  method: HttpMethod;
  /** API Gateway path syntax: `/api/events/{id}`. */
  path: string;
  group: FunctionGroup;
  operation: string;
  /** protected routes need a valid access token, checked at API Gateway and again in the handler. */
  access: 'public' | 'protected';
  summary: string;
  /**
   * A route kept for compatibility while its successor takes over: it still works, answers with
   * `Deprecation` and `Sunset` headers and a `Link` to the successor (shared/http/middleware/deprecation.ts),
   * and the OpenAPI document marks it deprecated.
   */
  deprecated?: RouteDeprecation;
};

export type RouteDeprecation = {
  /** The day it was deprecated and the day it may stop working (ISO dates, UTC). */
  since: string;
  sunset: string;
  /** The path that replaces it. */
  successor: string;
};

const route = (
  method: HttpMethod,
  path: string,
  group: FunctionGroup,
  operation: string,
  access: RouteDefinition['access'],
  summary: string,
  deprecated?: RouteDeprecation,
): RouteDefinition => ({ method, path, group, operation, access, summary, ...(deprecated ? { deprecated } : {}) });

/**
 * The forms that carried a secret (an invitation code, a reset or verification token) in their path,
 * replaced by the same routes with the secret in a header (the API) or a cookie (the pages): six months'
 * notice from the day they were deprecated.
 */
const secretInPath = (successor: string): RouteDeprecation => ({ since: '2026-12-06', sunset: '2027-06-30', successor });

export const routes: readonly RouteDefinition[] = [
  route('GET', '/api/health', 'health', 'health', 'public', 'Liveness and readiness of the API'),
  route('GET', '/api/openapi.json', 'docs', 'openApiDocument', 'public', 'This API as an OpenAPI 3.1 document'),
  route('GET', '/docs', 'docs', 'docsPage', 'public', 'The API reference (Swagger UI), served locally'),
  route('GET', '/docs/{asset}', 'docs', 'docsAsset', 'public', "The reference page's script and stylesheet files"),

  route('POST', '/api/auth/register', 'auth', 'register', 'public', 'Create an account and sign in'),
  route('POST', '/api/auth/login', 'auth', 'login', 'public', 'Sign in with username or email and password'),
  route('POST', '/api/auth/login/mfa', 'auth', 'loginWithSecondFactor', 'public', "Sign in's second step: the challenge and a code from the authenticator app or a recovery code"),
  route('POST', '/api/auth/refresh', 'auth', 'refresh', 'public', 'Exchange a refresh token for new tokens'),
  route('POST', '/api/auth/logout', 'auth', 'logout', 'protected', 'End the current session'),
  route('GET', '/api/auth/user', 'auth', 'currentUser', 'protected', 'The signed-in user and their stats'),
  route('DELETE', '/api/auth/user', 'auth', 'deleteAccount', 'protected', 'Delete the account (with the password): owned events transferred or deleted as chosen, teams left, sessions ended, username and email freed'),
  route('PUT', '/api/auth/user/preferences', 'auth', 'updatePreferences', 'protected', 'Choose which notification kinds also come by email'),
  route('PUT', '/api/auth/password', 'auth', 'changePassword', 'protected', 'Change the password, with the current one (and a code with a second factor on); ends every other session'),
  route('GET', '/api/auth/sessions', 'auth', 'listSessions', 'protected', 'The sessions of the account: device, sign-in, last use, which is this one'),
  route('DELETE', '/api/auth/sessions/{session_id}', 'auth', 'endSession', 'protected', 'End one session of the account (another with the password; this one too: a logout)'),
  route('POST', '/api/auth/sessions/revoke-all', 'auth', 'revokeAllSessions', 'protected', 'Sign out everywhere, with the password: end every session of the account, this one too'),
  route('GET', '/api/auth/mfa', 'auth', 'getSecondFactor', 'protected', 'Whether the account has a second factor, and how many recovery codes are left'),
  route('POST', '/api/auth/mfa/totp', 'auth', 'startMfaEnrolment', 'protected', 'Set up an authenticator app (with the password): the secret, its otpauth:// URI and a QR code'),
  route('POST', '/api/auth/mfa/totp/confirm', 'auth', 'confirmMfaEnrolment', 'protected', "Turn the second factor on with the app's first code: answers 10 recovery codes, once; ends every other session"),
  route('POST', '/api/auth/mfa/disable', 'auth', 'disableMfa', 'protected', 'Turn the second factor off (with the password and a code)'),
  route('POST', '/api/auth/mfa/recovery-codes', 'auth', 'regenerateRecoveryCodes', 'protected', 'Replace the recovery codes (with the password and a code): the new ones are shown once'),
  route('POST', '/api/auth/password/forgot', 'auth', 'forgotPassword', 'public', 'Ask for a password-reset link by email'),
  route('POST', '/api/auth/password/reset', 'auth', 'resetPassword', 'public', 'Set a new password with the token from a reset link (ends every session)'),
  route('GET', '/password/reset/{token}', 'auth', 'openPasswordResetLink', 'public', 'The reset mail\'s link: its token into a cookie, 303 to /password/reset'),
  route('GET', '/password/reset', 'auth', 'showPasswordResetPage', 'public', 'The page a reset link opens: a form for the new password'),
  route('POST', '/password/reset', 'auth', 'submitPasswordResetPage', 'public', "The reset page's form (works without JavaScript)"),
  route('POST', '/password/reset/{token}', 'auth', 'forwardPasswordResetForm', 'public', 'An older reset page\'s form: its token into the cookie, 307 to /password/reset', secretInPath('/password/reset')),
  route('POST', '/api/auth/email/verify', 'auth', 'verifyEmail', 'public', 'Confirm the email address with the token from the verification mail'),
  route('POST', '/api/auth/email/resend', 'auth', 'resendVerification', 'protected', 'Send the verification mail again (once a minute, 5 a day)'),
  route('PUT', '/api/auth/email', 'auth', 'changeEmail', 'protected', 'Change the email, with the password (and a code with a second factor on): the new address must confirm it, the old one is told'),
  // Auth's: a credential made from the caller's session, like a refresh (the realtime functions only take it).
  route('POST', '/api/realtime/ticket', 'auth', 'issueRealtimeTicket', 'protected', 'A single-use ticket (30 seconds) to open the WebSocket of live updates with'),
  route('GET', '/verify-email/{token}', 'auth', 'openVerifyEmailLink', 'public', 'The verification mail\'s link: its token into a cookie, 303 to /verify-email'),
  route('GET', '/verify-email', 'auth', 'showVerifyEmailPage', 'public', 'The page a verification link opens: one button to confirm'),
  route('POST', '/verify-email', 'auth', 'submitVerifyEmailPage', 'public', "The verification page's form (works without JavaScript)"),
  route('POST', '/verify-email/{token}', 'auth', 'forwardVerifyEmailForm', 'public', 'An older verification page\'s form: its token into the cookie, 307 to /verify-email', secretInPath('/verify-email')),

  route('GET', '/api/notifications', 'notifications', 'listNotifications', 'protected', "The caller's notifications, newest first (unread=true: unread only), with meta.unread_count"),
  route('POST', '/api/notifications/{id}/read', 'notifications', 'markNotificationRead', 'protected', 'Mark one notification read'),
  route('POST', '/api/notifications/read-all', 'notifications', 'markAllNotificationsRead', 'protected', "Mark all the caller's notifications read"),

  route('GET', '/api/events', 'events', 'listEvents', 'protected', 'Events the caller organizes or helps plan'),
  route('POST', '/api/events', 'events', 'createEvent', 'protected', 'Create an event'),
  route('GET', '/api/events/{id}', 'events', 'getEvent', 'protected', 'One event with its summaries'),
  route('PUT', '/api/events/{id}', 'events', 'updateEvent', 'protected', 'Change an event'),
  route('DELETE', '/api/events/{id}', 'events', 'deleteEvent', 'protected', 'Delete an event and everything in it'),
  route('GET', '/api/events/{id}/activity', 'events', 'listActivity', 'protected', "An event's audit trail, newest first"),

  route('GET', '/api/events/{id}/budget', 'budget', 'getBudget', 'protected', 'The budget by category with totals, payments due and alerts'),
  route('PUT', '/api/events/{id}/budget', 'budget', 'updateBudget', 'protected', 'Set the budget total, currency, exchange rates, allocations and alert thresholds'),
  route('POST', '/api/events/{id}/budget/items', 'budget', 'createBudgetItem', 'protected', 'Add a budget item'),
  route('PUT', '/api/budget/items/{id}', 'budget', 'updateBudgetItem', 'protected', 'Change a budget item'),
  route('DELETE', '/api/budget/items/{id}', 'budget', 'deleteBudgetItem', 'protected', 'Delete a budget item'),
  route('POST', '/api/budget/items/{id}/payments', 'budget', 'addPayment', 'protected', 'Record a payment of a budget item'),
  route('DELETE', '/api/budget/items/{id}/payments/{paymentId}', 'budget', 'deletePayment', 'protected', 'Delete a payment'),
  route('GET', '/api/events/{id}/budget/cash-flow', 'budget', 'getCashFlow', 'protected', "The vendors' payment schedules by month: due, paid and outstanding in the event currency"),

  route('GET', '/api/events/{id}/vendors', 'vendors', 'listVendors', 'protected', 'Vendors with their linked budget items'),
  route('POST', '/api/events/{id}/vendors', 'vendors', 'createVendor', 'protected', 'Add a vendor'),
  route('PUT', '/api/vendors/{id}', 'vendors', 'updateVendor', 'protected', 'Change a vendor (status moves forward or to cancelled)'),
  route('DELETE', '/api/vendors/{id}', 'vendors', 'deleteVendor', 'protected', 'Delete a vendor, unlinking its budget items'),
  route('GET', '/api/vendors/{id}/payment-plan', 'vendors', 'getVendorPaymentPlan', 'protected', "A vendor's contract status and payment schedule with its payments"),
  route('PUT', '/api/vendors/{id}/payment-plan', 'vendors', 'updateVendorPaymentPlan', 'protected', "Set a vendor's contract status and document, the reminders' assignee and the payment schedule (deposit and installments)"),
  route('POST', '/api/vendors/{id}/payment-plan/payments', 'vendors', 'recordInstallmentPayment', 'protected', 'Record a payment against one installment (overpaying is refused)'),

  route('GET', '/api/events/{id}/documents', 'documents', 'listDocuments', 'protected', 'Documents with their current version and linked vendor'),
  route('POST', '/api/events/{id}/documents', 'documents', 'createDocument', 'protected', 'Add a document; answers a presigned upload URL for its first version'),
  route('GET', '/api/documents/{id}', 'documents', 'getDocument', 'protected', 'One document with its versions and a short-lived download URL'),
  route('POST', '/api/documents/{id}/versions', 'documents', 'addDocumentVersion', 'protected', 'Add a version (the old ones stay); answers a presigned upload URL'),
  route('POST', '/api/documents/{id}/versions/{version}/confirm', 'documents', 'confirmDocumentUpload', 'protected', 'Confirm an upload: checks the file in the bucket against the declared size and type, then quarantines it until its malware scan'),
  route('GET', '/api/documents/{id}/versions/{version}/download', 'documents', 'downloadDocumentVersion', 'protected', 'A short-lived download URL of one version, once its malware scan is clean'),
  route('DELETE', '/api/documents/{id}', 'documents', 'deleteDocument', 'protected', 'Delete a document, its versions and their files'),

  route('GET', '/api/events/{id}/guests', 'guests', 'listGuests', 'protected', 'The guest list with filters, totals, headcount and dietary summary'),
  route('POST', '/api/events/{id}/guests', 'guests', 'addGuests', 'protected', 'Add up to 1,000 guests, each with an invitation code'),
  route('POST', '/api/events/{id}/guests/import', 'guests', 'importGuests', 'protected', 'Add guests from a CSV file (over 500 rows: a background job, 202 with its status URL)'),
  route('GET', '/api/events/{id}/guests/imports/{jobId}', 'guests', 'getGuestImport', 'protected', 'A background guest import: its status and progress, the skipped and rejected rows'),
  route('GET', '/api/events/{id}/guests/export', 'guests', 'exportGuests', 'protected', 'The guest list as CSV'),
  route('POST', '/api/events/{id}/guests/purge', 'guests', 'purgeGuests', 'protected', "Remove the guests' personal data, keeping the counts (organizer only; after the event unless forced)"),
  route('GET', '/api/events/{id}/questions', 'guests', 'listEventQuestions', 'protected', "The event's custom RSVP questions with their counts per option (the caterer's list)"),
  route('POST', '/api/events/{id}/questions', 'guests', 'createEventQuestion', 'protected', 'Add a custom RSVP question: single or multiple choice (meals), text, number or yes/no'),
  route('GET', '/api/events/{id}/questions/export', 'guests', 'exportQuestionSummary', 'protected', 'The counts per option of the custom questions as CSV'),
  route('PUT', '/api/questions/{id}', 'guests', 'updateEventQuestion', 'protected', 'Change a question (409 answers_affected when it would orphan answers already given)'),
  route('DELETE', '/api/questions/{id}', 'guests', 'deleteEventQuestion', 'protected', 'Delete a question nobody answered'),
  route('GET', '/api/events/{id}/sub-events', 'guests', 'listSubEvents', 'protected', "The event's sub-events (rehearsal dinner, ceremony, sessions) by start time, with their counts"),
  route('POST', '/api/events/{id}/sub-events', 'guests', 'createSubEvent', 'protected', 'Add a sub-event with its own time, place, capacity and optional waitlist'),
  route('GET', '/api/sub-events/{id}', 'guests', 'getSubEvent', 'protected', 'One sub-event with its counts'),
  route('PUT', '/api/sub-events/{id}', 'guests', 'updateSubEvent', 'protected', 'Change a sub-event (a larger capacity seats its waitlist)'),
  route('DELETE', '/api/sub-events/{id}', 'guests', 'deleteSubEvent', 'protected', 'Delete a sub-event nobody is invited to'),
  route('POST', '/api/sub-events/{id}/guests', 'guests', 'changeSubEventGuests', 'protected', 'Invite guests to a sub-event and remove others, in bulk'),
  route('GET', '/api/guests/{id}/sub-events', 'guests', 'getGuestSubEvents', 'protected', "A guest's invitations to sub-events with their answers"),
  route('PUT', '/api/guests/{id}/sub-events', 'guests', 'setGuestSubEvents', 'protected', 'Set the sub-events a guest is invited to'),
  route('GET', '/api/guests/{id}', 'guests', 'getGuest', 'protected', 'One guest'),
  route('PUT', '/api/guests/{id}', 'guests', 'updateGuest', 'protected', 'Change a guest'),
  route('DELETE', '/api/guests/{id}', 'guests', 'deleteGuest', 'protected', 'Remove a guest'),
  route('POST', '/api/guests/{id}/invitation-link', 'guests', 'reissueInvitationLink', 'protected', "Issue a fresh invitation link (the old one stops working)"),
  route('POST', '/api/guests/{id}/rsvp', 'guests', 'recordGuestRsvp', 'protected', "Record a guest's answer for them"),

  route('POST', '/api/events/{id}/parties', 'guests', 'createParty', 'protected', 'Create a party (household) of guests with its own RSVP link'),
  route('GET', '/api/events/{id}/parties', 'guests', 'listParties', 'protected', "The event's parties"),
  route('GET', '/api/parties/{id}', 'guests', 'getParty', 'protected', 'One party with its members'),
  route('PUT', '/api/parties/{id}', 'guests', 'updateParty', 'protected', "Change a party's name, seating or members"),
  route('DELETE', '/api/parties/{id}', 'guests', 'deleteParty', 'protected', 'Remove a party (its members stay on the list)'),
  route('POST', '/api/parties/{id}/rsvp', 'guests', 'recordPartyAnswer', 'protected', "Record a party's answer for it"),
  route('POST', '/api/parties/{id}/invitation-link', 'guests', 'reissuePartyInvitationLink', 'protected', "Issue a fresh link for a party (the old one stops working)"),
  route('POST', '/api/events/{id}/check-ins', 'guests', 'checkIn', 'protected', "Check a guest in at the door with their code: who they are, their party and choices, and whether already checked in"),
  route('POST', '/api/events/{id}/check-ins/batch', 'guests', 'uploadCheckIns', 'protected', "Upload a door device's offline scans (idempotent; conflicts reported)"),
  route('GET', '/api/events/{id}/check-ins', 'guests', 'listCheckIns', 'protected', 'The door list: attending guests by name with their check-in, and the arrived / expected counts'),
  route('POST', '/api/guests/{id}/check-in-code', 'guests', 'reissueCheckInCode', 'protected', "Issue a new check-in code for a guest (the old one is refused from now on)"),

  route('GET', '/api/rsvp', 'rsvp', 'getInvitation', 'public', 'The invitation and the answer so far, for the guest whose code is in Invitation-Code'),
  route('POST', '/api/rsvp', 'rsvp', 'answerInvitation', 'public', "A guest's answer, their code in Invitation-Code"),
  route('GET', '/api/rsvp/{code}', 'rsvp', 'getInvitationByPath', 'public', 'GET /api/rsvp with the code in the path', secretInPath('/api/rsvp')),
  route('POST', '/api/rsvp/{code}', 'rsvp', 'answerInvitationByPath', 'public', 'POST /api/rsvp with the code in the path', secretInPath('/api/rsvp')),
  route('GET', '/api/party-rsvp', 'rsvp', 'getPartyInvitation', 'public', "A party's invitation and each member's answer, the party's code in Invitation-Code"),
  route('POST', '/api/party-rsvp', 'rsvp', 'answerPartyInvitation', 'public', "One answer for a party's members, the party's code in Invitation-Code"),
  route('GET', '/rsvp/{code}', 'rsvp', 'openRsvpLink', 'public', 'An invitation\'s link: its code into a cookie, 303 to /rsvp'),
  route('GET', '/rsvp', 'rsvp', 'showRsvpPage', 'public', 'The RSVP page a guest opens from the invitation'),
  route('GET', '/rsvp/calendar.ics', 'rsvp', 'downloadRsvpCalendar', 'public', "The guest's own calendar file (the page's cookie): one VEVENT per sub-event they attend, and the event while they attend it"),
  route('POST', '/rsvp', 'rsvp', 'submitRsvpPage', 'public', "The RSVP page's form (works without JavaScript)"),
  route('POST', '/rsvp/{code}', 'rsvp', 'forwardRsvpForm', 'public', 'An older RSVP page\'s form: its code into the cookie, 307 to /rsvp', secretInPath('/rsvp')),

  route('POST', '/api/events/{id}/invitations', 'invitations', 'sendInvitations', 'protected', 'Queue invitation emails to guests (now or at send_date); 202 with the batch'),
  route('GET', '/api/events/{id}/invitations', 'invitations', 'listInvitations', 'protected', "A page of invitation batches, or of one batch's per-guest rows"),
  route('POST', '/api/events/{id}/announcements', 'invitations', 'sendAnnouncement', 'protected', 'Email a message to a segment of the guests (all, attending, not answered, a party, a sub-event, a table) through the outbox, now or at send_at; 202'),
  route('GET', '/api/events/{id}/announcements', 'invitations', 'listEventAnnouncements', 'protected', "A page of the event's announcements, newest first, with their delivery counts"),
  route('POST', '/api/events/{id}/announcements/{announcementId}/cancel', 'invitations', 'cancelAnnouncement', 'protected', 'Cancel a scheduled announcement before its sending starts; its quota charge is given back'),
  route('PUT', '/api/events/{id}/announcements/{announcementId}', 'invitations', 'updateAnnouncement', 'protected', "Change a scheduled announcement's subject, message or send_at before its sending starts (not its segment)"),
  route('GET', '/api/events/{id}/announcements/{announcementId}/recipients', 'invitations', 'listAnnouncementRecipients', 'protected', "A page of an announcement's recipients, each with how their email stands"),

  route('GET', '/api/events/{id}/timeline', 'timeline', 'listTimeline', 'protected', 'Milestones and tasks in due order, with the critical path, slack and progress'),
  route('POST', '/api/events/{id}/timeline', 'timeline', 'createTimelineItem', 'protected', 'Add a milestone or task (dependencies may not make a cycle)'),
  route('PUT', '/api/timeline/{id}', 'timeline', 'updateTimelineItem', 'protected', 'Change or complete a timeline item'),
  route('DELETE', '/api/timeline/{id}', 'timeline', 'deleteTimelineItem', 'protected', "Delete a timeline item (and drop it from others' dependencies)"),
  route('GET', '/api/events/{id}/calendar-feed', 'timeline', 'getCalendarFeedStatus', 'protected', "Whether the caller has a calendar feed of the event, and what it shows (never its URL)"),
  route('POST', '/api/events/{id}/calendar-feed', 'timeline', 'createCalendarFeed', 'protected', "A private iCalendar subscription URL of the event's dates for the caller, answered once; a new one ends the old URL"),
  route('DELETE', '/api/events/{id}/calendar-feed', 'timeline', 'deleteCalendarFeed', 'protected', "Revoke the caller's calendar feed: its URL answers 404 from now on"),
  route('GET', '/calendar/{token}', 'timeline', 'readCalendarFeed', 'public', "A member's calendar feed (text/calendar): the event and the timeline and checklist due dates they may read"),

  route('GET', '/api/events/{id}/checklist', 'checklist', 'listChecklist', 'protected', 'Checklist items grouped by category, with counts'),
  route('POST', '/api/events/{id}/checklist', 'checklist', 'createChecklistItem', 'protected', "Add a checklist item, or an event type's template (no duplicates)"),
  route('PUT', '/api/checklist/{id}', 'checklist', 'updateChecklistItem', 'protected', 'Tick off or change a checklist item'),
  route('DELETE', '/api/checklist/{id}', 'checklist', 'deleteChecklistItem', 'protected', 'Delete a checklist item'),

  route('GET', '/api/events/{id}/team', 'team', 'listTeamMembers', 'protected', 'A page of the planning team (members, then open invitations; 50 by default): roles, permissions, contact info'),
  route('POST', '/api/events/{id}/team', 'team', 'addTeamMember', 'protected', 'Invite a user or an email to the team (pending until accepted)'),
  route('POST', '/api/events/{id}/team/accept', 'team', 'acceptTeamInvitation', 'protected', 'Accept an invitation to the team (with the token of its email, or as the account or verified address it was sent to)'),
  route('GET', '/team-invitations/{token}', 'team', 'openTeamInvitationLink', 'public', 'A team invitation email\'s link: its token into a cookie, 303 to /team-invitations'),
  route('GET', '/team-invitations', 'team', 'showTeamInvitationPage', 'public', 'The page a team invitation email links to: the event, role and inviter, and how to accept'),
  route('POST', '/api/events/{id}/transfer', 'team', 'transferEventOwnership', 'protected', 'Hand the event to another member (organizer only)'),
  route('PUT', '/api/events/{id}/team/mfa-requirement', 'team', 'setTeamMfaRequirement', 'protected', "Require a second factor of every team member on this event (the event's owner only)"),
  route('GET', '/api/events/{id}/webhooks', 'webhooks', 'listWebhooks', 'protected', "The event's webhook endpoints (organizer and coordinators)"),
  route('POST', '/api/events/{id}/webhooks', 'webhooks', 'createWebhook', 'protected', 'Register an https endpoint for chosen domain event types; answers its signing secret, once'),
  route('GET', '/api/events/{id}/webhooks/{webhookId}', 'webhooks', 'getWebhook', 'protected', 'One webhook endpoint: its status and when its secrets expire'),
  route('DELETE', '/api/events/{id}/webhooks/{webhookId}', 'webhooks', 'deleteWebhook', 'protected', 'Delete a webhook endpoint'),
  route('POST', '/api/events/{id}/webhooks/{webhookId}/secret', 'webhooks', 'rotateWebhookSecret', 'protected', 'A new signing secret, answered once; the previous one still signs for 24 hours'),
  route('POST', '/api/events/{id}/webhooks/{webhookId}/enable', 'webhooks', 'enableWebhook', 'protected', 'Turn a disabled webhook endpoint on again'),
  route('GET', '/api/events/{id}/webhooks/{webhookId}/deliveries', 'webhooks', 'listWebhookDeliveries', 'protected', "An endpoint's delivery log, newest first: status, attempts, last error"),
  route('POST', '/api/events/{id}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver', 'webhooks', 'redeliverWebhook', 'protected', 'Send a delivery again (within a minute), with a fresh 24 hours of retries'),

  route('GET', '/api/events/{id}/tables', 'seating', 'listTables', 'protected', 'The tables with who sits where, and the seating constraints (the chart)'),
  route('POST', '/api/events/{id}/tables', 'seating', 'createTable', 'protected', 'Add a table (name, shape, seats)'),
  route('PUT', '/api/tables/{id}', 'seating', 'updateTable', 'protected', "Change a table's name, shape or seats (fewer seats only while the dropped ones are free)"),
  route('DELETE', '/api/tables/{id}', 'seating', 'deleteTable', 'protected', 'Delete an empty table'),
  route('PUT', '/api/tables/{id}/seats/{seat}', 'seating', 'assignSeat', 'protected', 'Seat an attending guest or one of their plus-ones here (a move if seated elsewhere; 409 seat_taken)'),
  route('DELETE', '/api/tables/{id}/seats/{seat}', 'seating', 'unassignSeat', 'protected', 'Free a seat'),
  route('GET', '/api/events/{id}/seating/constraints', 'seating', 'getSeatingConstraints', 'protected', 'The keep-together and keep-apart constraints'),
  route('PUT', '/api/events/{id}/seating/constraints', 'seating', 'updateSeatingConstraints', 'protected', 'Replace the keep-together and keep-apart constraints (versioned)'),
  route('GET', '/api/events/{id}/seating/proposal', 'seating', 'proposeSeatingPlan', 'protected', 'A proposed seating of the attending people without a seat, and the constraints it could not honour (writes nothing)'),
  route('POST', '/api/events/{id}/seating/proposal/accept', 'seating', 'acceptSeatingProposal', 'protected', 'Apply a proposal (or an edit of it): each placement conditional, the refused ones listed'),
  route('GET', '/api/events/{id}/seating/export', 'seating', 'exportSeatingChart', 'protected', 'The seating chart as CSV'),
  route('GET', '/api/tables/{id}/escort-cards', 'seating', 'tableEscortCards', 'protected', "A table's escort cards as a printable HTML page"),

  route('PUT', '/api/team/{id}', 'team', 'updateTeamMember', 'protected', "Change a member's role and permissions"),
  route('DELETE', '/api/team/{id}', 'team', 'removeTeamMember', 'protected', 'Remove a member or an invitation, or leave the team'),
];

/** `GET /api/events/{id}`: API Gateway's routeKey for a route. */
export const routeKey = (definition: Pick<RouteDefinition, 'method' | 'path'>): string =>
  `${definition.method} ${definition.path}`;

/** Scheduled functions, fired by EventBridge schedules in the stack and by timers locally. */
export const schedules = [
  { name: 'reminders', entry: 'reminders', everyMinutes: 15, summary: 'Reminders for items due soon' },
  { name: 'overspend', entry: 'overspend', everyMinutes: 60, summary: 'Overspend alerts for budgets' },
  { name: 'outbox', entry: 'outbox', everyMinutes: 1, summary: 'Sends pending notices and due invitation batches' },
  { name: 'privacy', entry: 'privacy', everyMinutes: 24 * 60, summary: "Purges guests' personal data of events past the retention period" },
  { name: 'webhook-retries', entry: 'webhook-retries', everyMinutes: 1, summary: 'Tries the failed webhook deliveries again when their backoff is over (24 hours at most)' },
  { name: 'accounts', entry: 'accounts', everyMinutes: 60, summary: 'Deletes accounts whose email was not verified within 7 days (squatting expiry)' },
] as const;

/**
 * Consumers of the domain events (shared/domain/domain-events/contract.ts), wired by one EventBridge rule each on
 * the API's bus (source `event-planning.api`, these detail types) in the stack; locally the event bus of
 * infra/local/event-bus.ts matches the same table and calls the same handlers in-process.
 */
export const eventRules = [
  { name: 'notifications', target: 'notify', detailTypes: domainEventTypes, summary: 'In-app notifications (and opted-in emails) for the people concerned' },
  { name: 'realtime', target: 'realtime-push', detailTypes: domainEventTypes, summary: "Pushes a changed event's counters to its WebSocket subscribers" },
  { name: 'invitation-opens', target: 'invitation-opens', detailTypes: [invitationOpenedType], summary: "Records a guest's first look at their RSVP page on the invitation row and its batch's open count" },
  { name: 'webhooks', target: 'webhook-dispatch', detailTypes: domainEventTypes, summary: "Delivers each domain event to the event's webhook endpoints subscribed to its type, signed" },
  { name: 'seating-release', target: 'seating-release', detailTypes: ['rsvp.received', 'rsvp.changed', 'guest.removed'], summary: "Unseats a guest who stopped attending or was removed (and plus-ones no longer brought), and tells the organizer" },
  { name: 'guest-import', target: 'guest-import', detailTypes: [guestImportRequestedType], summary: 'Runs a background CSV guest import: its rows in checkpointed transactions, with progress pushed to the WebSocket' },
] as const satisfies readonly { name: string; target: string; detailTypes: readonly BusEventType[]; summary: string }[];
export type EventRuleTarget = (typeof eventRules)[number]['target'];

/**
 * Consumers of AWS services' events about this API's resources, which arrive on the account's default
 * bus (not the API's own): one rule each in the stack. Locally a stand-in sends the same events to the
 * same handler: the malware scanner stub (infra/local/malware-scanner.ts), run by the local bus after
 * each confirmed upload.
 */
export const serviceEventRules = [
  {
    name: 'document-scans',
    target: 'document-scan',
    source: 'aws.guardduty',
    detailTypes: ['GuardDuty Malware Protection Object Scan Result'],
    summary: "Records GuardDuty Malware Protection's scan result of each uploaded document version (quarantine until clean)",
  },
] as const satisfies readonly { name: string; target: string; source: string; detailTypes: readonly string[]; summary: string }[];
export type ServiceEventRuleTarget = (typeof serviceEventRules)[number]['target'];

/**
 * CORS as API Gateway applies it (the stack's corsPreflight and the local server both read this);
 * allowed origins come from CORS_ALLOWED_ORIGINS. The browser may send these request headers and read
 * these response headers.
 */
export const corsPolicy = {
  allowMethods: [...new Set(routes.map((definition) => definition.method))],
  allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'Invitation-Code'],
  exposeHeaders: ['Location', 'Retry-After', 'X-Request-Id', 'Deprecation', 'Sunset', 'Link'],
  maxAgeSeconds: 600,
} as const;
