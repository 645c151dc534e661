import { loadEventAccess } from '#shared/data/events/access.ts';
import { newId } from '#shared/data/ids.ts';
import { deleteEndpoint, enableEndpoint, getEndpoint, listEndpoints, putEndpoint, replaceSecrets } from '#shared/data/webhooks/endpoints.ts';
import { MAX_ENDPOINTS_PER_EVENT, presentEndpoint, rotatedSecrets, type WebhookEndpoint } from '#shared/domain/webhooks/endpoint.ts';
import { newSigningSecret } from '#shared/domain/webhooks/signature.ts';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { created, deleted, list, ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { createWebhookBody, webhookParams } from '#shared/schemas/webhooks.ts';
import { sealSecret } from '#shared/webhooks/secrets.ts';
import { checkWebhookTarget, UnsafeTargetError } from '#shared/webhooks/send.ts';

/**
 * An event's webhook endpoints (docs/webhooks.md). Every route needs write access to the event (its
 * organizer and coordinators): an endpoint receives the event's changes, guests' names among them, so
 * choosing where they go is a change to the event. The secret is answered once, when it is made.
 */
const location = (endpoint: Pick<WebhookEndpoint, 'event_id' | 'id'>) => `/api/events/${endpoint.event_id}/webhooks/${endpoint.id}`;

async function loadEndpoint(eventId: string, webhookId: string): Promise<WebhookEndpoint> {
  const endpoint = await getEndpoint(eventId, webhookId);
  if (!endpoint) throw new NotFoundError('webhook');
  return endpoint;
}

/** GET /api/events/{id}/webhooks: every endpoint of the event (at most ten, so no cursor). */
export const listWebhooks = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const [, endpoints] = await Promise.all([loadEventAccess(caller, params.id, 'event', 'write'), listEndpoints(params.id)]);
    const now = new Date();
    return list(endpoints.map((endpoint) => presentEndpoint(endpoint, now)), { next_cursor: null });
  },
});

/** POST /api/events/{id}/webhooks: a new endpoint, answered with its secret (the only time it is shown). */
export const createWebhook = operation({
  params: idParam,
  body: createWebhookBody,
  handle: async ({ params, body, caller }) => {
    await loadEventAccess(caller, params.id, 'event', 'write');
    if ((await listEndpoints(params.id)).length >= MAX_ENDPOINTS_PER_EVENT) {
      throw new ConflictError('webhook_limit_reached', `An event has at most ${MAX_ENDPOINTS_PER_EVENT} webhook endpoints.`);
    }
    await checkWebhookTarget(body.url).catch((error: unknown) => {
      throw new ValidationError([{ path: 'url', message: error instanceof UnsafeTargetError ? `Not deliverable: ${error.message}` : 'The host name does not resolve' }]);
    });
    const now = new Date();
    const id = newId();
    const secret = newSigningSecret();
    const endpoint: WebhookEndpoint = {
      id, event_id: params.id, url: body.url, event_types: body.event_types, description: body.description ?? null, status: 'active',
      failing_since: null, disabled_at: null, disabled_reason: null,
      secrets: [{ sealed: await sealSecret(secret, id), created_at: now.toISOString(), expires_at: null }],
      created_by: caller.userId, created_at: now.toISOString(), updated_at: now.toISOString(), version: 1,
    };
    await putEndpoint(endpoint);
    return created({ ...presentEndpoint(endpoint, now), secret }, location(endpoint));
  },
});

/** GET /api/events/{id}/webhooks/{webhookId}. */
export const getWebhook = operation({
  params: webhookParams,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const [, endpoint] = await Promise.all([loadEventAccess(caller, params.id, 'event', 'write'), getEndpoint(params.id, params.webhookId)]);
    if (!endpoint) throw new NotFoundError('webhook');
    return ok(presentEndpoint(endpoint, new Date()));
  },
});

/** DELETE /api/events/{id}/webhooks/{webhookId}: nothing more is sent to it (pending deliveries fail at their next attempt). */
export const deleteWebhook = operation({
  params: webhookParams,
  handle: async ({ params, caller }) => {
    await loadEventAccess(caller, params.id, 'event', 'write');
    if (!(await deleteEndpoint(params.id, params.webhookId))) throw new NotFoundError('webhook');
    return deleted(params.webhookId);
  },
});

/**
 * POST /api/events/{id}/webhooks/{webhookId}/secret: a new secret, answered once; the previous one keeps
 * signing (both signatures in the header) for 24 hours, so the receiver can switch without a gap.
 */
export const rotateWebhookSecret = operation({
  params: webhookParams,
  handle: async ({ params, caller }) => {
    await loadEventAccess(caller, params.id, 'event', 'write');
    const endpoint = await loadEndpoint(params.id, params.webhookId);
    const now = new Date();
    const secret = newSigningSecret();
    const updated = await replaceSecrets(endpoint, rotatedSecrets(endpoint.secrets, await sealSecret(secret, endpoint.id), now), now.toISOString());
    if (!updated) throw new VersionConflictError();
    return ok({ ...presentEndpoint(updated, now), secret });
  },
});

/** POST /api/events/{id}/webhooks/{webhookId}/enable: a disabled endpoint on again (failures counted afresh). */
export const enableWebhook = operation({
  params: webhookParams,
  handle: async ({ params, caller }) => {
    await loadEventAccess(caller, params.id, 'event', 'write');
    const endpoint = await loadEndpoint(params.id, params.webhookId);
    const updated = await enableEndpoint(endpoint, new Date().toISOString());
    if (!updated) throw new VersionConflictError();
    return ok(presentEndpoint(updated, new Date()));
  },
});
