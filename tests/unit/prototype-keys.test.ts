import { describe, expect, it } from 'vitest';
import { prototypeKeyProblems } from '../../shared/http/body/prototype-keys.ts';

describe('prototype keys in a parsed body', () => {
  it('finds them at any depth, in objects and list items, with their paths', () => {
    const body = JSON.parse('{"__proto__":{"x":1},"allocations":{"constructor":7,"venue":1},"guest_list":[{"name":"a"},{"prototype":{"constructor":1}}]}');

    expect(prototypeKeyProblems(body).map((problem) => problem.path)).toEqual(['__proto__', 'allocations.constructor', 'guest_list.1.prototype']);
  });

  it('lets ordinary bodies and values that merely say "constructor" through', () => {
    expect(prototypeKeyProblems({ name: 'constructor', notes: '__proto__', list: ['prototype'], nested: { deep: [{ a: 1 }] } })).toEqual([]);
    expect(prototypeKeyProblems(null)).toEqual([]);
    expect(prototypeKeyProblems('text')).toEqual([]);
  });
});
