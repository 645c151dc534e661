import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { deriveSealingKey } from '../sealing/sealed-text.ts';

/**
 * Signatures of webhook deliveries (docs/webhooks.md): HMAC-SHA256 over `<timestamp>.<body>`, with the
 * timestamp in Unix seconds, sent as `Webhook-Signature: t=<timestamp>,v1=<hex>[,v1=<hex>]` — one `v1`
 * per secret still valid, so a receiver keeps verifying through a rotation's overlap with either secret.
 * A receiver refuses a timestamp far from its clock (replays) and compares in constant time.
 */
export const SIGNATURE_HEADER = 'Webhook-Signature';
export const DELIVERY_ID_HEADER = 'Webhook-Id';
export const EVENT_TYPE_HEADER = 'Webhook-Event';

/** A new signing secret: 32 random bytes, shown once (`whsec_` marks it in logs and secret scanners). */
export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

export const signature = (secret: string, timestamp: number, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export const signatureHeader = (secrets: readonly string[], timestamp: number, body: string): string =>
  [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signature(secret, timestamp, body)}`)].join(',');

/** How far a receiver's clock may be from the timestamp before it refuses the delivery as a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/** A receiver's check of one header with its secret, as docs/webhooks.md shows it. */
export function verifySignature(header: string, secret: string, body: string, nowSeconds: number): boolean {
  const parts = header.split(',').map((part) => part.split('=', 2) as [string, string | undefined]);
  const timestamp = Number(parts.find(([name]) => name === 't')?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signature(secret, timestamp, body), 'hex');
  return parts.some(([name, value]) => {
    if (name !== 'v1' || !value || !/^[0-9a-f]{64}$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, 'hex'), expected);
  });
}

/** The sealing key of stored signing secrets (shared/auth/webhook-secret-key.ts), apart from every other sealed value's. */
export const deriveWebhookSecretKey = (secret: Uint8Array): Buffer => deriveSealingKey(secret, 'event-planning/webhook-secret', 'webhook signing secret v1');
