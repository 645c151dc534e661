import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

/**
 * The redrive of one dead-letter queue of the stack (infra/constructs/async-target.ts): each message is
 * replayed into the function it failed in, synchronously, and deleted only once the function succeeded.
 * Not SQS's StartMessageMoveTask: that moves messages back to a source *queue*, and these came from
 * EventBridge and Lambda's asynchronous invocations, wrapped in Lambda's invocation record.
 */
export type QueueMessage = { id: string; body: string; attributes: Record<string, string>; receipt: string };

/** The queue's side: a batch of messages (hidden from other readers while this run holds them), a deletion. */
export type DeadLetterQueue = { receive: () => Promise<QueueMessage[]>; remove: (message: QueueMessage) => Promise<void> };
/** Runs the function on the event and resolves when it succeeded; rejects with its error otherwise. */
export type InvokeFunction = (functionArn: string, event: unknown) => Promise<void>;

/**
 * What one message holds: Lambda's on-failure record (the event as `requestPayload`, the function in
 * `requestContext.functionArn`) or an event EventBridge could not deliver (the event itself, the
 * function in the `TARGET_ARN` attribute).
 */
export function deadLetterOf(message: Pick<QueueMessage, 'body' | 'attributes'>): { functionArn: string; event: unknown } {
  const body = JSON.parse(message.body) as { requestContext?: { functionArn?: unknown }; requestPayload?: unknown };
  const recordedFunction = body.requestContext?.functionArn;
  if (typeof recordedFunction === 'string' && 'requestPayload' in body) return { functionArn: recordedFunction, event: body.requestPayload };
  const target = message.attributes.TARGET_ARN;
  if (target) return { functionArn: target, event: body };
  throw new Error('neither a Lambda on-failure record nor an EventBridge dead letter');
}

export type AwsRedriveResult = { delivered: number; failed: Array<{ messageId: string; error: string }> };

/**
 * Until the queue answers no message this run has not seen: a failed message stays hidden for the
 * visibility timeout of the receive, then is back in the queue for a later redrive.
 */
export async function redriveQueue(queue: DeadLetterQueue, invoke: InvokeFunction): Promise<AwsRedriveResult> {
  const result: AwsRedriveResult = { delivered: 0, failed: [] };
  const seen = new Set<string>();
  for (;;) {
    const fresh = (await queue.receive()).filter((message) => !seen.has(message.id));
    if (fresh.length === 0) return result;
    for (const message of fresh) {
      seen.add(message.id);
      try {
        const { functionArn, event } = deadLetterOf(message);
        await invoke(functionArn, event);
        await queue.remove(message);
        result.delivered += 1;
      } catch (error) {
        result.failed.push({ messageId: message.id, error: (error as Error).message });
      }
    }
  }
}

/** Longer than any function may run (the longest timeout is 10 minutes): a message is not read twice in a run. */
const VISIBILITY_SECONDS = 900;

/** The SQS queue of that name, through the SDK's default credentials and region. */
export async function sqsDeadLetterQueue(queueName: string, sqs = new SQSClient({})): Promise<DeadLetterQueue> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  return {
    receive: async () => {
      // Long polling (2 s) asks every SQS host, so an empty answer means an empty queue.
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2, VisibilityTimeout: VISIBILITY_SECONDS, MessageAttributeNames: ['All'] }));
      return Messages.map((message) => ({
        id: message.MessageId ?? '',
        body: message.Body ?? '',
        receipt: message.ReceiptHandle ?? '',
        attributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue ?? ''])),
      }));
    },
    remove: async (message) => {
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.receipt }));
    },
  };
}

/** A synchronous invocation, so a failure is known before the message would be deleted. */
export const lambdaInvoke = (lambda = new LambdaClient({})): InvokeFunction => async (functionArn, event) => {
  const answer = await lambda.send(new InvokeCommand({ FunctionName: functionArn, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(event)) }));
  if (answer.FunctionError) throw new Error(`${answer.FunctionError}: ${Buffer.from(answer.Payload ?? new Uint8Array()).toString('utf8').slice(0, 500)}`);
};
