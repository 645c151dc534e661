import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/**
 * Ids are ULIDs (time-ordered, 26 Crockford base32 characters). A child of an event carries its event's
 * id as a prefix, so `/api/guests/{id}` finds the item with one strongly consistent GetItem on the event's
 * item collection, with no lookup index. Callers treat ids as opaque.
 */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const CHILD = /^[0-9A-HJKMNP-TV-Z]{52}$/;

/**
 * The random part's source: the library's default asks the platform's crypto for one byte per character
 * (16 calls, and a new array each, per id); this takes the same cryptographic bytes from a pool refilled
 * 4 KB at a time, with the same distribution (a byte over 256).
 */
const pool = new Uint8Array(4096);
let used = pool.length;
function pooledRandom(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return (pool[used++] as number) / 256;
}

/** Monotonic within a container: ids made in the same millisecond still sort in the order they were made. */
const ulid = monotonicFactory(pooledRandom);

export const newId = (): string => ulid();

export const newChildId = (eventId: string): string => `${eventId}${ulid()}`;

export const isId = (value: string): boolean => ULID.test(value);

/** The event id inside a child id, or null when the id is not one of ours. */
export function eventIdOfChild(childId: string): string | null {
  return CHILD.test(childId) ? childId.slice(0, 26) : null;
}
