import type { BenchContext } from './scenario.ts';

type ListBody = { data?: unknown; meta?: { next_cursor?: string | null } };

/**
 * The request side of every list row: each call reads the next page of `path` (from the first again when
 * the list ends, or always the first when the route is not paged) and keeps what `keep` takes of it for
 * that request's raw reads, which run after it with the same index.
 */
export function pageWalk<T>(context: BenchContext, token: string, path: string, query: string, keep: (body: ListBody) => T, paged = true) {
  let cursor: string | null = null;
  const kept: T[] = [];
  return {
    kept,
    next: async (): Promise<void> => {
      const search = [query, cursor ? `cursor=${cursor}` : ''].filter(Boolean).join('&');
      const response = await context.api('GET', `${path}${search ? `?${search}` : ''}`, { token });
      if (response.status !== 200) throw new Error(`GET ${path}?${query}: ${response.status} ${JSON.stringify(response.body)}`);
      const body = response.body as ListBody;
      kept.push(keep(body));
      cursor = paged ? (body.meta?.next_cursor ?? null) : null;
    },
  };
}
