import { forEachWithConcurrency } from '../../concurrency.ts';
import { scanMigrationPage } from './scan.ts';
import { type Checkpoint, claimLease, readCheckpoint, recordPage, releaseLease } from './checkpoint.ts';
import { migrations as registered } from './index.ts';
import type { Migration } from './migration.ts';

/**
 * The runner of the data migrations (docs/migrations.md), for `npm run migrate` (scripts/migrate.ts) and
 * the admin function's `run-migrations`: each migration not done, in order, page by page from its
 * checkpoint. A page is one Scan page (`pageSize` items read), its items rewritten by the migration's
 * conditional writes, then recorded on the checkpoint under the runner's lease. It stops between pages
 * when `shouldStop` says so (the function's time runs out, or a test stops it), giving the lease back;
 * the next run goes on from the checkpoint. A migration not finished holds back the ones after it.
 */
export type RunOptions = {
  /** Who runs (the lease's owner): unique per run. */
  owner: string;
  shouldStop?: () => boolean;
  /** Run migrations already done again from the table's start (they find nothing to rewrite). */
  restart?: boolean;
  pageSize?: number;
  leaseMs?: number;
  now?: () => number;
  migrations?: readonly Migration[];
};

export type MigrationRun = {
  id: string;
  /** done: finished by this run; already_done: finished before; stopped: told to stop; held_elsewhere: another runner holds its lease. */
  outcome: 'done' | 'already_done' | 'stopped' | 'held_elsewhere';
  pages: number;
  scanned: number;
  rewritten: number;
  changed_meanwhile: number;
};

export type RunReport = { complete: boolean; migrations: MigrationRun[] };

/** Items a Scan page reads: small enough that a page's rewrites finish well inside the lease. */
export const DEFAULT_PAGE_SIZE = 500;
/** How long a runner's claim on a migration lasts without a page recorded (renewed at each page). */
const DEFAULT_LEASE_MS = 5 * 60_000;

export async function runMigrations(options: RunOptions): Promise<RunReport> {
  const report: MigrationRun[] = [];
  for (const migration of options.migrations ?? registered) {
    const run = await runOne(migration, options);
    report.push(run);
    if (run.outcome !== 'done' && run.outcome !== 'already_done') return { complete: false, migrations: report };
  }
  return { complete: true, migrations: report };
}

async function runOne(migration: Migration, options: RunOptions): Promise<MigrationRun> {
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const tally = { pages: 0, scanned: 0, rewritten: 0, changed_meanwhile: 0 };
  const ran = (outcome: MigrationRun['outcome']): MigrationRun => ({ id: migration.id, outcome, ...tally });
  if (!options.restart && (await readCheckpoint(migration.id))?.status === 'done') return ran('already_done');
  let checkpoint: Checkpoint | null = await claimLease(migration.id, { owner: options.owner, now: now(), leaseMs, restart: options.restart });
  if (!checkpoint) return (await readCheckpoint(migration.id))?.status === 'done' ? ran('already_done') : ran('held_elsewhere');
  let pagesBefore = checkpoint.pages;
  let cursor = checkpoint.cursor;
  for (;;) {
    if (options.shouldStop?.()) {
      await releaseLease(migration.id, options.owner);
      return ran('stopped');
    }
    const page = await scanMigrationPage(migration.filter, options.pageSize ?? DEFAULT_PAGE_SIZE, cursor);
    const pageTally = { scanned: page.scanned, rewritten: 0, changed_meanwhile: 0 };
    await forEachWithConcurrency(page.items, migration.concurrency, async (item) => {
      pageTally[(await migration.migrate(item)) ? 'rewritten' : 'changed_meanwhile'] += 1;
    });
    if (!(await recordPage(migration.id, { owner: options.owner, pagesBefore, now: now(), leaseMs }, { ...pageTally, ...(page.next ? { next: page.next } : {}) }))) {
      return ran('held_elsewhere');
    }
    tally.pages += 1;
    tally.scanned += pageTally.scanned;
    tally.rewritten += pageTally.rewritten;
    tally.changed_meanwhile += pageTally.changed_meanwhile;
    if (!page.next) return ran('done');
    pagesBefore += 1;
    cursor = page.next;
  }
}

export type MigrationProgress = Omit<Checkpoint, 'cursor'> & { description: string; has_cursor: boolean };

/** Each migration's progress from its checkpoint (`npm run migrate -- status`, the admin function's `migration-status`). */
export async function migrationStatus(list: readonly Migration[] = registered): Promise<MigrationProgress[]> {
  return Promise.all(list.map(async (migration) => {
    const checkpoint = await readCheckpoint(migration.id);
    const { cursor, ...rest } = checkpoint ?? { migration_id: migration.id, status: 'pending' as const, pages: 0, scanned: 0, rewritten: 0, changed_meanwhile: 0 };
    return { ...rest, description: migration.description, has_cursor: cursor !== undefined };
  }));
}
