import { giveFilterIndexKeys } from '../filter-index-backfill.ts';
import { migrationIds } from './ids.ts';
import type { Migration } from './migration.ts';

/** Issue 15: vendors and documents get their filter partitions (GSI2, GSI3: shared/data/child-page.ts). */
export const filterIndexMigration: Migration = {
  id: migrationIds.filterIndex,
  description: 'vendors and documents get their filter partitions (GSI2, GSI3)',
  filter: {
    expression: '#type IN (:vendor, :document) AND attribute_not_exists(gsi3pk)',
    names: { '#type': 'type' },
    values: { ':vendor': 'vendor', ':document': 'document' },
  },
  concurrency: 10,
  migrate: giveFilterIndexKeys,
};
