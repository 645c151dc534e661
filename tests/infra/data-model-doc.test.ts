import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { budgetChangeKeys, dueKeys, outboxKeys, shardCounts } from '../../shared/data/keys.ts';
import { tableDefinition } from '../../shared/data/table.ts';

/**
 * docs/data-model.md and the table definition (which the stack builds the table from) must name the same
 * indexes with the same key attributes.
 */
const docUrl = new URL('../../docs/data-model.md', import.meta.url);

describe('docs/data-model.md against the table definition', () => {
  it('exists', () => {
    expect(existsSync(docUrl), 'docs/data-model.md is missing').toBe(true);
  });

  const doc = existsSync(docUrl) ? readFileSync(docUrl, 'utf8') : '';
  const tableRows = doc.split('\n').filter((line) => line.trimStart().startsWith('|'));

  it.each(tableDefinition.indexes.map((index) => [index.name, index] as const))(
    'documents index %s with its key attributes in one table row',
    (name, index) => {
      const row = tableRows.find(
        (line) => line.includes(`\`${name}\``) && line.includes(`\`${index.partitionKey}\``) && line.includes(`\`${index.sortKey}\``),
      );

      expect(row, `no table row names ${name}, ${index.partitionKey} and ${index.sortKey}`).toBeDefined();
    },
  );

  it('names no index the table does not have', () => {
    const documented = new Set([...doc.matchAll(/\bgsi\d+\b/g)].map(([name]) => name));
    const defined = tableDefinition.indexes.map((index) => index.name);

    expect(documented.size).toBeGreaterThan(0);
    expect([...documented].filter((name) => !(defined as readonly string[]).includes(name))).toEqual([]);
  });

  it('documents the table keys and the TTL attribute', () => {
    for (const attribute of [tableDefinition.partitionKey, tableDefinition.sortKey, tableDefinition.ttlAttribute]) {
      expect(doc).toContain(`\`${attribute}\``);
    }
  });

  // The legacy (unsharded) key is the last partition a reader Queries; the doc names the sharded form.
  it.each([
    ['outbox', shardCounts.outbox, outboxKeys.partitionsToRead().at(-1)],
    ['due', shardCounts.due, dueKeys.partitionsToRead('<day>').at(-1)],
    ['budgetChange', shardCounts.budgetChange, budgetChangeKeys.partitionsToRead('<day>').at(-1)],
  ] as const)('documents the %s family with its shard count in the hot keys table', (_family, count, legacy) => {
    const row = tableRows.find((line) => line.includes(`\`${legacy}#<shard>\``) && line.trimEnd().endsWith(`| ${count} |`));

    expect(row, `no row documents ${legacy}#<shard> with ${count} shards`).toBeDefined();
  });
});
