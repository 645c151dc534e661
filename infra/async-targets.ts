import { eventRules, schedules, serviceEventRules } from '../shared/routes.ts';

/** The function that records SES's sending events (its rule is the stack's, not the route table's). */
export const emailEventsTarget = 'email-events';

/**
 * Every function EventBridge invokes asynchronously, by its folder under functions/: the schedules, the
 * consumers of the domain events and of AWS services' events, and the SES event recorder. Each has a
 * dead-letter queue of that name (in AWS an SQS queue, locally a folder under .data/dead-letters), so an
 * event its function keeps failing on waits for a redrive instead of being dropped
 * (docs/runbooks/dlq-redrive.md).
 */
export const asyncTargets = [
  ...schedules.map((schedule) => schedule.entry),
  ...eventRules.map((rule) => rule.target),
  ...serviceEventRules.map((rule) => rule.target),
  emailEventsTarget,
] as const;
export type AsyncTarget = (typeof asyncTargets)[number];

export const isAsyncTarget = (name: string): name is AsyncTarget => (asyncTargets as readonly string[]).includes(name);

/** Lambda's asynchronous invocation: the first attempt and two retries before the event is dead-lettered. */
export const ASYNC_INVOKE_RETRIES = 2;

/** The SQS queue of one target in one stack: the redrive command finds it by this name. */
export const deadLetterQueueName = (stackName: string, target: AsyncTarget): string => `${stackName}-${target}-dead-letters`;
