import type { MigrationFilter } from './scan.ts';

/**
 * One versioned data migration (docs/migrations.md): the items of the table written in a previous format
 * (`filter`, a Scan filter that keeps exactly those), and the rewrite of one of them (`migrate`). The
 * rewrite is a conditional write that never overwrites a newer write of a request (it answers false when
 * the item changed meanwhile: that write gave it the new format), so running it again, or while traffic
 * runs, changes nothing more. A migration that finds nothing to do is done.
 */
export type Migration = {
  /** `NNNN-name`: the order migrations run in, and the checkpoint's key. */
  id: string;
  description: string;
  filter: MigrationFilter;
  /** Items of a page rewritten at once. */
  concurrency: number;
  /** True when it rewrote the item, false when the item was changed meanwhile (left as that write made it). */
  migrate: (item: Record<string, unknown>) => Promise<boolean>;
};
