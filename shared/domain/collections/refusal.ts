import { CollectionFullError } from '../../http/errors.ts';
import { type CappedCollection, collectionCap, collectionFullDetail } from './caps.ts';

/** The 409 collection_full of an add of `adding` items that the collection's cap refused. */
export function collectionFull(collection: CappedCollection, adding: number): CollectionFullError {
  const max = collectionCap(collection);
  return new CollectionFullError(collectionFullDetail(collection, max, adding), { collection, max });
}
