import type { SenderRun } from './run-summary.ts';

export const OUTBOX_METRIC_NAMESPACE = 'EventPlanning/Outbox';
export const OLDEST_PENDING_AGE_METRIC = 'OldestPendingAgeSeconds';

/**
 * The run's oldest pending age as a CloudWatch metric, through the embedded metric format: fields to add
 * to the run's log line, which CloudWatch Logs turns into the metric without an API call (the sender's
 * only cost is the line it writes anyway). Dimension: the function's name, which carries the stack's
 * name, so two stages in one account never mix their backlogs. Nothing when the run could not read the
 * index: the missing point is itself what the alarm treats as a breach (infra/constructs/outbox-alarms.ts).
 */
export function backlogMetric(run: SenderRun, functionName: string, now: Date): Record<string, unknown> {
  if (run.oldest_pending_age_seconds === null) return {};
  return {
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [{ Namespace: OUTBOX_METRIC_NAMESPACE, Dimensions: [['FunctionName']], Metrics: [{ Name: OLDEST_PENDING_AGE_METRIC, Unit: 'Seconds' }] }],
    },
    FunctionName: functionName,
    [OLDEST_PENDING_AGE_METRIC]: run.oldest_pending_age_seconds,
  };
}
