import { listedAttribute, syncCopy } from '../events/listed-copies.ts';
import { migrationIds } from './ids.ts';
import type { Migration } from './migration.ts';

/**
 * Issue 15: memberships get their copy of their event's listed fields (forward only, shared/data/events/
 * listed-copies.ts). Left as it is (false): a change meanwhile wrote the copy, or the event is gone or going.
 */
export const eventListedMigration: Migration = {
  id: migrationIds.eventListed,
  description: "memberships get their copy of their event's listed fields (listed_event)",
  filter: {
    expression: '#type = :member AND attribute_not_exists(#listed)',
    names: { '#type': 'type', '#listed': listedAttribute },
    values: { ':member': 'member' },
    projection: 'event_id, user_id',
  },
  concurrency: 8,
  migrate: (item) => syncCopy(String(item.event_id), String(item.user_id)),
};
