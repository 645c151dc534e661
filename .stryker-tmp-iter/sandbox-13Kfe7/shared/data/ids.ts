// @ts-nocheck
import { monotonicFactory } from 'ulid';

/**
 * Ids are ULIDs (time-ordered, 26 Crockford base32 characters). A child of an event carries its event's
 * id as a prefix, so `/api/guests/{id}` finds the item with one strongly consistent GetItem on the event's
 * item collection, with no lookup index. Callers treat ids as opaque.
 */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const CHILD = /^[0-9A-HJKMNP-TV-Z]{52}$/;

/** Monotonic within a container: ids made in the same millisecond still sort in the order they were made. */
const ulid = monotonicFactory();

export const newId = (): string => ulid();

export const newChildId = (eventId: string): string => `${eventId}${ulid()}`;

export const isId = (value: string): boolean => ULID.test(value);

/** The event id inside a child id, or null when the id is not one of ours. */
export function eventIdOfChild(childId: string): string | null {
  return CHILD.test(childId) ? childId.slice(0, 26) : null;
}
