// @ts-nocheck
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { apiClient } from './support/api-client.ts';
import { startTestStack } from './support/local-stack.ts';

/**
 * One person's whole visit, over HTTP through the local API Gateway: sign up, plan an event, change it,
 * read its history, delete it, sign out, and find the old token refused.
 */
let stack: LocalStack;
let call: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack();
  call = apiClient(stack.apiUrl);
});

afterAll(async () => {
  await stack?.stop();
});

describe('a user journey', () => {
  it('registers, manages an event end to end and logs out', async () => {
    const suffix = randomUUID().slice(0, 8);
    const nextYear = new Date().getUTCFullYear() + 1;

    const registered = await call('POST', '/api/auth/register', {
      body: { username: `journey_${suffix}`, email: `journey.${suffix}@example.com`, password: 'a long and unusual passphrase', full_name: 'Journey Tester' },
    });
    expect(registered.status).toBe(201);
    const token: string = registered.body.data.access_token;
    expect(registered.body.data.token_type).toBe('Bearer');

    const created = await call('POST', '/api/events', {
      token,
      body: { name: 'Summer party', event_date: `${nextYear}-06-20T18:00:00Z`, event_type: 'party', location_name: 'The garden' },
    });
    expect(created.status).toBe(201);
    const eventId: string = created.body.data.id;
    expect(created.headers.get('location')).toContain(eventId);

    const listed = await call('GET', '/api/events', { token });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((event: { id: string }) => event.id)).toContain(eventId);

    const read = await call('GET', `/api/events/${eventId}`, { token });
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ id: eventId, name: 'Summer party', role: 'organizer' });

    const updated = await call('PUT', `/api/events/${eventId}`, {
      token,
      headers: { 'if-match': String(read.body.data.version) },
      body: { name: 'Midsummer party' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data.name).toBe('Midsummer party');

    const activity = await call('GET', `/api/events/${eventId}/activity`, { token });
    expect(activity.status).toBe(200);
    expect(activity.body.data.length).toBeGreaterThanOrEqual(2);
    const times: string[] = activity.body.data.map((entry: { at: string }) => entry.at);
    expect([...times].sort().reverse()).toEqual(times);

    const deleted = await call('DELETE', `/api/events/${eventId}`, { token });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ data: { id: eventId, deleted: true } });
    expect((await call('GET', `/api/events/${eventId}`, { token })).status).toBe(404);

    const loggedOut = await call('POST', '/api/auth/logout', { token });
    expect(loggedOut.status).toBe(200);

    const afterLogout = await call('GET', '/api/auth/user', { token });
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body.code).toBe('unauthorized');
  });
});
