import { createHash } from 'node:crypto';

/**
 * Write sharding of the cross-tenant GSI2 partitions (docs/data-model.md, "Hot keys"): an item is filed
 * under `<family key>#<shard>`, its shard a stable hash of its own id, so one family's writes spread over
 * `count` partitions and its readers Query each of them (mergedIndexPages).
 */

/** The shard (0 ≤ shard < count) of an id: the first 32 bits of its SHA-256 mod count — the same in every runtime and release. */
export function shardOf(id: string, count: number): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) % count;
}

/** `<base>#<shard of id>`. */
export const shardedPartition = (base: string, id: string, count: number) => `${base}#${shardOf(id, count)}`;

/** Every shard of a family, then the unsharded key items written before sharding still carry (read until issue 19 re-files them). */
export const partitionsToRead = (base: string, count: number): string[] => [
  ...Array.from({ length: count }, (_, shard) => `${base}#${shard}`),
  base,
];
