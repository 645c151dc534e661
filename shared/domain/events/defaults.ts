import { DateTime } from 'luxon';
import type { EventDraft } from '../../schemas/events.ts';
import { defaultsTypeOf, type EventRecord, type EventType, formatInstant, shiftLocalDays, zeroCounters } from './rules.ts';
import type { OpenDue } from './open-due.ts';

/**
 * What a new event starts with, by event type: the budget categories worth tracking and a timeline of
 * milestones dated relative to the event. The budget (issue 5) and timeline (issue 6) routes build on
 * these; the planner edits or removes them like any other item.
 */
export const budgetCategorySlugs = [
  'venue', 'catering', 'entertainment', 'decor', 'attire', 'photography', 'transport',
  'stationery', 'gifts', 'staffing', 'marketing', 'technology', 'miscellaneous',
] as const;
export type BudgetCategorySlug = (typeof budgetCategorySlugs)[number];

const categoriesByType: Record<EventType, readonly BudgetCategorySlug[]> = {
  wedding: ['venue', 'catering', 'entertainment', 'decor', 'attire', 'photography', 'transport', 'stationery', 'gifts', 'miscellaneous'],
  conference: ['venue', 'catering', 'technology', 'marketing', 'staffing', 'stationery', 'transport', 'photography', 'miscellaneous'],
  party: ['venue', 'catering', 'entertainment', 'decor', 'miscellaneous'],
  meeting: ['venue', 'catering', 'technology', 'stationery', 'miscellaneous'],
  birthday: ['venue', 'catering', 'entertainment', 'decor', 'gifts', 'photography', 'miscellaneous'],
  corporate: ['venue', 'catering', 'entertainment', 'technology', 'marketing', 'staffing', 'transport', 'photography', 'miscellaneous'],
  other: ['venue', 'catering', 'decor', 'miscellaneous'],
};

export const defaultBudgetCategories = (type: EventType): readonly BudgetCategorySlug[] => categoriesByType[type];

export type TimelinePriority = 'low' | 'medium' | 'high' | 'critical';
type Milestone = { title: string; daysBefore: number; priority: TimelinePriority };

const m = (title: string, daysBefore: number, priority: TimelinePriority): Milestone => ({ title, daysBefore, priority });

const milestonesByType: Record<EventType, readonly Milestone[]> = {
  wedding: [
    m('Book the venue', 180, 'critical'), m('Book the caterer', 150, 'high'), m('Book the photographer', 150, 'medium'),
    m('Send save-the-dates', 120, 'high'), m('Choose attire', 90, 'medium'), m('Send invitations', 60, 'critical'),
    m('Finalize the menu', 30, 'high'), m('Confirm the headcount', 21, 'high'), m('Make final vendor payments', 7, 'high'),
    m('Rehearsal', 1, 'medium'),
  ],
  conference: [
    m('Book the venue', 180, 'critical'), m('Open registration', 120, 'high'), m('Confirm speakers', 90, 'high'),
    m('Publish the agenda', 60, 'medium'), m('Arrange AV and technology', 30, 'high'),
    m('Confirm catering numbers', 14, 'high'), m('Print badges and materials', 7, 'medium'), m('Final run-through', 1, 'high'),
  ],
  party: [
    m('Book the venue', 30, 'high'), m('Send invitations', 21, 'high'), m('Order food and drinks', 7, 'medium'),
    m('Buy decorations', 5, 'medium'), m('Confirm the headcount', 3, 'medium'),
  ],
  meeting: [
    m('Book the room', 14, 'high'), m('Send the agenda', 7, 'high'), m('Arrange catering', 3, 'medium'),
    m('Share materials', 1, 'medium'),
  ],
  birthday: [
    m('Book the venue', 30, 'high'), m('Send invitations', 21, 'high'), m('Order the cake', 7, 'medium'),
    m('Buy decorations', 5, 'medium'), m('Confirm the headcount', 3, 'medium'),
  ],
  corporate: [
    m('Book the venue', 120, 'critical'), m('Book the caterer', 90, 'high'), m('Send invitations', 60, 'high'),
    m('Book entertainment', 60, 'medium'), m('Arrange AV and technology', 30, 'high'),
    m('Confirm the headcount', 14, 'high'), m('Make final vendor payments', 7, 'high'), m('Final run-through', 1, 'medium'),
  ],
  other: [
    m('Book the venue', 60, 'high'), m('Send invitations', 30, 'high'), m('Confirm the headcount', 7, 'medium'),
    m('Final checks', 1, 'medium'),
  ],
};

export type DefaultTimelineItem = {
  title: string;
  due_date: string;
  priority: TimelinePriority;
  /** Days before the event the milestone was planned for, so a later date change can move it. */
  days_before_event: number;
};

/**
 * Due instants for milestones `leads` days before the event, each at the event's local time that many
 * days earlier. When the event is nearer than the longest lead, the whole plan is scaled into the time
 * that is left (each lead times left / (longest lead + 1)), so the order and spacing hold, the first
 * milestone falls after now and the last before the event: a milestone is never born (or moved) overdue.
 */
function scheduleLeads(leads: readonly number[], eventDate: string, timezone: string, now: Date): string[] {
  const planned = leads.map((lead) => shiftLocalDays(eventDate, timezone, -lead));
  const nowIso = formatInstant(DateTime.fromJSDate(now));
  if (planned.every((due) => due > nowIso)) return planned;
  const longestLead = Math.max(...leads);
  const leftMs = Math.max(0, Date.parse(eventDate) - now.getTime());
  const scaledDayMs = leftMs / (longestLead + 1);
  return leads.map((lead) => formatInstant(DateTime.fromMillis(Date.parse(eventDate) - lead * scaledDayMs)));
}

/** The default milestones of a new event, scheduled by `scheduleLeads`. */
export function defaultTimeline(type: EventType, eventDate: string, timezone: string, now: Date): DefaultTimelineItem[] {
  const milestones = milestonesByType[type];
  const dues = scheduleLeads(milestones.map((milestone) => milestone.daysBefore), eventDate, timezone, now);
  return milestones.map((milestone, index) => ({
    title: milestone.title,
    due_date: dues[index] as string,
    priority: milestone.priority,
    days_before_event: milestone.daysBefore,
  }));
}

export type MovableMilestone = { id: string; due_date: string; status: string; days_before_event?: number };

/**
 * Where the event's default milestones go when its date (or zone) changes: every unfinished item that
 * still carries `days_before_event` (a planner who sets its due date removes it) is rescheduled by the
 * rule it was created with, scaled over the leads of the items that move. Finished and planner-dated
 * items stay. Only items whose due instant changes are returned.
 */
export function movedMilestones<T extends MovableMilestone>(items: readonly T[], eventDate: string, timezone: string, now: Date): { item: T; due_date: string }[] {
  const movable = items.filter((item) => item.status !== 'completed' && typeof item.days_before_event === 'number');
  if (movable.length === 0) return [];
  const dues = scheduleLeads(movable.map((item) => item.days_before_event as number), eventDate, timezone, now);
  return movable.map((item, index) => ({ item, due_date: dues[index] as string })).filter((move) => move.due_date !== move.item.due_date);
}

export type NewEventPlan = {
  event: EventRecord;
  /** The default milestones' due instants (all open), the event's open-due item (shared/data/events/open-due.ts). */
  openDue: OpenDue;
  categories: readonly BudgetCategorySlug[];
  timeline: (DefaultTimelineItem & { id: string })[];
};

/**
 * A new event with its defaults: counters at zero except the timeline's, which count the default
 * milestones (all open), and its checklist counted (no tasks). Ids are handed in, so this stays pure.
 */
export function planNewEvent(
  draft: EventDraft,
  context: { eventId: string; organizerId: string; now: Date; newChildId: () => string },
): NewEventPlan {
  const timeline = defaultTimeline(defaultsTypeOf(draft.event_type), draft.event_date, draft.timezone, context.now).map((item) => ({
    ...item,
    id: context.newChildId(),
  }));
  const at = context.now.toISOString();
  const event: EventRecord = {
    ...zeroCounters(),
    ...draft,
    id: context.eventId,
    organizer_id: context.organizerId,
    created_at: at,
    updated_at: at,
    version: 1,
    timeline_total: timeline.length,
    checklist_count: 0,
  };
  const openDue = Object.fromEntries(timeline.map((item) => [item.id, item.due_date]));
  return { event, openDue, categories: defaultBudgetCategories(defaultsTypeOf(draft.event_type)), timeline };
}
