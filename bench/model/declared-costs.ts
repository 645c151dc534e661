import type { RouteCost } from './capacity.ts';
import { routeNames } from './profile.ts';

/**
 * Costs the measuring run does not reach (the weekly digest needs a week of due items across events; the
 * notice email follows from it), declared from the code and docs/data-model.md so the model covers the
 * Monday peak. Units assume items under 1 KB (4 KB for reads); a transactional write counts 2.
 */
export const declaredCosts: RouteCost[] = [
  {
    // functions/rsvp/page.ts openRsvpLink (shared/pages/mailed-link.ts linkOpening): the invitation's link
    // sets the page's cookie and answers 303, touching no table; a request and a short invocation of its own.
    route: routeNames.rsvpLink,
    fn: 'rsvp',
    source: 'declared',
    calls: 0,
    durationMs: 5,
    memoryMb: 512,
    touches: [],
    emails: 0,
    busEvents: 0,
    viaApi: true,
  },
  {
    // functions/domain-event-stream: the table stream's consumer, invoked by Lambda's event source mapping
    // with the answer's audit entry (docs/domain-events.md). Its PutEvents and the UpdateItem that takes the
    // entry out of the outbox are measured with the bus consumers (bench/model/measure.ts); what is left is
    // the invocation. Declared at one record per invocation, the low-rate case: at the big event's burst a
    // batch holds up to 100 records, so this over-counts the peak's invocations (and its concurrency).
    route: routeNames.streamRecord,
    fn: 'domain-event-stream',
    source: 'declared',
    calls: 0,
    durationMs: 30,
    memoryMb: 512,
    touches: [],
    emails: 0,
    busEvents: 0,
    viaApi: false,
  },
  {
    // functions/reminders/digests.ts per event: its share of the 7 DUE#<day> pages, one BatchGetItem (event
    // + digest record) per 50 events, one TransactWriteItems: the REMINDER# record and the notice (NOTICE#,
    // filed under NOTICES#<event> in GSI1 and OUTBOX#PENDING in GSI2).
    route: routeNames.digest,
    fn: 'reminders',
    source: 'declared',
    calls: 1.2,
    durationMs: 15,
    memoryMb: 512,
    touches: [
      { family: 'DUE#', index: 'gsi2', op: 'read', units: 0.5 },
      { family: 'EVENT#', index: 'table', op: 'read', units: 1 },
      { family: 'EVENT#', index: 'table', op: 'write', units: 2 },
      { family: 'NOTICE#', index: 'table', op: 'write', units: 2 },
      { family: 'NOTICES#', index: 'gsi1', op: 'write', units: 1 },
      { family: 'OUTBOX#PENDING', index: 'gsi2', op: 'write', units: 1 },
    ],
    emails: 0,
    busEvents: 0,
    viaApi: false,
  },
  {
    // functions/outbox/notice-sender.ts per one-recipient notice: its share of the OUTBOX#PENDING page, the
    // recipient's user item and suppression check, the SENT# claim and record, the notice leaving GSI2.
    route: routeNames.noticeSent,
    fn: 'outbox',
    source: 'declared',
    calls: 6,
    durationMs: 40,
    memoryMb: 1024,
    touches: [
      { family: 'OUTBOX#PENDING', index: 'gsi2', op: 'read', units: 0.1 },
      { family: 'NOTICE#', index: 'table', op: 'read', units: 0.5 },
      { family: 'USER#', index: 'table', op: 'read', units: 0.5 },
      { family: 'SUPPRESSED#', index: 'table', op: 'read', units: 0.5 },
      { family: 'NOTICE#', index: 'table', op: 'write', units: 3 },
      { family: 'OUTBOX#PENDING', index: 'gsi2', op: 'write', units: 1 },
      { family: 'NOTICES#', index: 'gsi1', op: 'write', units: 1 },
    ],
    emails: 1,
    busEvents: 0,
    viaApi: false,
  },
];
