import { describe, expect, it } from 'vitest';
import { type DeadLetterQueue, deadLetterOf, type QueueMessage, redriveQueue } from '../../scripts/dead-letters/redrive-aws.ts';

/**
 * The AWS redrive (`npm run dlq:redrive -- <target> --aws`) over a queue and a function played in memory:
 * which event and function each kind of message holds, and that a message leaves the queue only when the
 * function succeeded on it.
 */
const functionArn = 'arn:aws:lambda:us-east-1:123456789012:function:EventPlanning-prod-NotifyFunction';
const event = { id: 'e-1', 'detail-type': 'event.changed', source: 'event-planning.api', detail: { event_id: 'x' } };

const onFailureRecord = (id: string): QueueMessage => ({
  id,
  receipt: `r-${id}`,
  attributes: {},
  body: JSON.stringify({
    version: '1.0',
    requestContext: { requestId: 'q', functionArn: `${functionArn}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
    requestPayload: { ...event, id },
    responseContext: { statusCode: 200, functionError: 'Unhandled' },
    responsePayload: { errorMessage: 'down' },
  }),
});
const undelivered = (id: string): QueueMessage => ({ id, receipt: `r-${id}`, attributes: { TARGET_ARN: functionArn, ERROR_CODE: 'SDK_CLIENT_ERROR' }, body: JSON.stringify({ ...event, id }) });

function queueOf(messages: QueueMessage[]): DeadLetterQueue & { left: () => string[] } {
  const held = [...messages];
  return {
    // SQS answers the same messages again until they are deleted (this run's visibility timeout aside).
    receive: async () => held.slice(0, 10),
    remove: async (message) => {
      held.splice(held.findIndex((candidate) => candidate.id === message.id), 1);
    },
    left: () => held.map((message) => message.id),
  };
}

describe('the AWS redrive of a dead-letter queue', () => {
  it("reads the event and the function from Lambda's on-failure record and from EventBridge's dead letter", () => {
    expect(deadLetterOf(onFailureRecord('a'))).toEqual({ functionArn: `${functionArn}:$LATEST`, event: { ...event, id: 'a' } });
    expect(deadLetterOf(undelivered('b'))).toEqual({ functionArn, event: { ...event, id: 'b' } });
    expect(() => deadLetterOf({ body: '{"hello":1}', attributes: {} })).toThrow(/neither/);
  });

  it('replays each message once into its function and deletes only those the function handled', async () => {
    const queue = queueOf([onFailureRecord('a'), undelivered('b'), onFailureRecord('c')]);
    const invoked: string[] = [];

    const result = await redriveQueue(queue, async (arn, replayed) => {
      const id = (replayed as { id: string }).id;
      invoked.push(`${arn.endsWith('$LATEST') ? 'record' : 'target'}:${id}`);
      if (id === 'c') throw new Error('Unhandled: still down');
    });

    expect(invoked).toEqual(['record:a', 'target:b', 'record:c']);
    expect(result).toEqual({ delivered: 2, failed: [{ messageId: 'c', error: 'Unhandled: still down' }] });
    expect(queue.left()).toEqual(['c']);
  });
});
