// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../shared/http/middleware/json-body.ts';

describe('the JSON nesting limit of request bodies', () => {
  it('counts arrays and objects together, up to the limit and one past it', () => {
    const nested = (depth: number) => `${'{"a":['.repeat(depth / 2)}1${']}'.repeat(depth / 2)}`;

    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 2), MAX_JSON_DEPTH)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ note: `${'{['.repeat(500)} \\" ${'"{'.repeat(500)}` });

    expect(nestsDeeperThan(text, 2)).toBe(false);
  });

  it('reads 10,000 levels without recursion', () => {
    expect(nestsDeeperThan('['.repeat(10_000) + ']'.repeat(10_000), MAX_JSON_DEPTH)).toBe(true);
  });
});
