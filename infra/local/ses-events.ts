import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { Logger } from '../../shared/logger.ts';
import { functionEntryExists, loadHandler } from './function-entries.ts';
import { lambdaContext } from './lambda-context.ts';
import { emailEventsTarget } from '../async-targets.ts';
import { invokeAsync } from './async-invoke.ts';
import type { LocalDeadLetters } from './dead-letters.ts';

/**
 * SES's events, locally: the SES emulator (infra/local/ses-emulator.ts) keeps an "Email Sent" event per
 * accepted message, and this feed reads them in order from `GET /events?after=<n>` and hands each to the
 * email-events function, as the stack's EmailEventsRule does in AWS. It starts from the beginning of the
 * emulator's log (the function is idempotent), and the first read finishes before the stack serves
 * anything, so a restarted stack knows every send of the process before it when its outbox first runs.
 * `from: 'latest'` starts after the newest event instead, for an emulator shared with others (a test run's:
 * its earlier events are other files' mail, for other tables, thousands by the end of `npm test`).
 * Each event is an asynchronous invocation, as the rule's in AWS: retried twice when the function throws,
 * then dead-lettered (infra/local/async-invoke.ts), and the feed moves on.
 */
type EmailEventsHandler = (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<unknown>;
type Page = { events: Array<{ position: number; event: EventBridgeEvent<string, unknown> }>; next: number; latest: number };

const EMAIL_EVENTS_ENTRY = emailEventsTarget;

/** Deliveries in flight: events are independent (the consumer is idempotent), and a restart may find thousands. */
const DELIVERIES_IN_PARALLEL = 16;

/** Delivers every event after `after` to `deliver`, a page at a time; answers the position reached. */
export async function drainSesEvents(sesEndpoint: string, after: number, deliver: (event: EventBridgeEvent<string, unknown>) => Promise<unknown>): Promise<number> {
  let position = after;
  for (;;) {
    const response = await fetch(`${sesEndpoint}/events?after=${position}`);
    if (!response.ok) throw new Error(`the SES emulator's events answered ${response.status}`);
    const page = (await response.json()) as Page;
    if (page.events.length === 0) return position;
    for (let start = 0; start < page.events.length; start += DELIVERIES_IN_PARALLEL) {
      await Promise.all(page.events.slice(start, start + DELIVERIES_IN_PARALLEL).map(({ event }) => deliver(event)));
    }
    position = page.next;
  }
}

/** Hands an SES event to the email-events function, as its EventBridge rule would. */
export async function deliverToEmailEvents(event: EventBridgeEvent<string, unknown>): Promise<unknown> {
  const handler = await loadHandler<EmailEventsHandler>(EMAIL_EVENTS_ENTRY);
  return handler(event, lambdaContext(`event-planning-local-${EMAIL_EVENTS_ENTRY}`));
}

export type RunningSesEventFeed = { stop: () => Promise<void> };

/** The position of the emulator's newest event (0 when it has none). */
export async function latestSesEvent(sesEndpoint: string): Promise<number> {
  const response = await fetch(`${sesEndpoint}/events?after=${Number.MAX_SAFE_INTEGER}`);
  if (!response.ok) throw new Error(`the SES emulator's events answered ${response.status}`);
  return ((await response.json()) as Page).latest;
}

export async function startSesEventFeed(options: { sesEndpoint: string; everyMs: number; log: Logger; deadLetters: LocalDeadLetters; from?: 'first' | 'latest' }): Promise<RunningSesEventFeed> {
  if (!functionEntryExists(EMAIL_EVENTS_ENTRY)) return { stop: async () => undefined };
  const deliver = (event: EventBridgeEvent<string, unknown>) => invokeAsync({ target: EMAIL_EVENTS_ENTRY, event, deadLetters: options.deadLetters, log: options.log });
  let position = options.from === 'latest' ? await latestSesEvent(options.sesEndpoint) : await drainSesEvents(options.sesEndpoint, 0, deliver);
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = drainSesEvents(options.sesEndpoint, position, deliver)
      .then((reached) => {
        position = reached;
      })
      // The emulator did not answer, or a dead letter could not be written: the page is read again on the next tick.
      .catch((error: Error) => options.log.error('SES events feed failed', { message: error.message }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.everyMs).unref();
      });
  };
  let timer = setTimeout(tick, options.everyMs).unref();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
