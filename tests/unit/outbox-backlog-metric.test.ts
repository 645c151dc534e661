import { describe, expect, it } from 'vitest';
import { backlogMetric, OLDEST_PENDING_AGE_METRIC, OUTBOX_METRIC_NAMESPACE } from '../../functions/outbox/backlog-metric.ts';
import { emptyRun } from '../../functions/outbox/run-summary.ts';

/** The outbox's backlog metric in the embedded metric format, as CloudWatch Logs extracts it. */
describe('the outbox backlog metric', () => {
  const now = new Date('2026-12-06T12:00:00Z');

  it('publishes the oldest pending age in seconds, by the function name, in the same log line', () => {
    const fields = backlogMetric({ ...emptyRun(), oldest_pending_age_seconds: 900 }, 'Stack-OutboxFunction-abc', now);

    expect(fields).toEqual({
      _aws: {
        Timestamp: now.getTime(),
        CloudWatchMetrics: [{ Namespace: OUTBOX_METRIC_NAMESPACE, Dimensions: [['FunctionName']], Metrics: [{ Name: OLDEST_PENDING_AGE_METRIC, Unit: 'Seconds' }] }],
      },
      FunctionName: 'Stack-OutboxFunction-abc',
      OldestPendingAgeSeconds: 900,
    });
    // Every dimension and metric the directive names is a field of the line, or CloudWatch drops the point.
    const directive = (fields._aws as { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0];
    for (const name of [...(directive?.Dimensions.flat() ?? []), ...(directive?.Metrics.map((metric) => metric.Name) ?? [])]) expect(fields).toHaveProperty(name);
  });

  it('reports 0 when nothing is due, and nothing when the run could not read the index', () => {
    expect(backlogMetric({ ...emptyRun(), oldest_pending_age_seconds: 0 }, 'outbox', now)).toMatchObject({ OldestPendingAgeSeconds: 0 });
    expect(backlogMetric(emptyRun(), 'outbox', now)).toEqual({});
  });
});
