import type { Context } from 'aws-lambda';
import type { Logger } from '../../shared/logger.ts';
import { ASYNC_INVOKE_RETRIES, type AsyncTarget } from '../async-targets.ts';
import type { DeadLetter, LocalDeadLetters } from './dead-letters.ts';
import { loadHandler } from './function-entries.ts';
import { lambdaContext } from './lambda-context.ts';

export type AsyncHandler = (event: never, context: Context) => Promise<unknown>;
/** Finds a target's handler: functions/<target>/handler.ts, or a stand-in a test wraps around it. */
export type HandlerSource = (target: AsyncTarget) => Promise<AsyncHandler>;

export const functionHandler: HandlerSource = (target) => loadHandler<AsyncHandler>(target);

const callOnce = async (target: AsyncTarget, event: unknown, handlerFor: HandlerSource) => {
  const handler = await handlerFor(target);
  return handler(event as never, lambdaContext(`event-planning-local-${target}`));
};

/**
 * Lambda's asynchronous invocation, as EventBridge makes it in AWS: the handler, and when it throws two
 * retries (Lambda waits a minute, then two; locally a moment), then the event goes to the target's
 * dead-letter queue with the last error, where `npm run dlq:redrive -- <target>` finds it. Never throws
 * for the handler's error, as nothing waits on an asynchronous invocation.
 */
export async function invokeAsync(input: {
  target: AsyncTarget;
  event: unknown;
  deadLetters: LocalDeadLetters;
  log: Logger;
  handlerFor?: HandlerSource;
}): Promise<{ delivered: true } | { delivered: false; deadLetter: DeadLetter }> {
  const attempts = ASYNC_INVOKE_RETRIES + 1;
  let lastError = '';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      await callOnce(input.target, input.event, input.handlerFor ?? functionHandler);
      return { delivered: true };
    } catch (error) {
      lastError = (error as Error)?.message ?? String(error);
      input.log.error('async target failed', { target: input.target, attempt, of: attempts, message: lastError });
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
  const deadLetter = await input.deadLetters.put({ target: input.target, event: input.event, error: lastError, attempts });
  input.log.error('event dead-lettered', { target: input.target, deadLetter: deadLetter.id, redrive: `npm run dlq:redrive -- ${input.target}` });
  return { delivered: false, deadLetter };
}

export type RedriveResult = { target: AsyncTarget; delivered: number; failed: Array<{ id: string; error: string }> };

/**
 * Replays the target's dead letters into its function, oldest first, each once: a letter leaves the queue
 * only when the function succeeded, and stays (for a later redrive) when it threw again. The functions are
 * idempotent, so a letter replayed after a crash between the success and the removal does no harm.
 */
export async function redriveDeadLetters(input: { target: AsyncTarget; deadLetters: LocalDeadLetters; handlerFor?: HandlerSource }): Promise<RedriveResult> {
  const result: RedriveResult = { target: input.target, delivered: 0, failed: [] };
  for (const letter of await input.deadLetters.list(input.target)) {
    const claim = await input.deadLetters.claim(letter);
    if (!claim) continue;
    try {
      await callOnce(input.target, letter.event, input.handlerFor ?? functionHandler);
    } catch (error) {
      await claim.release();
      result.failed.push({ id: letter.id, error: (error as Error)?.message ?? String(error) });
      continue;
    }
    await claim.done();
    result.delivered += 1;
  }
  return result;
}
