import type { DomainEventType } from '../domain-events/contract.ts';

/**
 * A webhook endpoint of one event (docs/webhooks.md): an HTTPS URL that receives the event's domain
 * events of the chosen types, signed with its secrets. A rotation adds a secret and keeps the previous one
 * for the overlap, so deliveries carry both signatures until the receiver has switched.
 */
export const MAX_ENDPOINTS_PER_EVENT = 10;

/** The notification the organizer gets when an endpoint is disabled (the feed's `type`). */
export const webhookDisabledKind = 'webhook.disabled';
export const SECRET_OVERLAP_HOURS = 24;

export type SealedSecret = { sealed: string; created_at: string; expires_at: string | null };

export type WebhookEndpoint = {
  id: string;
  event_id: string;
  url: string;
  event_types: DomainEventType[];
  description: string | null;
  status: 'active' | 'disabled';
  /** When its deliveries started failing without a success since (null: the last one succeeded). */
  failing_since: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
  secrets: SealedSecret[];
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
};

/** The secrets that still sign: every one without an expiry or whose expiry is still ahead. */
export const signingSecrets = (secrets: readonly SealedSecret[], now: Date): SealedSecret[] =>
  secrets.filter((secret) => secret.expires_at === null || Date.parse(secret.expires_at) > now.getTime());

/** After a rotation: the new secret, and the previous ones expiring after the overlap (earlier ones kept as they were). */
export function rotatedSecrets(secrets: readonly SealedSecret[], added: string, now: Date, overlapHours = SECRET_OVERLAP_HOURS): SealedSecret[] {
  const overlapEnd = new Date(now.getTime() + overlapHours * 3600_000).toISOString();
  const kept = signingSecrets(secrets, now).map((secret) => ({ ...secret, expires_at: secret.expires_at && secret.expires_at < overlapEnd ? secret.expires_at : overlapEnd }));
  return [{ sealed: added, created_at: now.toISOString(), expires_at: null }, ...kept];
}

export const subscribes = (endpoint: Pick<WebhookEndpoint, 'status' | 'event_types'>, type: string): boolean =>
  endpoint.status === 'active' && (endpoint.event_types as readonly string[]).includes(type);

/** How the API shows an endpoint: never a secret, only when the ones in use expire. */
export const presentEndpoint = ({ secrets, ...endpoint }: WebhookEndpoint, now: Date) => ({
  ...endpoint,
  secrets: signingSecrets(secrets, now).map((secret) => ({ created_at: secret.created_at, expires_at: secret.expires_at })),
});
