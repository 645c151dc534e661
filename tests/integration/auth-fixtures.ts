import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../functions/auth/handler.ts';
import { db, tableName } from '../../shared/data/client.ts';
import type { Key } from '../../shared/data/keys.ts';
import type { HttpMethod } from '../../shared/routes.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';
import { emailsFor, runSender } from './invitations-fixtures.ts';

/** Shared arrangements of the auth integration tests: typed requests to the real handler. */
export type Registration = { username: string; email: string; password: string; full_name: string; phone?: string };

export function newRegistration(overrides: Partial<Registration> = {}): Registration {
  const suffix = randomUUID().slice(0, 8);
  return {
    username: `user_${suffix}`,
    email: `person.${suffix}@example.com`,
    password: `violet-kettle-${suffix}`,
    full_name: 'Ada Lovelace',
    ...overrides,
  };
}

export function call(
  method: HttpMethod,
  path: string,
  options: { body?: unknown; rawBody?: string; token?: string; sourceIp?: string; headers?: Record<string, string> } = {},
) {
  return invoke(handler, makeHttpEvent({ method, path, ...options }));
}

/** From a fresh address unless one is given, so the per-address registration limit is not what a test meets. */
export const register = (registration: Registration, sourceIp: string = freshIp(), headers?: Record<string, string>) =>
  call('POST', '/api/auth/register', { body: registration, sourceIp, ...(headers ? { headers } : {}) });

export const login = (body: Record<string, unknown>, sourceIp = '203.0.113.10') =>
  call('POST', '/api/auth/login', { body, sourceIp });

export const refresh = (refreshToken: string) => call('POST', '/api/auth/refresh', { body: { refresh_token: refreshToken } });

export const currentUser = (token: string) => call('GET', '/api/auth/user', { token });

/** A registered account and its first tokens; fails the test when registration does not answer 201. */
export async function registered(overrides: Partial<Registration> = {}) {
  const registration = newRegistration(overrides);
  const response = await register(registration);
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${JSON.stringify(response.body)}`);
  return {
    registration,
    userId: response.body.data.user.id as string,
    accessToken: response.body.data.access_token as string,
    refreshToken: response.body.data.refresh_token as string,
  };
}

/** An item straight from the table (strongly consistent), to check what was or was not written. */
export async function storedItem(key: Key): Promise<Record<string, unknown> | undefined> {
  return (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
}

/** A problem body without its per-request id, to compare two answers. */
export const withoutRequestId = (body: Record<string, unknown>) => {
  const { request_id: _requestId, ...rest } = body;
  return rest;
};

/** A fresh documentation-range address, so each test's per-address counter starts at zero. */
let nextAddress = 1;
export const freshIp = (): string => `192.0.${2 + Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;

/** The token in a verification link (`/verify-email/<token>`) of a mail's text. */
export const verificationTokenIn = (text: string | undefined): string => decodeURIComponent(/\/verify-email\/(\S+)/.exec(text ?? '')?.[1] ?? '');

/** Runs the outbox sender and answers the token of the newest mail with this subject to `address`. */
export async function mailedVerificationToken(address: string, subject = 'Confirm your email address'): Promise<string> {
  await runSender();
  const mails = (await emailsFor(address)).filter((mail) => mail.subject === subject);
  return verificationTokenIn(mails.at(-1)?.body.text);
}
