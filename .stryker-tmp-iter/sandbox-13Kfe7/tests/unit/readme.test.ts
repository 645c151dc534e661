// @ts-nocheck
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../shared/routes.ts';

describe('README endpoint list', () => {
  it('lists exactly the routes of the route table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const listed = [...readme.matchAll(/^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \| (public|protected) \|/gm)].map(
      ([, method, path, access]) => `${method} ${path} ${access}`,
    );

    const expected = routes.map((route) => `${route.method} ${route.path} ${route.access}`);

    expect(listed.sort()).toEqual(expected.sort());
  });
});
