import { eventKeys } from '../keys.ts';
import { LIVE_EVENT_CONDITION } from '../events/live-event.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';

/**
 * Sets or clears an event's `team_mfa_required` (docs/mfa.md), bumping its version, with `alsoWrite` (the
 * audit entry) in one transaction, only while the event is live, still owned by `ownerId` and at the
 * version read. 'stale' otherwise.
 */
export async function saveTeamMfaRequirement(
  change: { eventId: string; ownerId: string; expectedVersion: number; required: boolean; now: Date },
  alsoWrite: TransactItem[],
): Promise<'saved' | 'stale'> {
  try {
    await transact([
      {
        Update: {
          Key: eventKeys.item(change.eventId),
          UpdateExpression: 'SET team_mfa_required = :required, #version = #version + :one, updated_at = :now',
          ConditionExpression: `${LIVE_EVENT_CONDITION} AND organizer_id = :owner AND #version = :expected`,
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':required': change.required, ':one': 1, ':now': change.now.toISOString(), ':owner': change.ownerId, ':expected': change.expectedVersion },
        },
      },
      ...alsoWrite,
    ]);
    return 'saved';
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return 'stale';
    throw error;
  }
}
