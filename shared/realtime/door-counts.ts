import { doorCounts } from '../domain/check-in/scan.ts';
import { can } from '../domain/permissions.ts';
import type { Logger } from '../logger.ts';
import { pushToEventSubscribers } from './push.ts';

/**
 * After a check-in commits, the event's subscribers who may read its check-ins get the door's counts as
 * the event item holds them then (read with the audience, strongly). Best effort, like the domain events'
 * publish: the check-in is recorded whatever happens here, a failure is logged, and the next check-in
 * pushes counts read afresh (a client keeps the copy with the latest `as_of`).
 */
export async function pushDoorCounts(eventId: string, log: Logger): Promise<void> {
  try {
    await pushToEventSubscribers(eventId, (event, permissions) => {
      if (!can(permissions, 'check_in', 'read')) return null;
      return { type: 'check_ins.counts', event_id: eventId, ...doorCounts(event), as_of: new Date().toISOString() };
    });
  } catch (error) {
    log.warn('door counts not pushed', { eventId, message: error instanceof Error ? error.message : String(error) });
  }
}
