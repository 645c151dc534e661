import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { awsClientOptions } from '../aws/client-options.ts';
import { config } from '../config.ts';
import { getAudienceRecords, listSubscriptions, listUserConnections, removeConnection, removeSubscription } from '../data/realtime/connections.ts';
import type { EventRecord } from '../domain/events/rules.ts';
import type { OpenDue } from '../domain/events/open-due.ts';
import type { MemberRecord } from '../data/team/members.ts';
import { effectivePermissions, type PermissionMap } from '../domain/permissions.ts';
import { mayFollowEvent, mayReceiveAsUser } from '../domain/realtime-rules.ts';
import type { ServerMessage } from './messages.ts';
import { traced } from '../observability/client-capture.ts';

/**
 * Pushes to WebSocket connections through API Gateway's management API (PostToConnection). A connection
 * that is gone (410) is forgotten with its subscriptions. The audience is re-checked at every push, so a
 * member removed from a team or a signed-out session stops receiving at once, whatever it subscribed to.
 */
export type PushOutcome = {
  /** Connections the message was handed to. */
  sent: number;
  /** Connections API Gateway no longer knew (410): removed with their subscriptions. */
  gone: number;
  /** Subscriptions whose user may no longer read the event (or whose session ended): removed, not sent. */
  dropped: number;
  /** Posts that failed otherwise (throttling, network): not retried, the next change pushes fresh counters. */
  failed: number;
};

/** Posts at a time: a few dozen subscribers per event is typical; this bounds sockets held open. */
const POSTS_IN_PARALLEL = 16;

let client: ApiGatewayManagementApiClient | undefined;

/** One management-API client per container, created on first use (after config is in place). */
function managementApi(): ApiGatewayManagementApiClient {
  if (!client) {
    const { WEBSOCKET_ENDPOINT } = config();
    if (!WEBSOCKET_ENDPOINT) throw new Error('WEBSOCKET_ENDPOINT is not set: this function is not bound to the WebSocket API');
    client = traced(new ApiGatewayManagementApiClient({ ...awsClientOptions('apigatewaymanagement'), endpoint: WEBSOCKET_ENDPOINT }));
  }
  return client;
}

/** The local runtime and tests point WEBSOCKET_ENDPOINT elsewhere between runs; this forgets the client. */
export function resetPushClientForTests(): void {
  client = undefined;
}

type Target = { connectionId: string; onGone: () => Promise<void> };

async function postToAll(targets: Target[], message: ServerMessage): Promise<Omit<PushOutcome, 'dropped'>> {
  const data = new TextEncoder().encode(JSON.stringify(message));
  const outcome = { sent: 0, gone: 0, failed: 0 };
  for (let start = 0; start < targets.length; start += POSTS_IN_PARALLEL) {
    await Promise.all(
      targets.slice(start, start + POSTS_IN_PARALLEL).map(async (target) => {
        try {
          await managementApi().send(new PostToConnectionCommand({ ConnectionId: target.connectionId, Data: data }));
          outcome.sent += 1;
        } catch (error) {
          if (!(error instanceof GoneException)) {
            outcome.failed += 1;
            return;
          }
          outcome.gone += 1;
          await target.onGone();
        }
      }),
    );
  }
  return outcome;
}

/**
 * A fixed message, or one made for each subscriber from the event item read with the audience (its
 * counters at send time, and its open due instants) and that member's permissions: null when this member is not to hear of it.
 */
export type EventMessage = ServerMessage | ((event: EventRecord, permissions: PermissionMap, openDue: OpenDue) => ServerMessage | null);

/**
 * Sends a message to every connection following the event whose user may still read it: one Query of the
 * subscriptions (nothing more when there are none), one BatchGetItem of the event, the subscribers'
 * memberships and sessions, then the posts. A deleted event has no audience left. Each subscriber gets
 * the message as their own permissions shape it (subscribers with the same message share one encoding).
 */
export async function pushToEventSubscribers(eventId: string, message: EventMessage): Promise<PushOutcome> {
  const subscriptions = await listSubscriptions(eventId);
  if (subscriptions.length === 0) return { sent: 0, gone: 0, dropped: 0, failed: 0 };
  const { event, openDue, members, sessions } = await getAudienceRecords(
    subscriptions.map((subscription) => subscription.session_id),
    { eventId, userIds: subscriptions.map((subscription) => subscription.user_id) },
  );
  const now = new Date();
  const live = event !== null && !event.deleting_at;
  const allowed = live
    ? subscriptions.filter((subscription) => mayFollowEvent(subscription.user_id, members.get(subscription.user_id), sessions.get(subscription.session_id), now))
    : [];
  const refused = subscriptions.filter((subscription) => !allowed.includes(subscription));
  await Promise.all(refused.map((subscription) => removeSubscription(subscription.connection_id, eventId)));
  if (allowed.length === 0) return { sent: 0, gone: 0, failed: 0, dropped: refused.length };
  const byMessage = new Map<string, { message: ServerMessage; targets: Target[] }>();
  for (const subscription of allowed) {
    const member = members.get(subscription.user_id) as MemberRecord;
    const shaped = typeof message === 'function' ? message(event as EventRecord, effectivePermissions(member.role, member.permissions ?? {}), openDue) : message;
    if (!shaped) continue;
    const key = JSON.stringify(shaped);
    const group = byMessage.get(key) ?? { message: shaped, targets: [] };
    group.targets.push({ connectionId: subscription.connection_id, onGone: () => removeConnection(subscription.connection_id, eventId) });
    byMessage.set(key, group);
  }
  const outcome = { sent: 0, gone: 0, failed: 0, dropped: refused.length };
  for (const { message: shaped, targets } of byMessage.values()) {
    const posted = await postToAll(targets, shaped);
    outcome.sent += posted.sent;
    outcome.gone += posted.gone;
    outcome.failed += posted.failed;
  }
  return outcome;
}

/** Sends a message to every open connection of these users (a new notification), live sessions only. */
export async function pushToUsers(userIds: string[], message: ServerMessage): Promise<PushOutcome> {
  const connections = await listUserConnections(userIds);
  if (connections.length === 0) return { sent: 0, gone: 0, dropped: 0, failed: 0 };
  const { sessions } = await getAudienceRecords(connections.map((connection) => connection.session_id));
  const now = new Date();
  const live = connections.filter((connection) => mayReceiveAsUser(connection.user_id, sessions.get(connection.session_id), now));
  const posted = await postToAll(
    live.map((connection) => ({ connectionId: connection.connection_id, onGone: () => removeConnection(connection.connection_id) })),
    message,
  );
  return { ...posted, dropped: connections.length - live.length };
}
