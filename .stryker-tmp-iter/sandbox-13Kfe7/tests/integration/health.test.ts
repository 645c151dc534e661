// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/health/handler.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';

describe('GET /api/health', () => {
  it('answers ok when the table answers', async () => {
    const response = await invoke(handler, makeHttpEvent({ method: 'GET', path: '/api/health' }));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { status: 'ok' } });
    expect(response.headers['X-Request-Id']).toBeTruthy();
  });
});
