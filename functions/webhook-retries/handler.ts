import type { Context, ScheduledEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { dueDeliveries } from '#shared/data/webhooks/deliveries.ts';
import { webhookKeys } from '#shared/data/keys.ts';
import { createLogger } from '#shared/logger.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';
import { type AttemptResult, attemptDelivery } from '#shared/webhooks/deliver.ts';

/**
 * Every minute (and on demand: `npm run schedule:run -- webhook-retries`): the webhook deliveries due by
 * now, found by a Query of each shard of the `WEBHOOKDUE` partitions of GSI2 (never a Scan), each tried
 * again under its lease (shared/webhooks/deliver.ts). A page at a time per shard, ten attempts at once,
 * until the shards are drained of due work or the run is near its timeout. The clock is a parameter:
 * EventBridge's scheduled time in AWS, any instant in tests.
 */
const PAGE = 50;
const AT_ONCE = 10;
const SAFETY_MARGIN_MS = 30_000;

export type RetryRun = Record<AttemptResult, number>;

export async function runWebhookRetries(now: Date, deadline: number): Promise<RetryRun> {
  const run: RetryRun = { delivered: 0, retrying: 0, failed: 0, skipped: 0 };
  for (const partition of webhookKeys.duePartitions()) {
    // Another page only while the last one moved something: leased deliveries stay due until their attempt ends.
    for (let progressed = true; progressed && Date.now() < deadline;) {
      const due = await dueDeliveries(partition, now, PAGE);
      progressed = false;
      for (let start = 0; start < due.length; start += AT_ONCE) {
        const results = await Promise.all(due.slice(start, start + AT_ONCE).map((delivery) => attemptDelivery(delivery, now)));
        for (const result of results) {
          run[result] += 1;
          if (result !== 'skipped') progressed = true;
        }
      }
      if (due.length < PAGE) break;
    }
  }
  return run;
}

async function handle(event: ScheduledEvent, context: Context): Promise<RetryRun> {
  const log = createLogger({ component: 'webhook-retries', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const run = await runWebhookRetries(new Date(event.time ?? Date.now()), Date.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS);
  log.info('webhook retries', run);
  return run;
}

export const handler = tracedHandler(handle);
