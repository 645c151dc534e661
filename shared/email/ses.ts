import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { awsClientOptions } from '../aws/client-options.ts';
import { isThrottling } from '../aws/transient-errors.ts';
import { config } from '../config.ts';
import { traced } from '../observability/client-capture.ts';

/**
 * The SES v2 adapter: one client per container, one function that sends a raw message with the
 * configuration set (so SES reports deliveries, bounces, opens and clicks) and tags that name what was
 * sent (so those reports find their way back to the invitation row). Throttling is retried here with
 * full-jitter exponential backoff; any other failure is classified for the caller to record.
 */
let client: SESv2Client | undefined;

export function sesClient(): SESv2Client {
  if (!client) {
    const { SES_ENDPOINT } = config();
    client = traced(new SESv2Client({
      ...awsClientOptions('ses'),
      ...(SES_ENDPOINT ? { endpoint: SES_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    }));
  }
  return client;
}

/** Tests and the benchmark swap the environment (and add middleware); this forgets the client. */
export function resetSesForTests(): void {
  client = undefined;
}

export type SendRawEmailInput = { from: string; to: string; raw: Buffer; tags: Record<string, string> };

/** `permanent`: the message itself was refused; sending it again would fail again. */
export class EmailSendFailure extends Error {
  constructor(readonly permanent: boolean, readonly reason: string) {
    super(reason);
  }
}

const PERMANENT_NAMES = new Set(['MessageRejected', 'BadRequestException', 'MailFromDomainNotVerifiedException', 'NotFoundException']);
const THROTTLE_RETRIES = 8;

const errorName = (error: unknown) => (error instanceof Error ? error.name : 'Error');

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(5_000, 50 * 2 ** attempt)));

/** Sends one raw email; answers SES's message id. Throws EmailSendFailure for anything but success. */
export async function sendRawEmail(input: SendRawEmailInput): Promise<string> {
  const { SES_CONFIGURATION_SET } = config();
  const command = new SendEmailCommand({
    FromEmailAddress: input.from,
    Destination: { ToAddresses: [input.to] },
    Content: { Raw: { Data: input.raw } },
    ...(SES_CONFIGURATION_SET ? { ConfigurationSetName: SES_CONFIGURATION_SET } : {}),
    EmailTags: Object.entries(input.tags).map(([Name, Value]) => ({ Name, Value })),
  });
  for (let attempt = 0; ; attempt += 1) {
    try {
      const answer = await sesClient().send(command);
      if (!answer.MessageId) throw new EmailSendFailure(false, 'SES answered without a message id');
      return answer.MessageId;
    } catch (error) {
      if (error instanceof EmailSendFailure) throw error;
      // Throttling certainly sent nothing: it is waited out here, beyond the client's own few retries.
      if (isThrottling(error) && attempt < THROTTLE_RETRIES) {
        await pause(attempt);
        continue;
      }
      const reason = `${errorName(error)}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
      throw new EmailSendFailure(PERMANENT_NAMES.has(errorName(error)), reason);
    }
  }
}
