/**
 * The ids of the migrations the reads wait for (the window rule, docs/migrations.md), apart from the
 * migrations themselves so a read's bundle does not hold the rewrite code.
 */
export const migrationIds = {
  guestIndex: '0001-guest-index',
  eventListed: '0002-event-listed',
  filterIndex: '0003-filter-index',
  announcementHistory: '0004-announcement-history',
  subEventReminders: '0005-sub-event-reminders',
  timelineOpenDue: '0006-timeline-open-due',
  partyAnswers: '0007-party-answers',
  inviteeShards: '0008-invitee-shards',
} as const;
