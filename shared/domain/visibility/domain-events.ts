import type { DomainEvent } from '../domain-events/contract.ts';
import { notificationArea } from '../notifications/rules.ts';
import { auditEventFieldAreas } from './fields.ts';
import { mayRead, type Rights } from './rights.ts';

/**
 * A domain event as one team member may hear of it (their notification, its email, a real-time push), or
 * null when they may not: the event's area must be readable, and an event change keeps only the fields
 * of areas the member reads. A change left with no field they may see is not news to them at all.
 */
export function visibleDomainEvent(event: DomainEvent, rights: Rights): DomainEvent | null {
  if (!mayRead(rights, notificationArea(event))) return null;
  if (event.type !== 'event.changed' && event.type !== 'event.cancelled') return event;
  const shown = (field: unknown) => {
    const area = auditEventFieldAreas[String(field)];
    return area === undefined || mayRead(rights, area);
  };
  const fields = Array.isArray(event.detail.fields) ? event.detail.fields : [];
  const changes = Array.isArray(event.detail.changes) ? (event.detail.changes as Array<{ field?: unknown }>) : [];
  const visibleFields = fields.filter(shown);
  // A cancellation is news whatever else changed with it; a plain change only when something visible changed.
  if (event.type === 'event.changed' && fields.length > 0 && visibleFields.length === 0) return null;
  const detail: Record<string, unknown> = { ...event.detail };
  if ('fields' in detail) detail.fields = visibleFields;
  if ('changes' in detail) detail.changes = changes.filter((change) => shown(change.field));
  return { ...event, detail };
}
