import { moveLegacyRow } from '../invitations/legacy-rows.ts';
import { migrationIds } from './ids.ts';
import type { Migration } from './migration.ts';

/**
 * Issue 15: invitation rows written in the event's collection (`EVENT#<id>`, `INVITEE#<batchId>#<guestId>`)
 * move to their batch's shard (`INVITEES#<batchId>#<shard>`, `INVITEE#<guestId>`), so a big batch's
 * writes leave the event's partition. Each row moves in one transaction on the condition that it is
 * unchanged since read (shared/data/invitations/legacy-rows.ts); until the migration is done every read
 * of rows reads both places and every row write finds the row first (shared/data/invitations/recipients.ts).
 */
export const inviteeShardsMigration: Migration = {
  id: migrationIds.inviteeShards,
  description: "invitation rows move from the event's collection to their batch's shards (INVITEES#<batchId>#<shard>)",
  filter: {
    expression: '#type = :row AND begins_with(pk, :event)',
    names: { '#type': 'type', '#pk': 'pk', '#sk': 'sk' },
    values: { ':row': 'invitation_row', ':event': 'EVENT#' },
    projection: '#pk, #sk',
  },
  concurrency: 10,
  migrate: async (item) => moveLegacyRow({ pk: String(item.pk), sk: String(item.sk) }),
};
