import type { EventType } from '../events/rules.ts';

/**
 * Default checklists by event type, applied on request (`POST /api/events/{id}/checklist` with
 * `template`). Each entry is a category and a task; applying a template adds only the tasks the event does
 * not already have (same category and task, ignoring case), so applying it twice adds nothing.
 */
export type ChecklistTemplateEntry = { category: string; task: string };

const entries = (category: string, ...tasks: string[]): ChecklistTemplateEntry[] => tasks.map((task) => ({ category, task }));

const common = {
  guests: entries('guests', 'Draft the guest list', 'Collect addresses and emails', 'Send invitations', 'Chase missing RSVPs'),
  day: entries('on the day', 'Prepare a day-of schedule', 'Share contact numbers with the team', 'Pack an emergency kit'),
};

export const checklistTemplates: Record<EventType, readonly ChecklistTemplateEntry[]> = {
  wedding: [
    ...entries('venue', 'Visit and book the ceremony venue', 'Book the reception venue', 'Confirm the seating plan'),
    ...entries('vendors', 'Book the caterer', 'Book the photographer', 'Book the florist', 'Book music or a DJ', 'Order the cake'),
    ...entries('attire', 'Choose the wedding attire', 'Arrange fittings', 'Buy the rings'),
    ...common.guests,
    ...entries('legal', 'Give notice of marriage', 'Book the officiant'),
    ...common.day,
  ],
  conference: [
    ...entries('venue', 'Book the venue and rooms', 'Arrange AV and Wi-Fi', 'Plan signage'),
    ...entries('program', 'Confirm speakers', 'Publish the agenda', 'Collect slides'),
    ...entries('attendees', 'Open registration', 'Send joining instructions', 'Print badges'),
    ...entries('vendors', 'Book catering', 'Book photography'),
    ...common.day,
  ],
  party: [
    ...entries('venue', 'Book the venue'),
    ...entries('food and drink', 'Plan the menu', 'Order drinks'),
    ...entries('decor', 'Buy decorations', 'Plan the playlist'),
    ...common.guests,
    ...common.day,
  ],
  meeting: [
    ...entries('venue', 'Book the room', 'Check the video link'),
    ...entries('content', 'Send the agenda', 'Share pre-reading', 'Assign a note-taker'),
    ...entries('catering', 'Order refreshments'),
  ],
  birthday: [
    ...entries('venue', 'Book the venue'),
    ...entries('food and drink', 'Order the cake', 'Plan the menu'),
    ...entries('decor', 'Buy decorations', 'Buy the present'),
    ...common.guests,
  ],
  corporate: [
    ...entries('venue', 'Book the venue', 'Arrange AV'),
    ...entries('vendors', 'Book catering', 'Book entertainment', 'Book photography'),
    ...entries('approvals', 'Get budget sign-off', 'Confirm the guest of honour'),
    ...common.guests,
    ...common.day,
  ],
  other: [
    ...entries('venue', 'Book the venue'),
    ...entries('vendors', 'Book catering'),
    ...common.guests,
    ...common.day,
  ],
};
