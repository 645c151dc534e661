import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { outboxKeys, shardCounts } from '../../shared/data/keys.ts';
import { partitionsToRead, shardedPartition, shardOf } from '../../shared/data/shards/partition.ts';

describe('shardOf', () => {
  it('is stable: the same id lands in the same shard in every run and release', () => {
    // Pinned: a change here moves items written earlier out of the shard their writers recompute.
    expect([32, 16, 8].map((count) => shardOf('01JF8ZK3Q6W3V3M0X3Y9N1B2C4', count))).toEqual([25, 9, 1]);
    expect([32, 16, 8].map((count) => shardOf('notice-1', count))).toEqual([21, 5, 5]);
    expect(shardOf('notice-1', 32)).toBe(shardOf('notice-1', 32));
  });

  it('spreads ids evenly over the shards, ids made in the same millisecond too', () => {
    const counts = new Array<number>(8).fill(0);
    const time = Date.parse('2026-12-05T10:00:00Z');
    for (let n = 0; n < 3_200; n += 1) counts[shardOf(ulid(time), 8)]! += 1;

    // 400 expected per shard; a fair hash stays within ±25% (5 standard deviations).
    expect(Math.min(...counts)).toBeGreaterThan(300);
    expect(Math.max(...counts)).toBeLessThan(500);
  });

  it('answers a shard within range', () => {
    for (const id of ['a', 'b', 'event-with-a-long-id-0123456789']) {
      for (const count of [1, 2, 7, 32]) {
        expect(shardOf(id, count)).toBeGreaterThanOrEqual(0);
        expect(shardOf(id, count)).toBeLessThan(count);
      }
    }
  });
});

describe('sharded partition keys', () => {
  it('files an item under its shard, and readers read every shard and the legacy key', () => {
    expect(shardedPartition('DUE#2026-12-05', 'notice-1', 16)).toBe('DUE#2026-12-05#5');
    expect(partitionsToRead('DUE#2026-12-05', 3)).toEqual(['DUE#2026-12-05#0', 'DUE#2026-12-05#1', 'DUE#2026-12-05#2', 'DUE#2026-12-05']);
    expect(outboxKeys.partitionsToRead()).toContain(outboxKeys.partition('any-entry'));
    expect(outboxKeys.partitionsToRead()).toHaveLength(shardCounts.outbox + 1);
  });
});
