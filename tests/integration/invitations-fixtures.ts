import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { handler as invitationsHandler } from '../../functions/invitations/handler.ts';
import { runOutbox } from '../../functions/outbox/run.ts';
import { deliverToEmailEvents, drainSesEvents } from '../../infra/local/ses-events.ts';
import { db } from '../../shared/data/client.ts';
import { getEventsByIds } from '../../shared/data/events/records.ts';
import { eventSnapshot, noticePut } from '../../shared/data/notices.ts';
import { transact } from '../../shared/data/transact.ts';
import type { EventRecord } from '../../shared/domain/events/rules.ts';
import { sesClient } from '../../shared/email/ses.ts';
import { createLogger } from '../../shared/logger.ts';
import type { HttpMethod } from '../../shared/routes.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { sesLogAtFileStart } from '../support/ses-file-start.ts';
import { createEvent, weddingInput } from './events-fixtures.ts';
import { type StoredEmail, storedEmailsTo } from '../../infra/local/ses-store.ts';

/**
 * Shared by the invitation and outbox tests: the routes, a sender run, and the SES emulator's store. The
 * emulator is shared by every test file of the run, so each test mails its own unique addresses and
 * reads back only those.
 */
export function invitationsApi(user: SignedInUser, method: HttpMethod, path: string, body?: unknown, query?: Record<string, string>) {
  return invoke(invitationsHandler, makeHttpEvent({ method, path, token: user.token, query, ...(body === undefined ? {} : { body }) }));
}

const quiet = createLogger({ component: 'test' }, 'silent');

/** One sender run at `now` (default: the real clock), with all the time it wants. */
export const runSender = (now = new Date()) => runOutbox({ now, deadline: Date.now() + 120_000, log: quiet });

let sesEventsRead = 0;

/**
 * Hands the SES emulator's Send events not yet handed over to the email-events function, as the
 * EventBridge rule does in AWS, from where the log stood when this file began (the emulator is the run's:
 * events of files running beside it name rows this file's table does not hold, and come back `row_gone`).
 * Answers the outcomes.
 */
export async function deliverSesEvents(): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  const from = Math.max(sesEventsRead, sesLogAtFileStart());
  sesEventsRead = await drainSesEvents(inject('sesEndpoint'), from, async (event) => outcomes.push(await deliverToEmailEvents(event)));
  return outcomes;
}

/** A tag unique to one test, to put in its addresses. */
export const uniqueTag = () => randomBytes(5).toString('hex');

/**
 * A planner named after a fresh tag (so `emailsFor(`planner_${tag}`)` reads only their mail) whose 2034
 * event has an overspend budget_alert notice recorded, as the budget routes record it, for the sender.
 */
export async function plannerWithBudgetAlert() {
  const tag = uniqueTag();
  const planner = await signedInUser(`planner_${tag}`);
  const event = await createEvent(planner, { ...weddingInput, event_date: '2034-06-20T18:00:00Z' });
  const [stored] = (await getEventsByIds([event.id])) as EventRecord[];
  const alert = noticePut({
    kind: 'budget_alert', event_id: event.id, event: eventSnapshot(stored as EventRecord), changes: [], actor_id: 'system:overspend',
    recipient_user_ids: [planner.userId], alerts: [{ line: 'overall:over', kind: 'over', label: 'Overall budget', message: 'Spending is over the budget.', value: 26000, limit: 25000.5, currency: 'GBP' }],
  }, new Date());
  await transact([alert.write]);
  return { tag, planner, eventId: event.id as string };
}

/** Every email the emulator holds for addresses containing `tag`. */
export const emailsFor = (tag: string): Promise<StoredEmail[]> => storedEmailsTo(inject('sesEndpoint'), tag);

/** The address inside `"Name" <address>`. */
export const addressOf = (to: string) => /<([^>]+)>/.exec(to)?.[1] ?? to;

/**
 * Makes SES calls fail for a while: `decide` sees each SendEmail's recipient and answers an error to
 * throw instead of sending (or null to let it through). Added before the SDK's retry step, so only the
 * sender's own handling sees it. Returns the function that removes it.
 */
export function injectSesFailures(decide: (recipient: string) => Error | null): () => void {
  const name = `inject-${uniqueTag()}`;
  sesClient().middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Destination?: { ToAddresses?: string[] } };
      const error = decide(input.Destination?.ToAddresses?.[0] ?? '');
      if (error) throw error;
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => sesClient().middlewareStack.remove(name);
}

/** Makes DynamoDB writes fail while `fails` says so for the sort key of the (first) item written. */
export function injectDynamoFailures(fails: (sortKey: string) => boolean): () => void {
  const name = `inject-db-${uniqueTag()}`;
  db().middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Key?: { sk?: string }; TransactItems?: Array<{ Update?: { Key?: { sk?: string } } }> };
      const sortKey = input.Key?.sk ?? input.TransactItems?.[0]?.Update?.Key?.sk ?? '';
      if (fails(sortKey)) throw Object.assign(new Error('connection reset'), { name: 'NetworkingError' });
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => db().middlewareStack.remove(name);
}

export const sesError = (name: string, message = name) => Object.assign(new Error(message), { name });
