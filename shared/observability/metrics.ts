import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { businessMetrics } from './metric-names.ts';

/**
 * The business metrics, through Powertools for AWS Lambda's Metrics: CloudWatch's embedded metric format,
 * one JSON line that CloudWatch Logs turns into metrics without an API call. Namespace
 * POWERTOOLS_METRICS_NAMESPACE (the stack sets `EventPlanning-<stage>`, so two stages in one account never
 * mix), dimension `service` (POWERTOOLS_SERVICE_NAME, the function's folder under functions/). Metrics
 * added during an invocation are flushed as one line when it ends (the logMetrics middleware,
 * shared/observability/middlewares.ts); a metric with a dimension of its own is written at once.
 * Locally and in the tests POWERTOOLS_METRICS_DISABLED keeps them out of the output (nothing reads them).
 */
export { businessMetrics };

/**
 * Metrics' own notices go to the logs. Most invocations add no business metric, so a flush with nothing
 * to publish is the ordinary case here, not the mistake Powertools warns of: that one notice is debug.
 */
const EMPTY_FLUSH = /^No application metrics to publish/;
const diagnostics = () => createLogger({ component: 'metrics' }, config().LOG_LEVEL);
const metricsLogger = {
  trace: (message: string) => diagnostics().debug(message),
  debug: (message: string) => diagnostics().debug(message),
  info: (message: string) => diagnostics().info(message),
  warn: (message: string) => (EMPTY_FLUSH.test(message) ? diagnostics().debug(message) : diagnostics().warn(message)),
  error: (message: string) => diagnostics().error(message),
};

let instance: Metrics | undefined;

/** The process's Metrics, made on first use: after the function's variables are in place (locally too). */
export function metrics(): Metrics {
  instance ??= new Metrics({ logger: metricsLogger });
  return instance;
}

const count = (name: string, value: number): void => {
  if (value > 0) metrics().addMetric(name, MetricUnit.Count, value);
};

/** Invitation emails SES accepted in one outbox run. */
export const countInvitationsSent = (sent: number): void => count(businessMetrics.invitationsSent, sent);

/**
 * The answers' own single-metric instance, made once: `singleMetric()` builds a new Metrics (reading the
 * environment, making a Console) on every call, a cost on every answer. A single-metric instance writes
 * its line on `addMetric` and clears the dimensions it was given, so one serves every answer.
 */
let answers: Metrics | undefined;

/** The instances this module made, for the tests that turn metrics on while they capture the output. */
export const metricInstances = (): Metrics[] => [metrics(), ...(answers ? [answers] : [])];

/** A guest's answer saved (by the guest or a planner for them), by the status it left them in. */
export function countRsvpAnswered(answer: string): void {
  answers ??= metrics().singleMetric();
  answers.addDimension('answer', answer);
  answers.addMetric(businessMetrics.rsvpAnswered, MetricUnit.Count, 1);
}

/** Recipients SES reported bounced (permanent or transient) in one event. */
export const countEmailsBounced = (recipients: number): void => count(businessMetrics.emailsBounced, recipients);

/** The outbox's due work as one run found it: how many entries, and how late the oldest. */
export function recordOutboxBacklog(backlog: { dueEntries: number; oldestAgeSeconds: number }): void {
  metrics().addMetric(businessMetrics.outboxBacklog, MetricUnit.Count, backlog.dueEntries);
  metrics().addMetric(businessMetrics.outboxOldestAgeSeconds, MetricUnit.Seconds, backlog.oldestAgeSeconds);
}

/** A DynamoDB transaction cancelled by a concurrent one on the same items, about to be tried again. */
export const countTransactionConflictRetried = (): void => count(businessMetrics.transactionConflictsRetried, 1);

/** A 503 answered: AWS busy after the SDK's retries, or contention that outlasted ours. */
export const countServiceUnavailableGiven = (): void => count(businessMetrics.serviceUnavailableGiven, 1);
