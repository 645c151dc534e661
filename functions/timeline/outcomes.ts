import type { TimelineWriteOutcome } from '#shared/data/timeline.ts';
import type { TimelineItem } from '#shared/domain/timeline/plan.ts';
import { collectionFull } from '#shared/domain/collections/refusal.ts';
import { ConflictError, HttpError, NotFoundError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';

/** 400 naming the cycle a dependency change would close, by title and id, first item repeated last. */
export class DependencyCycleError extends HttpError {
  constructor(cycle: string[], items: readonly Pick<TimelineItem, 'id' | 'title'>[]) {
    const titles = new Map(items.map((item) => [item.id, item.title]));
    const named = cycle.map((id) => `"${titles.get(id) ?? 'this item'}" (${id})`).join(' -> ');
    const message = `These dependencies would make a cycle: ${named}.`;
    super(400, 'dependency_cycle', 'Dependency cycle', message, { errors: [{ path: 'depends_on', message }] });
  }
}

export const dependenciesUnfinished = (unfinished: readonly Pick<TimelineItem, 'id' | 'title'>[]) =>
  new ConflictError(
    'dependencies_unfinished',
    `Finish its dependencies first (${unfinished.map((item) => `"${item.title}"`).join(', ')}), or send "force": true.`,
  );

/** Throws the answer for a timeline write that did not happen; returns for one that did. */
export function assertTimelineSaved(outcome: TimelineWriteOutcome): void {
  switch (outcome) {
    case 'saved':
      return;
    case 'event_gone':
      throw new NotFoundError('event');
    case 'item_changed':
      throw new VersionConflictError();
    case 'graph_changed':
      throw new ConflictError('timeline_changed', "The timeline's dependencies changed meanwhile; reload it and retry.");
    case 'dependency_reopened':
      throw new ConflictError('dependencies_unfinished', 'A dependency was reopened meanwhile; finish it first, or send "force": true.');
    case 'collection_full':
      throw collectionFull('timeline', 1);
    case 'assignee_not_on_team':
      throw new ValidationError([{ path: 'assigned_to', message: "Not a member of this event's team (use a member's user id or a name)" }]);
  }
}
