/**
 * Every key shape of the single table, one builder per entity. docs/data-model.md lists the access
 * patterns that use them. Nothing outside shared/data builds a key string.
 */
import { partitionsToRead, shardedPartition } from './shards/partition.ts';

type Key = { pk: string; sk: string };

/**
 * Shards per cross-tenant GSI2 family (docs/data-model.md, "Hot keys": the write rates behind each).
 * Only ever raise one: a reader Queries shards 0..count-1, so items filed under a smaller count are still
 * found, while lowering it would hide the items in the shards dropped.
 */
export const shardCounts = { outbox: 32, due: 16, budgetChange: 8 } as const;

const eventPk = (eventId: string) => `EVENT#${eventId}`;

export const userKeys = {
  item: (userId: string): Key => ({ pk: `USER#${userId}`, sk: 'USER' }),
  usernameClaim: (username: string): Key => ({ pk: `USERNAME#${username.toLowerCase()}`, sk: 'CLAIM' }),
  emailClaim: (email: string): Key => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'CLAIM' }),
  audit: (userId: string, entryId: string): Key => ({ pk: `USER#${userId}`, sk: `AUDIT#${entryId}` }),
  /** The emails to guests the user queued on one UTC day (`2026-12-05`): the daily sending quota's counter. */
  sendQuota: (userId: string, day: string): Key => ({ pk: `USER#${userId}`, sk: `SENDQUOTA#${day}` }),
  /** GSI1 partition listing the events a user belongs to. */
  membershipsPartition: (userId: string) => `USER#${userId}`,
};

export const sessionKeys = {
  item: (sessionId: string): Key => ({ pk: `SESSION#${sessionId}`, sk: 'SESSION' }),
  /** A user's sessions: one reference row per session in the user's partition, written with the session. */
  userReference: (userId: string, sessionId: string): Key => ({ pk: `USER#${userId}`, sk: `SESSION#${sessionId}` }),
  userReferencePrefix: 'SESSION#',
  /**
   * The sessions a user signed in to since it was last recounted (`sessions`: id and sign-in time), read
   * with the user at sign-in so the cap is kept without a Query (docs/accounts.md).
   */
  roster: (userId: string): Key => ({ pk: `USER#${userId}`, sk: 'SESSIONROSTER' }),
  /**
   * The operator's cut-off (`end-sessions --all`): one item; every session signed in at or before its
   * `not_before` has ended. Read in the same BatchGetItem as the session it judges.
   */
  cutOff: { pk: 'SESSIONS', sk: 'CUTOFF' } as Key,
};

/**
 * Mails to an account (not a guest): password reset, and the kinds shared/domain/accounts/account-mail.ts
 * lists. One item per mail, pending in the outbox (GSI2 `OUTBOX#PENDING#<shard>`) until sent or skipped.
 */
export const accountMailKeys = {
  item: (mailId: string): Key => ({ pk: `ACCOUNTMAIL#${mailId}`, sk: 'ACCOUNTMAIL' }),
};

/**
 * The one live single-use token of a purpose (`password_reset`, ...) for a user: only its SHA-256 is
 * stored, next to the user; a newer mail's token replaces an older one.
 */
export const accountTokenKeys = {
  item: (userId: string, purpose: string): Key => ({ pk: `USER#${userId}`, sk: `ACCOUNTTOKEN#${purpose}` }),
};

export const eventKeys = {
  partition: eventPk,
  item: (eventId: string): Key => ({ pk: eventPk(eventId), sk: 'EVENT' }),
  member: (eventId: string, userId: string): Key => ({ pk: eventPk(eventId), sk: `MEMBER#${userId}` }),
  /** GSI1 sort key of a membership: the user's events in creation order. */
  membershipSort: (eventId: string) => `EVENT#${eventId}`,
  audit: (eventId: string, entryId: string): Key => ({ pk: eventPk(eventId), sk: `AUDIT#${entryId}` }),
  auditPrefix: 'AUDIT#',
  memberPrefix: 'MEMBER#',
};

/** Children of an event: all live in the event's item collection, found by id through eventIdOfChild. */
export const childKinds = {
  guest: 'GUEST',
  budgetItem: 'BUDGET',
  budgetCategory: 'CATEGORY',
  payment: 'PAYMENT',
  vendor: 'VENDOR',
  timelineItem: 'TIMELINE',
  checklistItem: 'CHECKLIST',
  invitation: 'INVITATION',
  document: 'DOCUMENT',
  question: 'QUESTION',
  party: 'PARTY',
  table: 'TABLE',
  subEvent: 'SUBEVENT',
} as const;
export type ChildKind = keyof typeof childKinds;

export const childKeys = {
  item: (kind: ChildKind, eventId: string, childId: string): Key => ({
    pk: eventPk(eventId),
    sk: `${childKinds[kind]}#${childId}`,
  }),
  prefix: (kind: ChildKind) => `${childKinds[kind]}#`,
};

/**
 * The lock of a party's name in its event's collection, `PARTYNAME#<name key>` holding `party_id`: a CSV
 * import joins the party its name locks, and creates a party only with the lock (docs/guest-import.md).
 */
export const partyNameKeys = {
  lock: (eventId: string, nameKey: string): Key => ({ pk: eventPk(eventId), sk: `PARTYNAME#${nameKey}` }),
};

/**
 * A background guest import (shared/domain/guests/import-job.ts) in its event's collection: the job item
 * `GUESTIMPORT#<jobId>` and the file's checked rows in parts `GUESTIMPORT#<jobId>#ROWS#0001`, so deleting
 * the event deletes them too.
 */
export const guestImportKeys = {
  job: (eventId: string, jobId: string): Key => ({ pk: eventPk(eventId), sk: `GUESTIMPORT#${jobId}` }),
  rows: (eventId: string, jobId: string, part: number): Key => ({ pk: eventPk(eventId), sk: `GUESTIMPORT#${jobId}#ROWS#${String(part).padStart(4, '0')}` }),
};

/** The versions of a document, in its event's collection, in number order: `DOCVERSION#<docId>#0001`. */
export const documentVersionKeys = {
  item: (eventId: string, documentId: string, number: number): Key => ({ pk: eventPk(eventId), sk: `DOCVERSION#${documentId}#${String(number).padStart(4, '0')}` }),
  prefixOf: (documentId: string) => `DOCVERSION#${documentId}#`,
  allPrefix: 'DOCVERSION#',
};

/** GSI1 on guest items: every guest record of one email across events (a user's "events attended"). */
export const guestEmailKeys = {
  partition: (email: string) => `GUESTEMAIL#${email.toLowerCase()}`,
  sort: (eventId: string, guestId: string) => `EVENT#${eventId}#GUEST#${guestId}`,
};

/**
 * Within an event's collection: one claim per guest email (so an email is on a guest list once, enforced
 * by the table), the waitlist in arrival order, and the guest-list statistics (dietary counts).
 */
export const guestListKeys = {
  emailClaim: (eventId: string, email: string): Key => ({ pk: eventPk(eventId), sk: `GUESTEMAIL#${email.toLowerCase()}` }),
  waitlistEntry: (eventId: string, waitlistedAt: string, guestId: string): Key => ({ pk: eventPk(eventId), sk: `WAITLIST#${waitlistedAt}#${guestId}` }),
  waitlistPrefix: 'WAITLIST#',
  stats: (eventId: string): Key => ({ pk: eventPk(eventId), sk: 'GUESTSTATS' }),
};

/**
 * The guest list's orders besides creation (issue 15): every guest is in GSI2 under its event's list and
 * in GSI3 under its event's list of its answer, both sorted by its name key (shared/domain/guests/
 * name-key.ts) then its id, so a page by name, a name prefix (`q`) and an answer's page by name are one
 * Query each. `\u0001` ends the name: it sorts below the space, so `ada` comes before `ada byron`.
 */
export const guestIndexKeys = {
  byNamePartition: (eventId: string) => `GUESTS#${eventId}`,
  byStatusPartition: (eventId: string, status: string) => `GUESTS#${eventId}#${status.toUpperCase()}`,
  sort: (nameKey: string, guestId: string) => `${nameKey}\u0001${guestId}`,
};

/** Guest lookups by the SHA-256 of an invitation code (public RSVP page). */
export const invitationCodeKeys = {
  item: (codeHash: string): Key => ({ pk: `INVCODE#${codeHash}`, sk: 'INVCODE' }),
};

/** Outbox of notices to send (emails to guests and planners). Outlives the event it is about. */
export const noticeKeys = {
  item: (noticeId: string): Key => ({ pk: `NOTICE#${noticeId}`, sk: 'NOTICE' }),
  /** GSI1 partition: the notices recorded for one event. */
  byEventPartition: (eventId: string) => `NOTICES#${eventId}`,
  /** Recipients snapshotted into a notice whose event is being deleted (guests vanish with it), in parts. */
  recipients: (noticeId: string, part: number): Key => ({ pk: `NOTICE#${noticeId}`, sk: `RECIPIENTS#${String(part).padStart(4, '0')}` }),
  recipientsPrefix: 'RECIPIENTS#',
};

/**
 * GSI2: the outbox's pending work — notices and invitation batches — present on an item only while it
 * has something left to send (sparse), sorted by when it is next due, in one of `shardCounts.outbox`
 * shards by the entry's id. The sender queries `sort <= now` in every shard and merges them.
 * One sent record per notice recipient, next to the notice, makes each send once-only.
 */
const OUTBOX_PENDING = 'OUTBOX#PENDING';
export const outboxKeys = {
  /** The shard of the entry with this id (notice, batch, audit entry or account mail id). */
  partition: (entryId: string) => shardedPartition(OUTBOX_PENDING, entryId, shardCounts.outbox),
  partitionsToRead: () => partitionsToRead(OUTBOX_PENDING, shardCounts.outbox),
  /** What every pending partition, sharded or not, starts with. */
  pendingPrefix: OUTBOX_PENDING,
  /** DOMAINEVENT: an audit entry whose domain events are not yet published (its id is the entry's). */
  sort: (dueIso: string, kind: 'NOTICE' | 'INVITATION' | 'DOMAINEVENT' | 'ACCOUNTMAIL', id: string) => `${dueIso}#${kind}#${id}`,
  /** When the entry with this sort key is due (the ISO time `sort` starts with). */
  dueOf: (sortKey: string) => sortKey.slice(0, sortKey.indexOf('#')),
  noticeSent: (noticeId: string, recipientKey: string): Key => ({ pk: `NOTICE#${noticeId}`, sk: `SENT#${recipientKey}` }),
  noticeSentPrefix: 'SENT#',
};

/**
 * Invitation batches (child kind `invitation`: `INVITATION#<batchId>`) in the event's collection, and their
 * recipients, one row per guest and batch, in partitions of their own (issue 15): `INVITEES#<batchId>#<shard>`,
 * `INVITEE#<guestId>`, the shard a stable hash of the guest id mod `INVITEE_SHARDS` (docs/capacity-model.md:
 * 20,000 rows in 20 s are 254 WCU/s a key at 4 shards, against 1,000). Rows written before 0008 are in the
 * event's collection (`legacy*`: `INVITEE#<batchId>#<guestId>`) until the migration moves them. A batch being
 * recorded is marked in the event's collection (`INVITEEBATCH#<batchId>`) until its batch item is written,
 * so an event's deletion finds the rows of a request that failed between the two.
 */
export const INVITEE_SHARDS = 4;
export const invitationKeys = {
  recipient: (batchId: string, guestId: string): Key => ({ pk: shardedPartition(`INVITEES#${batchId}`, guestId, INVITEE_SHARDS), sk: `INVITEE#${guestId}` }),
  /** Every shard partition of a batch's rows. */
  recipientPartitions: (batchId: string) => Array.from({ length: INVITEE_SHARDS }, (_, shard) => `INVITEES#${batchId}#${shard}`),
  recipientSortPrefix: 'INVITEE#',
  pendingBatch: (eventId: string, batchId: string): Key => ({ pk: eventPk(eventId), sk: `INVITEEBATCH#${batchId}` }),
  pendingBatchPrefix: 'INVITEEBATCH#',
  legacyRecipient: (eventId: string, batchId: string, guestId: string): Key => ({ pk: eventPk(eventId), sk: `INVITEE#${batchId}#${guestId}` }),
  legacyRecipientsOf: (batchId: string) => `INVITEE#${batchId}#`,
  legacyRecipientPrefix: 'INVITEE#',
};

/**
 * The vendors list's filters as sparse index partitions (issue 15): a vendor is in its status's GSI3
 * partition and its service type's (lower case) GSI2 partition, sorted by its id, so a filtered page is
 * one Query as the unfiltered one is (`VENDOR#` in the collection).
 */
export const vendorIndexKeys = {
  byStatus: (eventId: string, status: string) => `VENDORS#${eventId}#STATUS#${status}`,
  byService: (eventId: string, serviceType: string) => `VENDORS#${eventId}#SERVICE#${serviceType.toLowerCase()}`,
};

/**
 * The documents list's filters as sparse index partitions, like the vendors': a document is in its
 * category's GSI3 partition and, when it names one, its vendor's GSI2 partition, sorted by its id.
 */
export const documentIndexKeys = {
  byCategory: (eventId: string, category: string) => `DOCUMENTS#${eventId}#CATEGORY#${category}`,
  byVendor: (eventId: string, vendorId: string) => `DOCUMENTS#${eventId}#VENDOR#${vendorId}`,
};

/** Addresses never mailed again (a permanent bounce or a complaint reported by SES). */
export const suppressionKeys = {
  item: (email: string): Key => ({ pk: `SUPPRESSED#${email.toLowerCase()}`, sk: 'SUPPRESSED' }),
};

/** GSI2: items due on one calendar day (UTC), for reminders and scheduled sends, sharded by the item's id. */
export const dueKeys = {
  partition: (day: string, itemId: string) => shardedPartition(`DUE#${day}`, itemId, shardCounts.due),
  partitionsToRead: (day: string) => partitionsToRead(`DUE#${day}`, shardCounts.due),
  sort: (isoTime: string, kind: string, id: string) => `${isoTime}#${kind}#${id}`,
};

/** GSI2: budget changes recorded on one calendar day (UTC), read by the overspend job, sharded by event. */
export const budgetChangeKeys = {
  partition: (day: string, eventId: string) => shardedPartition(`BUDGETCHANGE#${day}`, eventId, shardCounts.budgetChange),
  partitionsToRead: (day: string) => partitionsToRead(`BUDGETCHANGE#${day}`, shardCounts.budgetChange),
  /** One marker per event and day in the event's collection, overwritten by each change that day. */
  marker: (eventId: string, day: string): Key => ({ pk: eventPk(eventId), sk: `BUDGETCHANGE#${day}` }),
  /** GSI2 sort key of a marker: the time of the day's latest change, then the event. */
  sort: (isoTime: string, eventId: string) => `${isoTime}#EVENT#${eventId}`,
};

/**
 * Budget lines an event has crossed (one item per line while it stays crossed), in the event's collection.
 * `BUDGETALERT#` and `BUDGETCHANGE#` sort between `BUDGET#` and `CATEGORY#`, so one Query of that range
 * reads an event's items, alerts and categories together.
 */
export const budgetAlertKeys = {
  item: (eventId: string, line: string): Key => ({ pk: eventPk(eventId), sk: `BUDGETALERT#${line}` }),
  prefix: 'BUDGETALERT#',
  /** The sort-key range [from, to] holding budget items, alerts, change markers and categories. */
  budgetRange: { from: 'BUDGET#', to: 'CATEGORY#\uffff' },
};

/**
 * A user's notifications, in the user's partition; the id is the domain event's, so one domain event
 * makes at most one notification per user. While unread, a notification is also in GSI1 under
 * `UNREAD#<userId>` (sparse): the unread count is a count of that index, which TTL deletions keep exact.
 */
export const notificationKeys = {
  item: (userId: string, notificationId: string): Key => ({ pk: `USER#${userId}`, sk: `NOTIFICATION#${notificationId}` }),
  prefix: 'NOTIFICATION#',
  unreadPartition: (userId: string) => `UNREAD#${userId}`,
  unreadSort: (notificationId: string) => `NOTIFICATION#${notificationId}`,
};

export const rateLimitKeys = {
  window: (scope: string, subject: string, windowStart: number): Key => ({
    pk: `RATE#${scope}#${subject}`,
    sk: `WINDOW#${windowStart}`,
  }),
};

/**
 * Sign-in throttling state beside the windows: one item per account and source address (consecutive
 * failures and the current lock), and the sources an account has signed in from (its owner's devices).
 */
export const loginThrottleKeys = {
  pair: (account: string, source: string): Key => ({ pk: `RATE#login-pair#${account}#${source}`, sk: 'STATE' }),
  /** Second-factor codes guessed against an account, from any address (the backoff of a pair, per account). */
  secondFactor: (account: string): Key => ({ pk: `RATE#mfa-code#${account}`, sk: 'STATE' }),
  knownSource: (userId: string, source: string): Key => ({ pk: `USER#${userId}`, sk: `LOGINSOURCE#${source}` }),
};

/**
 * A second factor (TOTP, docs/mfa.md): one item next to the user holding the sealed secret, the last time
 * step used, the hashes of the unused recovery codes and an enrolment in progress. A sign-in's challenge
 * between its password and its code, by the challenge's SHA-256, outside the user's partition (the
 * challenge is all the second step presents). TTL removes a challenge.
 */
export const secondFactorKeys = {
  factor: (userId: string): Key => ({ pk: `USER#${userId}`, sk: 'MFA' }),
  challenge: (challengeHash: string): Key => ({ pk: `MFACHALLENGE#${challengeHash}`, sk: 'MFACHALLENGE' }),
  /** The account of a factor item read whole (the operator's re-seal), or null for another item. */
  userOfFactor: (key: Key): string | null => (key.sk === 'MFA' && key.pk.startsWith('USER#') ? key.pk.slice('USER#'.length) : null),
};

export const idempotencyKeys = {
  item: (callerId: string, key: string): Key => ({ pk: `IDEMPOTENCY#${callerId}`, sk: `KEY#${key}` }),
  /** The caller and Idempotency-Key of a record read whole (the operator's re-seal), or null for another item. */
  partsOf: (key: Key): { callerId: string; key: string } | null =>
    key.pk.startsWith('IDEMPOTENCY#') && key.sk.startsWith('KEY#') ? { callerId: key.pk.slice('IDEMPOTENCY#'.length), key: key.sk.slice('KEY#'.length) } : null,
};

/**
 * The planning team, within the event's collection: an invitation of someone without an account yet
 * (its id is a child id of the event), and the claim that keeps one invitation per email and event.
 * A member's id in the API is the event id followed by the user id (`teamMemberId`).
 */
export const teamKeys = {
  invite: (eventId: string, inviteId: string): Key => ({ pk: eventPk(eventId), sk: `TEAMINVITE#${inviteId}` }),
  invitePrefix: 'TEAMINVITE#',
  inviteEmailClaim: (eventId: string, email: string): Key => ({ pk: eventPk(eventId), sk: `TEAMEMAIL#${email.toLowerCase()}` }),
  /**
   * The lookup row of an invitation's single-use token, by the token's SHA-256 (the plain token is never
   * stored): outside the event's collection, since the page finds the event through it. TTL removes it.
   */
  token: (tokenHash: string): Key => ({ pk: `TEAMTOKEN#${tokenHash}`, sk: 'TEAMTOKEN' }),
};

/**
 * A reminder the reminders job has recorded, in the event's collection (gone with the event): its key
 * names what it reminds of, so recording it twice fails and a rerun never sends it again.
 */
export const reminderKeys = {
  sent: (eventId: string, reminderKey: string): Key => ({ pk: eventPk(eventId), sk: `REMINDER#${reminderKey}` }),
};

/**
 * When an event's guest reminders are due (`rsvp_reminder`, `day_before`): one small marker per kind in
 * the event's collection, filed in GSI2 under `DUE#<day>#<shard>` at its moment (an item has one GSI2 entry, and
 * the event item's own is better left free). Rewritten with the event's date, zone, deadline or status.
 */
export const eventReminderKeys = {
  marker: (eventId: string, reminder: string): Key => ({ pk: eventPk(eventId), sk: `EVENTREMINDER#${reminder}` }),
  /** The GSI2 kind segment (`dueKeys.sort`) of a marker. */
  dueKind: (reminder: string) => `EVENTREMINDER_${reminder.toUpperCase()}`,
};

/**
 * A vendor's payment plan (contract and payment schedule, shared/domain/vendor-payments/plan.ts), one item per
 * vendor in the event's collection (`PAYPLAN#<vendorId>`: one Query of the prefix reads an event's plans), and
 * the markers that file its installments' reminders in GSI2 `DUE#<day>#<shard>` (one per installment and kind).
 */
export const paymentPlanKeys = {
  plan: (eventId: string, vendorId: string): Key => ({ pk: eventPk(eventId), sk: `PAYPLAN#${vendorId}` }),
  prefix: 'PAYPLAN#',
  reminder: (eventId: string, installmentId: string, reminder: string): Key => ({ pk: eventPk(eventId), sk: `PAYREMINDER#${installmentId}#${reminder}` }),
  /** The GSI2 kind segment (`dueKeys.sort`) of a marker. */
  dueKind: (reminder: string) => `VENDORPAYMENT_${reminder.toUpperCase()}`,
};

/**
 * Real-time (WebSocket) connections and their event subscriptions. They live OUTSIDE every event's item
 * collection, so deleting an event or listing its children by prefix never meets them; all carry the
 * connection's TTL (API Gateway closes a WebSocket after 2 hours at most).
 */
export const realtimeKeys = {
  /** One per open connection: who it is, the session it was opened with, the events it follows. */
  connection: (connectionId: string): Key => ({ pk: `WSCONN#${connectionId}`, sk: 'CONNECTION' }),
  /** GSI1 partition of a connection item: a user's open connections (pushes to users). */
  userConnectionsPartition: (userId: string) => `WSUSER#${userId}`,
  /** One per (event, connection): an event's subscribers are one Query of `SUBS#<eventId>`. */
  subscription: (eventId: string, connectionId: string): Key => ({ pk: `SUBS#${eventId}`, sk: `WSCONN#${connectionId}` }),
  subscribersPartition: (eventId: string) => `SUBS#${eventId}`,
  /**
   * A single-use connect ticket (POST /api/realtime/ticket), by the SHA-256 of the ticket (the plain
   * ticket is never stored); consumed by the $connect authorizer, removed by TTL if never used.
   */
  ticket: (ticketHash: string): Key => ({ pk: `WSTICKET#${ticketHash}`, sk: 'WSTICKET' }),
  ticketPartitionPrefix: 'WSTICKET#',
};

/**
 * When an event's guest data is due to be purged (issue 8): one marker in the event's collection, filed
 * in GSI2 under `GUESTPURGE#<day>` of its due time (the event's end plus the retention), rewritten with
 * the event's date or zone; the privacy job Queries the recent days' partitions, never Scans.
 * Not sharded: written at event creation and date changes only (docs/data-model.md, "Hot keys").
 */
export const guestPurgeKeys = {
  marker: (eventId: string): Key => ({ pk: eventPk(eventId), sk: 'GUESTPURGE' }),
  partition: (day: string) => `GUESTPURGE#${day}`,
  sort: (dueIso: string, eventId: string) => `${dueIso}#EVENT#${eventId}`,
};

/**
 * Accounts not yet verified (squatting expiry): one marker per such user, written with the account and
 * deleted when the address is verified, filed in GSI2 under the day the account expires unverified.
 * Not sharded: one Put and one Delete per registration (docs/data-model.md, "Hot keys").
 */
export const unverifiedAccountKeys = {
  marker: (userId: string): Key => ({ pk: `USER#${userId}`, sk: 'UNVERIFIED' }),
  partition: (day: string) => `UNVERIFIED#${day}`,
  sort: (expiresIso: string, userId: string) => `${expiresIso}#USER#${userId}`,
};

/**
 * An account being deleted (DELETE /api/auth/user): one marker per such user, written with the user's
 * `deleting_at` when the owner confirmed, filed in GSI2 under one partition (few at a time) by when it
 * began, so the accounts job finishes a deletion the request could not; deleted with the user item last.
 * Not sharded: a few account deletions a second at most (docs/data-model.md, "Hot keys").
 */
export const accountDeletionKeys = {
  marker: (userId: string): Key => ({ pk: `USER#${userId}`, sk: 'DELETION' }),
  partition: 'ACCOUNTDELETION',
  sort: (beganIso: string, userId: string) => `${beganIso}#USER#${userId}`,
};

export type { Key };

/**
 * A data migration's checkpoint (shared/data/migrations, docs/migrations.md): one item per migration id
 * with its status, the Scan's cursor, its counts and the runner's lease.
 */
export const migrationKeys = {
  checkpoint: (migrationId: string): Key => ({ pk: `MIGRATION#${migrationId}`, sk: 'STATE' }),
};

/**
 * Webhooks (docs/webhooks.md): an event's endpoints `WEBHOOK#<endpointId>` and each endpoint's deliveries
 * `WHDELIVERY#<endpointId>#<domain event id>` in the event's collection (deleted with it; a log page is one
 * Query of an endpoint's prefix). A delivery waiting for a retry is also in GSI2 under `WEBHOOKDUE#<shard>`
 * (sparse, sharded by its id, sorted by when it is due): the retry job Queries `sort <= now` in each shard.
 */
const WEBHOOK_DUE_SHARDS = 4;
export const webhookKeys = {
  endpoint: (eventId: string, endpointId: string): Key => ({ pk: eventPk(eventId), sk: `WEBHOOK#${endpointId}` }),
  endpointPrefix: 'WEBHOOK#',
  delivery: (eventId: string, endpointId: string, deliveryId: string): Key => ({ pk: eventPk(eventId), sk: `WHDELIVERY#${endpointId}#${deliveryId}` }),
  deliveriesOf: (endpointId: string) => `WHDELIVERY#${endpointId}#`,
  duePartition: (deliveryId: string) => shardedPartition('WEBHOOKDUE', deliveryId, WEBHOOK_DUE_SHARDS),
  duePartitions: () => Array.from({ length: WEBHOOK_DUE_SHARDS }, (_, shard) => `WEBHOOKDUE#${shard}`),
  dueSort: (dueIso: string, deliveryId: string) => `${dueIso}#${deliveryId}`,
};

/**
 * Seating (docs/seating.md), in the event's collection besides the tables (child kind `table`): one item
 * per taken seat `SEAT#<tableId>#<seat 001>` (who sits there; created only if absent, so a seat is never
 * booked twice), one per seated person `SEATOF#<guestId>#<slot>` (where they sit, with the table's name:
 * the table of a guest is one GetItem), and the event's seating settings `SEATING` (the keep-together /
 * keep-apart constraints and the table count under its cap).
 */
export const seatingKeys = {
  seat: (eventId: string, tableId: string, seatNumber: number): Key => ({ pk: eventPk(eventId), sk: `SEAT#${tableId}#${String(seatNumber).padStart(3, '0')}` }),
  seatsOfTable: (tableId: string) => `SEAT#${tableId}#`,
  seatPrefix: 'SEAT#',
  /** A sub-event's seat of the person ends with `#<subEventId>`: one seat per person at the event's tables and one per sub-event. */
  seatOf: (eventId: string, guestId: string, slot: number, subEventId?: string): Key => ({ pk: eventPk(eventId), sk: `SEATOF#${guestId}#${String(slot).padStart(2, '0')}${subEventId ? `#${subEventId}` : ''}` }),
  seatsOfGuest: (guestId: string) => `SEATOF#${guestId}#`,
  settings: (eventId: string): Key => ({ pk: eventPk(eventId), sk: 'SEATING' }),
};

/**
 * Calendar feeds (docs/calendar-feeds.md): a member's private iCalendar subscription of one event,
 * `CALFEED#<userId>` in the event's collection (deleted with it), holding only the SHA-256 of its token.
 * The token itself starts with the event's and the member's ids, so the feed finds this item directly.
 */
export const calendarFeedKeys = {
  item: (eventId: string, userId: string): Key => ({ pk: eventPk(eventId), sk: `CALFEED#${userId}` }),
};

/**
 * Sub-events (docs/sub-events.md), in their event's collection: a guest's invitation to one sub-event
 * `SUBINVITE#<guestId>#<subEventId>` (a guest's invitations are one Query) and a sub-event's waitlist in
 * arrival order `SUBWAIT#<subEventId>#<waitlistedAt>#<guestId>`. The sub-event itself is a child
 * (`SUBEVENT#<id>`, childKinds.subEvent).
 */
export const subEventKeys = {
  invitation: (eventId: string, guestId: string, subEventId: string): Key => ({ pk: eventPk(eventId), sk: `SUBINVITE#${guestId}#${subEventId}` }),
  invitationsOfGuest: (guestId: string) => `SUBINVITE#${guestId}#`,
  invitationPrefix: 'SUBINVITE#',
  waitlistEntry: (eventId: string, subEventId: string, waitlistedAt: string, guestId: string): Key => ({ pk: eventPk(eventId), sk: `SUBWAIT#${subEventId}#${waitlistedAt}#${guestId}` }),
  waitlistOf: (subEventId: string) => `SUBWAIT#${subEventId}#`,
  /** When a sub-event's day-before reminder is due: one marker per sub-event, filed in GSI2 `DUE#<day>#<shard>` at its moment. */
  reminderMarker: (eventId: string, subEventId: string): Key => ({ pk: eventPk(eventId), sk: `SUBREMINDER#${subEventId}` }),
  /** The GSI2 kind segment (`dueKeys.sort`) of a marker. */
  reminderDueKind: 'SUBEVENTREMINDER_DAY_BEFORE',
};

/**
 * Announcements (docs/announcements.md): an announcement is a notice (`NOTICE#<id>`, noticeKeys) that is
 * also on GSI3 in its event's history partition `ANNOUNCEMENTS#<eventId>`, sorted `<created_at>#<id>`, so
 * the history is a page of one Query.
 */
export const announcementKeys = {
  historyPartition: (eventId: string) => `ANNOUNCEMENTS#${eventId}`,
  historySort: (createdAt: string, noticeId: string) => `${createdAt}#${noticeId}`,
};

/**
 * The due instants of an event's open timeline items (docs/capacity-model.md, issue 15): one item beside
 * the event item, `TIMELINEDUE`, one top-level attribute per open item (its id, its due instant), so the
 * event item keeps its size whatever the timeline's.
 */
export const openDueKeys = {
  item: (eventId: string): Key => ({ pk: eventPk(eventId), sk: 'TIMELINEDUE' }),
};
