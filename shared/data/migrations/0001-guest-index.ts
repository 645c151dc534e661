import { giveGuestIndexKeys } from '../guests/index-backfill.ts';
import { legacySearchText } from '../guests/reads.ts';
import { migrationIds } from './ids.ts';
import type { Migration } from './migration.ts';

/** Issue 15: guests get the guest list's index keys (GSI2 by name, GSI3 by answer) and lose their old search text. */
export const guestIndexMigration: Migration = {
  id: migrationIds.guestIndex,
  description: 'guests get their list index keys (GSI2 by name, GSI3 by answer) and lose search_text',
  filter: {
    expression: '#type = :guest AND (attribute_not_exists(gsi3pk) OR attribute_exists(#legacy))',
    names: { '#type': 'type', '#legacy': legacySearchText },
    values: { ':guest': 'guest' },
  },
  concurrency: 10,
  migrate: giveGuestIndexKeys,
};
