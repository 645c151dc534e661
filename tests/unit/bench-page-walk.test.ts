import { describe, expect, it } from 'vitest';
import { pageWalk } from '../../bench/page-walk.ts';
import type { BenchContext } from '../../bench/scenario.ts';

/** A list of five items in pages of two, behind the bench's API call; records the paths it was asked. */
function fakeList(status = 200) {
  const asked: string[] = [];
  const items = ['a', 'b', 'c', 'd', 'e'];
  const api = async (_method: string, path: string) => {
    asked.push(path);
    const cursor = Number(new URL(path, 'http://bench').searchParams.get('cursor') ?? 0);
    const next = cursor + 2 < items.length ? String(cursor + 2) : null;
    return { status, body: { data: items.slice(cursor, cursor + 2), meta: { next_cursor: next } } };
  };
  return { asked, context: { api } as unknown as BenchContext };
}

describe('pageWalk', () => {
  it('reads the next page on each call, from the first again after the last, keeping what it is told', async () => {
    const { asked, context } = fakeList();
    const pages = pageWalk(context, 'token', '/api/list', 'limit=2', (body) => body.data as string[]);

    for (let call = 0; call < 4; call += 1) await pages.next();

    expect(pages.kept).toEqual([['a', 'b'], ['c', 'd'], ['e'], ['a', 'b']]);
    expect(asked).toEqual(['/api/list?limit=2', '/api/list?limit=2&cursor=2', '/api/list?limit=2&cursor=4', '/api/list?limit=2']);
  });

  it('reads the first page every time for a route that is not paged, without an empty query', async () => {
    const { asked, context } = fakeList();
    const pages = pageWalk(context, 'token', '/api/list', '', (body) => (body.data as string[]).length, false);

    await pages.next();
    await pages.next();

    expect(asked).toEqual(['/api/list', '/api/list']);
    expect(pages.kept).toEqual([2, 2]);
  });

  it('stops the row on an answer other than 200, so a refused request is never timed as a page', async () => {
    const { context } = fakeList(403);
    const pages = pageWalk(context, 'token', '/api/list', 'limit=2', (body) => body);

    await expect(pages.next()).rejects.toThrow('GET /api/list?limit=2: 403');
    expect(pages.kept).toEqual([]);
  });
});
