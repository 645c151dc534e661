import { moveLegacyOpenDue } from '../events/open-due.ts';
import { migrationIds } from './ids.ts';
import type { Migration } from './migration.ts';

/**
 * Issue 15: events written before the open due instants left the event item move their
 * `timeline_open_due` map to their open-due item (`TIMELINEDUE`, shared/data/events/open-due.ts) and lose
 * it, so the event item no longer grows with the timeline. Until an event is moved its reads unite the
 * map and the item, and its timeline writes hide a closed entry of the map with a marker; so the reads
 * need no gate.
 */
export const timelineOpenDueMigration: Migration = {
  id: migrationIds.timelineOpenDue,
  description: "events' timeline_open_due map moves to their open-due item (TIMELINEDUE)",
  filter: {
    expression: '#type = :event AND attribute_exists(timeline_open_due)',
    names: { '#type': 'type', '#id': 'id' },
    values: { ':event': 'event' },
    projection: '#id',
  },
  concurrency: 10,
  migrate: async (item) => moveLegacyOpenDue(String(item.id)),
};
