import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesV2Local from 'aws-ses-v2-local';
import { getStoreReadonly } from 'aws-ses-v2-local/dist/store.js';

/**
 * The SES emulator process (run by infra/local/emulators.ts `startSes`): aws-ses-v2-local on an inner
 * port, behind a thin front on the public port that passes every request through unchanged (the SDK's
 * SendEmail, the `/store` the tests read, the web viewer) and, for each message SES v2's SendEmail
 * accepted, keeps the "Email Sent" event SES would put on EventBridge through the configuration set
 * (detail.mail.tags as SES sends them, `Record<string, string[]>`). The events live in this process, so
 * they outlast a killed API server as AWS's do; consumers read them in order from `GET /events?after=<n>`
 * (infra/local/ses-events.ts), at least once; its `latest` is the newest event's position (for a consumer
 * that starts from there). `GET /store?to=<part>` answers only the messages with a
 * recipient containing `part`, read from the emulator's store in this process: the unfiltered `/store`
 * serializes every message kept (40 MB and 7 s at 3,000 messages), which a test run reaches.
 *
 * Arguments: --port <n> [--host <address>].
 */
type SesSendEvent = { position: number; event: Record<string, unknown> };

const argument = (name: string, fallback?: string): string => {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : fallback;
  if (!value) throw new Error(`--${name} is required`);
  return value;
};
const port = Number(argument('port'));
const host = argument('host', '127.0.0.1');
const events: SesSendEvent[] = [];
const SEND_PATH = '/v2/email/outbound-emails';
const PAGE = 500;

// A CommonJS module: Node's ESM loader hands over its exports object, whose `default` is the server.
const startSesV2Local = (sesV2Local as unknown as { default: typeof sesV2Local }).default;
const inner = await startSesV2Local({ host: '127.0.0.1', port: 0 });
const innerPort = (inner.address() as AddressInfo).port;

type SendRequest = { ConfigurationSetName?: string; FromEmailAddress?: string; Destination?: { ToAddresses?: string[] }; EmailTags?: Array<{ Name: string; Value: string }> };

/** The event SES publishes for an accepted message (eventType Send), in EventBridge's envelope. */
function sendEvent(body: SendRequest, messageId: string, at: Date): Record<string, unknown> {
  const tags: Record<string, string[]> = {};
  if (body.ConfigurationSetName) tags['ses:configuration-set'] = [body.ConfigurationSetName];
  for (const tag of body.EmailTags ?? []) tags[tag.Name] = [tag.Value];
  return {
    version: '0', id: randomUUID(), 'detail-type': 'Email Sent', source: 'aws.ses', account: '000000000000',
    time: `${at.toISOString().slice(0, 19)}Z`, region: 'us-east-1', resources: [],
    detail: {
      eventType: 'Send',
      mail: { timestamp: at.toISOString(), source: body.FromEmailAddress, messageId, destination: body.Destination?.ToAddresses ?? [], tags },
      send: {},
    },
  };
}

/** Keeps the Send event of an accepted SendEmail; the emulator answered 200, so both bodies are its JSON. */
function recordSend(requestBody: Buffer, answerBody: Buffer): void {
  try {
    const { MessageId } = JSON.parse(answerBody.toString('utf8')) as { MessageId?: string };
    if (MessageId) events.push({ position: events.length + 1, event: sendEvent(JSON.parse(requestBody.toString('utf8')) as SendRequest, MessageId, new Date()) });
  } catch (error) {
    // Never lose the emulator over one odd message; the send itself is answered as the emulator did.
    console.error(`ses emulator: no Send event for a message: ${(error as Error).message}`);
  }
}

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

const front = createServer((incoming, outgoing) => {
  const url = new URL(incoming.url ?? '/', 'http://front');
  if (incoming.method === 'GET' && url.pathname === '/store' && url.searchParams.has('to')) {
    const part = url.searchParams.get('to') ?? '';
    const emails = getStoreReadonly().emails.filter((email) => email.destination.to.some((to) => to.includes(part)));
    outgoing.writeHead(200, { 'content-type': 'application/json' });
    outgoing.end(JSON.stringify({ emails }));
    return;
  }
  if (incoming.method === 'GET' && url.pathname === '/events') {
    const after = Number(url.searchParams.get('after') ?? '0');
    const page = events.slice(Number.isInteger(after) && after > 0 ? after : 0).slice(0, PAGE);
    outgoing.writeHead(200, { 'content-type': 'application/json' });
    outgoing.end(JSON.stringify({ events: page, next: page.at(-1)?.position ?? after, latest: events.length }));
    return;
  }
  void readBody(incoming).then((requestBody) => {
    const proxied = httpRequest({ host: '127.0.0.1', port: innerPort, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      void readBody(answer).then((answerBody) => {
        if (incoming.method === 'POST' && url.pathname === SEND_PATH && answer.statusCode === 200) recordSend(requestBody, answerBody);
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        outgoing.end(answerBody);
      });
    });
    proxied.on('error', (error) => {
      outgoing.writeHead(502, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ message: `SES emulator unreachable: ${error.message}` }));
    });
    proxied.end(requestBody);
  });
});
front.listen(port, host, () => console.log(`ses emulator: listening on http://${host}:${port}, aws-ses-v2-local inside on ${innerPort}`));
process.on('SIGTERM', () => {
  front.close();
  inner.close();
  process.exit(0);
});
