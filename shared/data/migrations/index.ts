import { guestIndexMigration } from './0001-guest-index.ts';
import { eventListedMigration } from './0002-event-listed.ts';
import { filterIndexMigration } from './0003-filter-index.ts';
import { announcementHistoryMigration } from './0004-announcement-history.ts';
import { subEventRemindersMigration } from './0005-sub-event-reminders.ts';
import { timelineOpenDueMigration } from './0006-timeline-open-due.ts';
import { partyAnswersMigration } from './0007-party-answers.ts';
import { inviteeShardsMigration } from './0008-invitee-shards.ts';
import type { Migration } from './migration.ts';

/**
 * Every data migration, in the order they run (docs/migrations.md). A release that changes how items are
 * keyed adds its migration at the end; ids are never reused or reordered, since the table keeps a
 * checkpoint under each.
 */
export const migrations: readonly Migration[] = [guestIndexMigration, eventListedMigration, filterIndexMigration, announcementHistoryMigration,
  subEventRemindersMigration, timelineOpenDueMigration, partyAnswersMigration, inviteeShardsMigration];
