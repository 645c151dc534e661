// @ts-nocheck
import { DateTime } from 'luxon';
import type { EventDraft } from '../schemas/events.ts';
import { type EventRecord, type EventType, formatInstant, shiftLocalDays, zeroCounters } from './event-rules.ts';

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
 * The default milestones of an event, each at the event's local time `daysBefore` days earlier. A
 * milestone whose date has already passed when the event is created is due now instead (an event planned
 * at short notice still gets its to-dos, not a wall of overdue items), and nothing is due after the event.
 */
export function defaultTimeline(type: EventType, eventDate: string, timezone: string, now: Date): DefaultTimelineItem[] {
  const nowIso = formatInstant(DateTime.fromJSDate(now));
  const earliest = nowIso < eventDate ? nowIso : eventDate;
  return milestonesByType[type].map((milestone) => {
    const planned = shiftLocalDays(eventDate, timezone, -milestone.daysBefore);
    return {
      title: milestone.title,
      due_date: planned < earliest ? earliest : planned,
      priority: milestone.priority,
      days_before_event: milestone.daysBefore,
    };
  });
}

export type NewEventPlan = {
  event: EventRecord;
  categories: readonly BudgetCategorySlug[];
  timeline: (DefaultTimelineItem & { id: string })[];
};

/**
 * A new event with its defaults: counters at zero except the timeline's, which count the default
 * milestones (all open). Ids are handed in, so this stays pure.
 */
export function planNewEvent(
  draft: EventDraft,
  context: { eventId: string; organizerId: string; now: Date; newChildId: () => string },
): NewEventPlan {
  const timeline = defaultTimeline(draft.event_type, draft.event_date, draft.timezone, context.now).map((item) => ({
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
    timeline_open_due: Object.fromEntries(timeline.map((item) => [item.id, item.due_date])),
  };
  return { event, categories: defaultBudgetCategories(draft.event_type), timeline };
}
