import type { Api } from './api.ts';
import type { DemoDates } from './dates.ts';

/**
 * The timeline: a wedding starts with its default milestones; the planners give them durations,
 * dependencies and owners, tick off what is done (a finished item constrains nothing) and add the steps
 * that link them, so the critical path runs through the longest open chain: tasting -> menu -> headcount
 * -> final payments -> rehearsal -> the wedding day.
 */
type Assignee = 'coordinator' | 'assistant';
type Step = { title: string; duration_days: number; depends_on?: string[]; assignee?: Assignee; completed?: boolean };
type NewStep = Step & { due_before_wedding: number; priority: 'low' | 'medium' | 'high' | 'critical' };

/** The default milestones of a wedding (shared/domain/events/defaults.ts), by title. */
const milestones: Step[] = [
  { title: 'Book the venue', duration_days: 10, completed: true },
  { title: 'Book the caterer', duration_days: 14, depends_on: ['Book the venue'], completed: true },
  { title: 'Book the photographer', duration_days: 7, completed: true },
  { title: 'Send save-the-dates', duration_days: 7, depends_on: ['Book the venue'], assignee: 'assistant', completed: true },
  { title: 'Choose attire', duration_days: 30 },
  { title: 'Send invitations', duration_days: 7, depends_on: ['Send save-the-dates'], assignee: 'assistant', completed: true },
  { title: 'Finalize the menu', duration_days: 20, depends_on: ['Menu tasting'], assignee: 'coordinator' },
  { title: 'Confirm the headcount', duration_days: 10, depends_on: ['Send invitations', 'Finalize the menu'], assignee: 'coordinator' },
  { title: 'Make final vendor payments', duration_days: 7, depends_on: ['Confirm the headcount'] },
  { title: 'Rehearsal', duration_days: 1, depends_on: ['Make final vendor payments'] },
];

/** New steps: the tasting is added before the milestones are linked (the menu waits for it), the rest after. */
const tasting: NewStep = { title: 'Menu tasting', due_before_wedding: 100, duration_days: 14, depends_on: ['Book the caterer'], priority: 'medium', assignee: 'coordinator' };
const closingSteps: NewStep[] = [
  { title: 'Seating plan', due_before_wedding: 14, duration_days: 5, depends_on: ['Confirm the headcount'], priority: 'high', assignee: 'assistant' },
  { title: 'The wedding day', due_before_wedding: 0, duration_days: 1, depends_on: ['Rehearsal', 'Seating plan'], priority: 'critical' },
];

export async function planTimeline(api: Api, token: string, eventId: string, dates: DemoDates, names: Record<Assignee, string>): Promise<void> {
  const { data } = await api.call<Array<{ id: string; title: string }>>('GET', `/api/events/${eventId}/timeline`, { token });
  const ids = new Map(data.map((item) => [item.title, item.id]));
  const idOf = (title: string) => {
    const id = ids.get(title);
    if (!id) throw new Error(`The timeline has no item "${title}"`);
    return id;
  };
  const links = (step: Step) => ({ duration_days: step.duration_days, depends_on: (step.depends_on ?? []).map(idOf), ...(step.assignee ? { assigned_to: names[step.assignee] } : {}) });
  const update = (step: Step) => api.call('PUT', `/api/timeline/${idOf(step.title)}`, { token, body: { ...links(step), ...(step.completed ? { status: 'completed' } : {}) } });
  const add = async (step: NewStep) => {
    const { data: item } = await api.call('POST', `/api/events/${eventId}/timeline`, {
      token, body: { title: step.title, due_date: dates.daysBeforeWedding(step.due_before_wedding), priority: step.priority, ...links(step) },
    });
    ids.set(step.title, item.id);
  };
  // In dependency order: an item's dependencies must exist when it names them.
  for (const step of milestones.filter((milestone) => milestone.completed)) await update(step);
  await add(tasting);
  for (const step of milestones.filter((milestone) => !milestone.completed)) await update(step);
  for (const step of closingSteps) await add(step);
}

/** The wedding checklist from its template, with the first few tasks ticked off. */
export async function planChecklist(api: Api, token: string, eventId: string, done: number): Promise<void> {
  await api.call('POST', `/api/events/${eventId}/checklist`, { token, body: { template: 'wedding' } });
  const { data } = await api.call('GET', `/api/events/${eventId}/checklist`, { token });
  const items = (data as Array<{ items: Array<{ id: string }> }>).flatMap((category) => category.items);
  for (const item of items.slice(0, done)) {
    await api.call('PUT', `/api/checklist/${item.id}`, { token, body: { completed: true } });
  }
}
